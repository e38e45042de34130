"""The zendesk source reads another account through an injected client (a fake one here)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from helpctl.errors import SourceError
from helpctl.migrate.sources import open_source
from helpctl.migrate.sources.zendesk import ZendeskSource

ACCOUNT = Path(__file__).resolve().parents[2] / "fixtures" / "migrate" / "zendesk" / "account.json"


class FakeAccount:
    """Answers the few calls the source makes from a recorded-shape account file."""

    def __init__(self, page_size: int = 2) -> None:
        self.data = json.loads(ACCOUNT.read_text(encoding="utf-8"))
        self.page_size = page_size
        self.calls: list[str] = []

    def get(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        self.calls.append(path)
        params = params or {}
        if path == "users/show_many":
            ids = set(str(params["ids"]).split(","))
            return {"users": [u for u in self.data["users"] if str(u["id"]) in ids]}
        assert path == "incremental/tickets/cursor"
        start = int(params.get("cursor", 0))
        page = self.data["tickets"][start : start + self.page_size]
        after = start + len(page)
        done = after >= len(self.data["tickets"])
        return {"tickets": page, "after_cursor": str(after), "end_of_stream": done}

    def iter_items(
        self, path: str, key: str, *, pagination: Any = "cursor", params: Any = None
    ) -> Iterator[dict[str, Any]]:
        self.calls.append(path)
        if path.startswith("tickets/"):
            yield from self.data["comments"].get(path.split("/")[1], [])
        else:
            yield from self.data[key]


@pytest.fixture
def account() -> FakeAccount:
    return FakeAccount()


def read(account: FakeAccount) -> dict[str, Any]:
    source = open_source(
        {"kind": "zendesk", "instance": "old"}, Path("."), client_factory=lambda spec: account
    )
    assert isinstance(source, ZendeskSource)
    return {t.source_id: t for t in source.tickets()}


def test_every_live_ticket_of_the_export_is_read_across_pages(account: FakeAccount) -> None:
    tickets = read(account)
    live = [str(t["id"]) for t in account.data["tickets"] if t["status"] != "deleted"]
    assert list(tickets) == live
    assert account.calls.count("incremental/tickets/cursor") == 2


def test_ids_become_names_and_comments_keep_visibility_and_attachments(
    account: FakeAccount,
) -> None:
    ticket = read(account)["1"]
    assert (ticket.group, ticket.brand) == ("Billing", "Old Brand")
    assert ticket.custom == {"Contact reason": "reason_billing"}
    first, second = ticket.comments
    assert first.html and first.body == "<p>I want my money back</p>"
    assert not second.public and not second.html
    assert second.attachments[0].url and second.attachments[0].size == 2048
    assert ticket.users["102"].role == "agent"
    assert ticket.users["101"].name == "Анна Петрова"


def test_suspended_users_are_marked_deleted(account: FakeAccount) -> None:
    ticket = read(account)["3"]
    assert ticket.users["103"].deleted


def test_names_are_read_once_per_run(account: FakeAccount) -> None:
    read(account)
    assert account.calls.count("groups") == 1


def test_without_a_client_factory_the_source_says_how_to_run_it() -> None:
    with pytest.raises(SourceError, match="connection"):
        open_source({"kind": "zendesk", "instance": "old"}, Path("."))
