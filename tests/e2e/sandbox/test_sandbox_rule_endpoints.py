"""Views, macros, search, tags, bulk jobs and incremental exports answer as Zendesk does
(one test per endpoint family), over tickets the triggers shaped."""

from __future__ import annotations

import time
from typing import Any

import httpx
from sandbox_rules_fixtures import make_request, setup_desk, user_client

from helpctl.sandbox.runner import SandboxServer


def _finished(api: httpx.Client, reply: httpx.Response) -> list[Any]:
    assert reply.status_code == 200, reply.text
    url = reply.json()["job_status"]["url"]
    while (status := api.get(url).json()["job_status"])["status"] != "completed":
        pass
    results: list[Any] = status["results"]
    return results


def _tickets(sandbox: SandboxServer, api: httpx.Client) -> tuple[Any, int, int]:
    desk = setup_desk(api)
    with user_client(sandbox, "ana@example.com") as ana:
        billed = make_request(ana, "Invoice wrong", "my invoice is wrong")["id"]
        plain = make_request(ana, "Login help", "cannot sign in")["id"]
    return desk, billed, plain


def test_views_execute_list_and_count(sandbox: SandboxServer, api: httpx.Client) -> None:
    desk, billed, _ = _tickets(sandbox, api)
    view = {
        "title": "Billing queue",
        "conditions": {
            "all": [{"field": "group_id", "operator": "is", "value": str(desk.billing)}]
        },
    }
    view_id = api.post("views", json={"view": view}).json()["view"]["id"]
    assert [t["id"] for t in api.get(f"views/{view_id}/tickets").json()["tickets"]] == [billed]
    executed = api.get(f"views/{view_id}/execute").json()
    assert [r["ticket_id"] for r in executed["rows"]] == [billed]
    assert executed["count"] == 1
    assert api.get(f"views/{view_id}/count").json()["view_count"]["value"] == 1
    many = api.get("views/count_many", params={"ids": str(view_id)}).json()["view_counts"]
    assert [(c["view_id"], c["value"]) for c in many] == [(view_id, 1)]
    assert api.get("views/999/count").status_code == 404


def test_macros_preview_without_saving(sandbox: SandboxServer, api: httpx.Client) -> None:
    desk, billed, _ = _tickets(sandbox, api)
    macro = {
        "title": "Escalate",
        "actions": [
            {"field": "group_id", "value": str(desk.support)},
            {"field": "comment_value", "value": "Escalated to support."},
        ],
    }
    macro_id = api.post("macros", json={"macro": macro}).json()["macro"]["id"]
    changes = api.get(f"macros/{macro_id}/apply").json()["result"]["ticket"]
    assert changes["group_id"] == desk.support
    assert changes["comment"]["body"] == "Escalated to support."
    whole = api.get(f"tickets/{billed}/macros/{macro_id}/apply").json()["result"]["ticket"]
    assert (whole["id"], whole["group_id"], whole["subject"]) == (
        billed,
        desk.support,
        "Invoice wrong",
    )
    assert api.get(f"tickets/{billed}").json()["ticket"]["group_id"] == desk.billing


def test_search_count_and_export(sandbox: SandboxServer, api: httpx.Client) -> None:
    _, billed, plain = _tickets(sandbox, api)

    def ids(query: str) -> list[int]:
        reply = api.get("search", params={"query": query})
        assert reply.status_code == 200, reply.text
        return sorted(r["id"] for r in reply.json()["results"])

    assert ids("type:ticket tags:billing") == [billed]
    assert ids("type:ticket -tags:billing") == [plain]
    assert ids("type:ticket group:Billing status<solved") == [billed]
    assert ids('type:ticket "sign in"') == [plain]
    assert ids("type:ticket requester:ana@example.com created>1day") == [billed, plain]
    assert ids("type:ticket priority>normal") == []
    users = api.get("search", params={"query": "type:user ana"}).json()["results"]
    assert [u["result_type"] for u in users] == ["user"]
    count = api.get("search/count", params={"query": "type:ticket invoice"}).json()
    assert count == {"count": 1}
    export = api.get(
        "search/export", params={"query": "sign", "filter[type]": "ticket", "page[size]": "1"}
    ).json()
    assert [r["id"] for r in export["results"]] == [plain]
    assert api.get("search/export", params={"query": "type:ticket x"}).status_code == 400
    assert api.get("search", params={"query": "type:ticket", "page": "11"}).status_code == 422
    assert api.get("search", params={"query": "bogus_field:1 type:ticket"}).status_code == 400


def test_ticket_tags_list_set_add_remove(sandbox: SandboxServer, api: httpx.Client) -> None:
    _, billed, _ = _tickets(sandbox, api)
    path = f"tickets/{billed}/tags"
    assert api.get(path).json() == {"tags": ["billing"]}
    assert api.put(path, json={"tags": ["vip"]}).json() == {"tags": ["billing", "vip"]}
    replaced = api.post(path, json={"tags": ["only"]})
    assert (replaced.status_code, replaced.json()) == (201, {"tags": ["only"]})
    assert api.request("DELETE", path, json={"tags": ["only"]}).json() == {"tags": []}
    stale = {"tags": ["x"], "safe_update": "true", "updated_stamp": "2001-01-01T00:00:00Z"}
    assert api.put(path, json=stale).status_code == 409
    counts = {t["name"]: t["count"] for t in api.get("tags").json()["tags"]}
    assert counts == {}


def test_bulk_jobs_run_triggers_and_destroy(sandbox: SandboxServer, api: httpx.Client) -> None:
    desk = setup_desk(api)
    tickets = [
        {"subject": "a", "requester_id": desk.customer, "comment": {"body": "invoice"}},
        {"subject": "b"},
    ]
    results = _finished(api, api.post("tickets/create_many", json={"tickets": tickets}))
    assert results[0]["status"] == "Created" and "error" in results[1]
    made = results[0]["id"]
    assert api.get(f"tickets/{made}").json()["ticket"]["group_id"] == desk.billing
    update = {"ticket": {"status": "pending"}}
    updated = _finished(api, api.put("tickets/update_many", params={"ids": str(made)}, json=update))
    assert updated[0]["success"] is True
    assert api.get(f"tickets/{made}").json()["ticket"]["status"] == "pending"
    gone = _finished(api, api.delete("tickets/destroy_many", params={"ids": f"{made},999"}))
    assert [r.get("status") for r in gone] == ["Deleted", None]
    assert api.get(f"tickets/{made}").status_code == 404


def test_incremental_exports_with_comment_events(sandbox: SandboxServer, api: httpx.Client) -> None:
    _, billed, _ = _tickets(sandbox, api)
    start = {"start_time": str(int(time.time()) - 3600)}
    tickets = api.get("incremental/tickets", params=start).json()
    assert billed in [t["id"] for t in tickets["tickets"]] and tickets["end_of_stream"] is True
    users = api.get("incremental/users", params=start).json()
    assert "ana@example.com" in [u["email"] for u in users["users"]]
    params = {**start, "include": "comment_events"}
    events = api.get("incremental/ticket_events", params=params).json()["ticket_events"]
    mine = next(e for e in events if e["ticket_id"] == billed)
    child_types = [c.get("type") or c.get("event_type") for c in mine["child_events"]]
    assert "Comment" in child_types and "Notification" in child_types
    plain = api.get("incremental/ticket_events", params=start).json()["ticket_events"]
    assert all(c.get("type") != "Comment" for e in plain for c in e["child_events"])
    assert api.get("incremental/tickets").status_code == 400
