"""The sandbox runs the account's triggers as a helpdesk does: an end user's request is routed,
tagged and answered by the triggers in Zendesk's order, with audits and an outbox to read."""

from __future__ import annotations

import httpx
from sandbox_rules_fixtures import make_request, setup_desk, user_client

from helpctl.sandbox.runner import SandboxServer


def test_an_end_users_request_is_routed_tagged_and_answered_in_order(
    sandbox: SandboxServer, api: httpx.Client
) -> None:
    desk = setup_desk(api)
    with user_client(sandbox, "ana@example.com") as ana:
        request = make_request(ana, "Invoice 42", "My invoice is wrong")
        assert request["requester_id"] == desk.customer
        ticket = api.get(f"tickets/{request['id']}").json()["ticket"]
        assert ticket["group_id"] == desk.billing
        assert "billing" in ticket["tags"]
        audits = api.get(f"tickets/{request['id']}/audits").json()["audits"]
        events = audits[0]["events"]
        kinds = [e["type"] for e in events]
        assert kinds.index("Comment") < kinds.index("Notification")
        rule_events = [e for e in events if e.get("via", {}).get("channel") == "rule"]
        titles = [e["via"]["source"]["from"]["title"] for e in rule_events]
        # routing fired first (its changes), then the auto-reply (its notification)
        assert titles == ["Route invoices", "Route invoices", "Auto-reply billing"]
        group_change = next(e for e in events if e.get("field_name") == "group_id")
        assert group_change["type"] == "Change" and group_change["previous_value"] is None
        outbox = sandbox_outbox(api)
        assert [(n["to"], n["subject"]) for n in outbox] == [("ana@example.com", "Re: Invoice 42")]
        assert outbox[0]["body"] == f"Hello Ana, #{request['id']} is with Billing."
        assert ana.get(f"requests/{request['id']}").status_code == 200
        comments = ana.get(f"requests/{request['id']}/comments").json()["comments"]
        assert [c["body"] for c in comments] == ["My invoice is wrong"]
    with user_client(sandbox, "bo@example.com") as bo:
        assert bo.get(f"requests/{request['id']}").status_code == 404
        assert bo.get("requests").json()["requests"] == []
        other = make_request(bo, "Hello", "Just a question")
        assert api.get(f"tickets/{other['id']}").json()["ticket"]["group_id"] is None
    assert len(sandbox_outbox(api)) == 1


def sandbox_outbox(api: httpx.Client) -> list[dict[str, object]]:
    reply = api.get("sandbox/outbox")
    assert reply.status_code == 200
    notes: list[dict[str, object]] = reply.json()["notifications"]
    return notes


def test_an_agents_update_is_authored_by_the_agent_and_audited_with_previous_values(
    sandbox: SandboxServer, api: httpx.Client
) -> None:
    desk = setup_desk(api)
    with user_client(sandbox, "ana@example.com") as ana:
        request = make_request(ana, "Invoice", "invoice missing")
    with user_client(sandbox, "uno@example.com") as uno:
        change = {"status": "pending", "group_id": desk.support, "comment": {"body": "On it"}}
        reply = uno.put(f"tickets/{request['id']}", json={"ticket": change})
        assert reply.status_code == 200, reply.text
        events = reply.json()["audit"]["events"]
        assert reply.json()["audit"]["author_id"] == desk.agent
    comment = next(e for e in events if e["type"] == "Comment")
    assert comment["author_id"] == desk.agent
    status = next(e for e in events if e.get("field_name") == "status")
    assert (status["type"], status["previous_value"], status["value"]) == (
        "Change",
        "new",
        "pending",
    )
    assert len(api.get(f"tickets/{request['id']}/audits").json()["audits"]) == 2


def test_triggers_do_not_run_on_imports(sandbox: SandboxServer, api: httpx.Client) -> None:
    desk = setup_desk(api)
    ticket = {
        "subject": "Invoice",
        "requester_id": desk.customer,
        "comments": [{"body": "invoice please"}],
    }
    reply = api.post("imports/tickets", json={"ticket": ticket})
    assert reply.status_code == 201
    assert reply.json()["ticket"]["group_id"] is None
    assert sandbox_outbox(api) == []


def test_create_rules_default_brand_and_a_missing_description(api: httpx.Client) -> None:
    brand = next(b for b in api.get("brands").json()["brands"] if b["default"])
    made = api.post("tickets", json={"ticket": {"subject": "x", "comment": {"body": "y"}}})
    assert made.json()["ticket"]["brand_id"] == brand["id"]
    bare = api.post("tickets", json={"ticket": {"subject": "no words"}})
    assert bare.status_code == 422
    assert bare.json()["details"]["description"][0]["description"] == "Description: cannot be blank"


def test_errors_are_json_with_zendesks_codes(api: httpx.Client) -> None:
    for reply in (api.get("no_such_thing"), api.patch("sandbox/outbox", json={})):
        assert reply.status_code == 404
        assert reply.json() == {"error": "InvalidEndpoint", "description": "Not found"}


def test_a_stranger_with_the_token_is_refused(sandbox: SandboxServer) -> None:
    with user_client(sandbox, "nobody@example.com") as stranger:
        assert stranger.get("tickets").status_code == 401


def test_the_clock_runs_automations_hourly_then_the_triggers(
    sandbox: SandboxServer, api: httpx.Client
) -> None:
    automation = {
        "title": "Close solved after 4 days",
        "conditions": {
            "all": [
                {"field": "status", "operator": "is", "value": "solved"},
                {"field": "SOLVED", "operator": "greater_than", "value": "96"},
            ]
        },
        "actions": [{"field": "status", "value": "closed"}],
    }
    assert api.post("automations", json={"automation": automation}).status_code == 201
    made = api.post("tickets", json={"ticket": {"subject": "s", "comment": {"body": "b"}}})
    ticket_id = made.json()["ticket"]["id"]
    api.put(f"tickets/{ticket_id}", json={"ticket": {"status": "solved"}})
    assert api.post("sandbox/clock", json={"advance_hours": 96}).status_code == 200
    assert api.get(f"tickets/{ticket_id}").json()["ticket"]["status"] == "solved"
    clock = api.post("sandbox/clock", json={"advance_hours": 2}).json()["clock"]
    assert clock["offset_hours"] == 98
    assert api.get(f"tickets/{ticket_id}").json()["ticket"]["status"] == "closed"
    last = api.get(f"tickets/{ticket_id}/audits").json()["audits"][-1]
    assert last["events"][0]["via"]["source"]["rel"] == "automation"
    assert api.post("sandbox/clock", json={"advance_hours": -1}).status_code == 422
