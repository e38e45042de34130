"""The sandbox's webhooks and custom statuses behave as Zendesk documents them."""

from __future__ import annotations

from typing import Any

import httpx

HOOK: dict[str, Any] = {
    "name": "CRM",
    "endpoint": "https://crm.example.com/in",
    "http_method": "POST",
    "request_format": "json",
    "status": "active",
    "subscriptions": ["conditional_ticket_events"],
}
BEARER = {"type": "bearer_token", "add_position": "header", "data": {"token": "t-1"}}


def _hook(api: httpx.Client, **extra: Any) -> dict[str, Any]:
    reply = api.post("webhooks", json={"webhook": {**HOOK, **extra}})
    assert reply.status_code == 201, reply.text
    created: dict[str, Any] = reply.json()["webhook"]
    return created


def test_a_webhook_credential_is_kept_but_never_answered(api: httpx.Client) -> None:
    hook = _hook(api, authentication=BEARER)
    assert isinstance(hook["id"], str)
    assert hook["authentication"] == {"type": "bearer_token", "add_position": "header"}
    assert "t-1" not in api.get(f"webhooks/{hook['id']}").text + api.get("webhooks").text
    # PATCH without authentication keeps it; updates answer 204
    patched = api.patch(f"webhooks/{hook['id']}", json={"webhook": {"name": "CRM 2"}})
    assert patched.status_code == 204
    shown = api.get(f"webhooks/{hook['id']}").json()["webhook"]
    assert shown["name"] == "CRM 2" and shown["authentication"]["type"] == "bearer_token"


def test_a_webhook_authentication_needs_data_of_its_type(api: httpx.Client) -> None:
    missing = api.post(
        "webhooks", json={"webhook": {**HOOK, "authentication": {"type": "api_key"}}}
    )
    assert missing.status_code == 422
    wrong = {"type": "basic_auth", "data": {"token": "x"}}
    assert (
        api.post("webhooks", json={"webhook": {**HOOK, "authentication": wrong}}).status_code == 422
    )


def test_a_webhook_connection_method_and_choices_are_checked(api: httpx.Client) -> None:
    hook = _hook(api)
    events = {"subscriptions": ["zen:event-type:user.created"]}
    assert api.patch(f"webhooks/{hook['id']}", json={"webhook": events}).status_code == 422
    bad = {**HOOK, "http_method": "FETCH"}
    assert api.post("webhooks", json={"webhook": bad}).status_code == 422
    mixed = {**HOOK, "subscriptions": ["conditional_ticket_events", "zen:event-type:user.created"]}
    assert api.post("webhooks", json={"webhook": mixed}).status_code == 422


def test_patch_removes_a_custom_header_written_as_null(api: httpx.Client) -> None:
    hook = _hook(api, custom_headers={"X-A": "1", "X-B": "2"})
    api.patch(f"webhooks/{hook['id']}", json={"webhook": {"custom_headers": {"X-A": None}}})
    assert api.get(f"webhooks/{hook['id']}").json()["webhook"]["custom_headers"] == {"X-B": "2"}


def _statuses(api: httpx.Client) -> list[dict[str, Any]]:
    listed: list[dict[str, Any]] = api.get("custom_statuses").json()["custom_statuses"]
    return listed


def test_every_account_starts_with_one_default_status_per_category(api: httpx.Client) -> None:
    statuses = _statuses(api)
    assert sorted(s["status_category"] for s in statuses) == sorted(
        ["new", "open", "pending", "hold", "solved"]
    )
    assert all(s["default"] and s["raw_agent_label"].startswith("{{zd.") for s in statuses)


def test_a_status_is_never_deleted_nor_moved_to_another_category(api: httpx.Client) -> None:
    body = {"agent_label": "Waiting for partner", "status_category": "hold"}
    created = api.post("custom_statuses", json={"custom_status": body})
    assert created.status_code == 201, created.text
    status = created.json()["custom_status"]
    assert status["end_user_label"] == "Waiting for partner" and status["active"] is True
    assert api.delete(f"custom_statuses/{status['id']}").status_code in (404, 405)
    moved = {"custom_status": {"status_category": "open"}}
    assert api.put(f"custom_statuses/{status['id']}", json=moved).status_code == 422
    again = api.post("custom_statuses", json={"custom_status": body})
    assert again.status_code == 422  # agent labels are unique
    new = {"agent_label": "Fresh", "status_category": "new"}
    assert api.post("custom_statuses", json={"custom_status": new}).status_code == 422


def test_the_default_of_a_category_moves_through_custom_status_default(api: httpx.Client) -> None:
    body = {"agent_label": "Parked", "status_category": "hold"}
    parked = api.post("custom_statuses", json={"custom_status": body}).json()["custom_status"]
    assert api.put("custom_status/default", json={"ids": str(parked["id"])}).status_code == 200
    hold = [s for s in _statuses(api) if s["status_category"] == "hold"]
    assert [s["agent_label"] for s in hold if s["default"]] == ["Parked"]
    deactivate = {"custom_status": {"active": False}}
    assert api.put(f"custom_statuses/{parked['id']}", json=deactivate).status_code == 422


def test_rules_must_name_existing_webhooks_and_statuses(api: httpx.Client) -> None:
    hook = _hook(api)
    status = _statuses(api)[0]
    trigger = {
        "title": "Notify",
        "conditions": {"all": [{"field": "custom_status_id", "operator": "is", "value": "1"}]},
        "actions": [{"field": "notification_webhook", "value": ["1", "{}"]}],
    }
    refused = api.post("triggers", json={"trigger": trigger})
    assert refused.status_code == 422
    assert "webhook 1 does not exist" in refused.text and "custom_status_id 1" in refused.text
    trigger["conditions"]["all"][0]["value"] = str(status["id"])
    trigger["actions"][0]["value"] = [hook["id"], "{}"]
    assert api.post("triggers", json={"trigger": trigger}).status_code == 201
