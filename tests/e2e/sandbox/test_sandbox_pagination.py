"""Both pagination styles walk a 250-object list to the end; offset stops at 10,000 records."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from helpctl.sandbox.runner import SandboxServer


@pytest.fixture
def groups_250(sandbox: SandboxServer, api: httpx.Client) -> set[str]:
    names = {f"Group {n:03d}" for n in range(250)}
    for name in sorted(names):
        api.post("groups", json={"group": {"name": name}}).raise_for_status()
    return names


def test_cursor_pagination_follows_links_next_to_the_end(
    api: httpx.Client, groups_250: set[str]
) -> None:
    seen: list[str] = []
    url: str | None = "groups.json?page[size]=100"
    pages = 0
    while url:
        page = api.get(url).json()
        seen += [g["name"] for g in page["groups"]]
        pages += 1
        url = page["links"]["next"] if page["meta"]["has_more"] else None
        assert "count" not in page
    assert pages == 3
    assert len(seen) == len(set(seen))
    assert groups_250 <= set(seen)


def test_cursor_pagination_walks_back_with_page_before(
    api: httpx.Client, groups_250: set[str]
) -> None:
    first = api.get("groups", params={"page[size]": 100}).json()
    second = api.get(first["links"]["next"]).json()
    back = api.get(second["links"]["prev"]).json()
    assert [g["id"] for g in back["groups"]] == [g["id"] for g in first["groups"]]
    assert back["meta"]["has_more"] is False  # nothing before the first page


def test_offset_pagination_follows_next_page_with_count(
    api: httpx.Client, groups_250: set[str]
) -> None:
    seen: list[str] = []
    url: str | None = "groups?per_page=100"
    counts = set()
    while url:
        page = api.get(url).json()
        seen += [g["name"] for g in page["groups"]]
        counts.add(page["count"])
        url = page["next_page"]
    assert counts == {len(seen)}
    assert groups_250 <= set(seen)


def test_per_page_is_capped_at_100(api: httpx.Client, groups_250: set[str]) -> None:
    page = api.get("groups", params={"per_page": 500}).json()
    assert len(page["groups"]) == 100


@pytest.mark.parametrize(("page", "per_page"), [(101, 100), (10_001, 1), (201, 50)])
def test_offset_page_past_10000_records_is_refused_with_400(
    api: httpx.Client, page: int, per_page: int
) -> None:
    reply = api.get("groups", params={"page": page, "per_page": per_page})
    assert reply.status_code == 400
    assert reply.json()["error"] == "InvalidPaginationParameter"


def test_last_offset_page_within_10000_records_is_served(api: httpx.Client) -> None:
    assert api.get("groups", params={"page": 100, "per_page": 100}).status_code == 200


def test_ticket_forms_are_not_paginated(
    api: httpx.Client, connect: Callable[..., httpx.Client]
) -> None:
    for n in range(3):
        api.post("ticket_forms", json={"ticket_form": {"name": f"Form {n}"}}).raise_for_status()
    page = api.get("ticket_forms", params={"per_page": 1}).json()
    assert len(page["ticket_forms"]) == 3
    assert page["next_page"] is None
    assert page["count"] == 3


def test_search_endpoints_are_offset_only(api: httpx.Client) -> None:
    api.post("users", json={"user": {"name": "Ann", "email": "ann@example.com"}})
    page = api.get("users/search", params={"query": "ann@example.com", "page[size]": 1}).json()
    assert page["count"] == 1 and "meta" not in page
