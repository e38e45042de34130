"""The same client-side scenarios, run against the recorded replies (served by respx) and
against the live sandbox: what a client concludes from a reply must not depend on which
of the two answered."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

ZG = "zendesk-go/zendesk/test_files/responses/"
RECORDED_BASE = "https://example.zendesk.com/api/v2/"


@dataclass(frozen=True)
class Scenario:
    recorded: str
    status: int
    live: Callable[[Any], httpx.Response]
    check: Callable[[dict[str, Any]], None]


def _cursor_page_with_more(body: dict[str, Any]) -> None:
    assert body["meta"]["has_more"] is True
    assert "page%5Bafter%5D=" in body["links"]["next"]
    assert all(isinstance(b["id"], int) and b["url"].endswith(".json") for b in body["brands"])


def _last_cursor_page(body: dict[str, Any]) -> None:
    assert body["meta"]["has_more"] is False
    assert "count" not in body


def _record_invalid(body: dict[str, Any]) -> None:
    assert (body["error"], body["description"]) == ("RecordInvalid", "Record validation errors")
    for errors in body["details"].values():
        assert all(isinstance(e["description"], str) for e in errors)


def _options(body: dict[str, Any]) -> None:
    options = body["ticket_field"]["custom_field_options"]
    assert options
    for option in options:
        assert isinstance(option["id"], int) and isinstance(option["default"], bool)
        assert option["name"] and option["value"]


def _equals(expected: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    def check(body: dict[str, Any]) -> None:
        assert body == expected

    return check


def _upload(body: dict[str, Any]) -> None:
    upload = body["upload"]
    assert isinstance(upload["token"], str) and isinstance(upload["attachments"], list)


SCENARIOS = {
    "cursor page with more": Scenario(
        ZG + "account_configuration/brand/list_page1_200.json", 200,
        lambda w: w.api.get("brands", params={"page[size]": 1}), _cursor_page_with_more),
    "last cursor page": Scenario(
        ZG + "account_configuration/brand/list_page2_200.json", 200,
        lambda w: w.api.get("brands", params={"page[size]": 100}), _last_cursor_page),
    "422 with details": Scenario(
        ZG + "support/users/create_422.json", 422,
        lambda w: w.api.post("users", json={"user": {"name": ""}}), _record_invalid),
    "closed ticket update": Scenario(
        ZG + "errors/422_record_invalid.json", 422,
        lambda w: w.api.put(f"tickets/{w.ids['closed']}", json={"ticket": {"status": "open"}}),
        _record_invalid),
    "401": Scenario(
        ZG + "support/tickets/show_401.json", 401,
        lambda w: httpx.get(w.server.base_url() + "tickets/1.json"),
        _equals({"error": "Couldn't authenticate you"})),
    "404": Scenario(
        "zendesk-go/test_files/responses/support/tickets/show_404.json", 404,
        lambda w: w.api.get("tickets/424242"),
        _equals({"error": "RecordNotFound", "description": "Not found"})),
    "field options": Scenario(
        ZG + "support/ticket_field/show_200.json", 200,
        lambda w: w.api.get(f"ticket_fields/{w.ids['ticket_field']}"), _options),
    "upload": Scenario(
        ZG + "support/ticket_attachment/upload_200.json", 201,
        lambda w: w.api.post("uploads", params={"filename": "a.txt"}, content=b"a"), _upload),
}  # fmt: skip


def _recorded_reply(root: Path, scenario: Scenario) -> httpx.Response:
    body = json.loads((root / scenario.recorded).read_text())
    with respx.mock(base_url=RECORDED_BASE) as mock:
        mock.route().mock(return_value=httpx.Response(scenario.status, json=body))
        return httpx.get(RECORDED_BASE + "anything.json")


@pytest.fixture(scope="module")
def with_closed(world: Any) -> Any:
    ticket = {"subject": "Done", "status": "closed", "comments": [{"value": "bye"}]}
    made = world.api.post("imports/tickets", json={"ticket": ticket}).json()["ticket"]
    world.ids["closed"] = made["id"]
    return world


@pytest.mark.parametrize("backend", ["recorded", "sandbox"])
@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_scenario_concludes_the_same_on_recordings_and_sandbox(
    name: str, backend: str, with_closed: Any, zendesk_fixtures: Path
) -> None:
    scenario = SCENARIOS[name]
    if backend == "recorded":
        reply = _recorded_reply(zendesk_fixtures, scenario)
    else:
        reply = scenario.live(with_closed)
    assert reply.status_code == scenario.status
    scenario.check(reply.json())
