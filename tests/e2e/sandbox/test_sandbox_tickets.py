"""Ticket import keeps history; archived tickets leave the list but not show, external_id lookup
or the incremental export; uploads attach to imported comments."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

HISTORY = Path(__file__).resolve().parents[2] / "fixtures" / "sandbox" / "import" / "history.json"


@pytest.fixture
def people(api: httpx.Client) -> dict[str, int]:
    made = {}
    for role in ("end-user", "agent"):
        user = {"name": role, "email": f"{role}@example.com", "role": role}
        made[role] = api.post("users", json={"user": user}).json()["user"]["id"]
    return made


def _history(people: dict[str, int]) -> list[dict[str, Any]]:
    tickets = json.loads(HISTORY.read_text())["tickets"]
    for ticket in tickets:
        ticket["requester_id"] = people["end-user"]
        for comment in ticket["comments"]:
            who = comment.pop("author", "end-user")
            comment.setdefault("author_id", people[who])
    return tickets


def _import_many(api: httpx.Client, tickets: list[Any], archive: bool) -> list[dict[str, Any]]:
    params = {"archive_immediately": "true"} if archive else {}
    job = api.post("imports/tickets/create_many", params=params, json={"tickets": tickets})
    url = job.json()["job_status"]["url"]
    while (status := api.get(url).json()["job_status"])["status"] != "completed":
        pass
    results: list[dict[str, Any]] = status["results"]
    return results


def test_import_keeps_historical_timestamps_and_comments(
    api: httpx.Client, people: dict[str, int]
) -> None:
    results = _import_many(api, _history(people)[:1], archive=False)
    ticket = api.get(f"tickets/{results[0]['id']}").json()["ticket"]
    comments = api.get(f"tickets/{ticket['id']}/comments").json()["comments"]
    assert (ticket["created_at"], ticket["updated_at"]) == (
        "2014-02-03T09:15:00Z",
        "2014-02-05T16:00:00Z",
    )
    assert ticket["solved_at"] == "2014-02-05T15:59:00Z"
    assert [c["created_at"][:10] for c in comments] == ["2014-02-03", "2014-02-04", "2014-02-04"]
    assert [c["public"] for c in comments] == [True, True, False]
    assert [c["author_id"] for c in comments] == [
        people["end-user"],
        people["agent"],
        people["agent"],
    ]
    assert comments[1]["html_body"] == "<p>Sent again, <b>sorry</b>.</p>"
    assert comments[1]["plain_body"] == "Sent again, sorry."


def test_import_clamps_pre_1970_ticket_times_and_rejects_bad_comments(
    api: httpx.Client, people: dict[str, int]
) -> None:
    results = _import_many(api, _history(people)[2:], archive=False)
    early = api.get(f"tickets/{results[0]['id']}").json()["ticket"]
    assert early["created_at"] == "1970-01-01T00:00:00Z"
    assert "must be between 1970 and now" in results[1]["details"]
    assert "42 is not a valid id" in results[2]["details"]
    assert "id" not in results[1] and "id" not in results[2]


def test_archived_tickets_leave_the_list_but_stay_reachable(
    api: httpx.Client, people: dict[str, int]
) -> None:
    results = _import_many(api, _history(people)[:2], archive=True)
    closed, still_open = results[0]["id"], results[1]["id"]
    listed = [t["id"] for t in api.get("tickets").json()["tickets"]]
    assert closed not in listed and still_open in listed
    assert api.get(f"tickets/{closed}").status_code == 200
    many = api.get("tickets/show_many", params={"ids": f"{closed},{still_open}"}).json()
    assert {t["id"] for t in many["tickets"]} == {closed, still_open}
    found = api.get("tickets", params={"external_id": "legacy-2014-1"}).json()["tickets"]
    assert [t["id"] for t in found] == [closed]
    export = api.get("incremental/tickets/cursor", params={"start_time": 0}).json()
    assert closed in [t["id"] for t in export["tickets"]]
    assert export["end_of_stream"] is True


def test_incremental_export_resumes_from_its_cursor(
    api: httpx.Client, people: dict[str, int]
) -> None:
    _import_many(api, _history(people)[:2], archive=False)
    first = api.get("incremental/tickets/cursor", params={"start_time": 0, "per_page": 1}).json()
    rest = api.get("incremental/tickets/cursor", params={"cursor": first["after_cursor"]}).json()
    assert first["end_of_stream"] is False and rest["end_of_stream"] is True
    assert [t["external_id"] for t in first["tickets"] + rest["tickets"]] == [
        "legacy-2014-1",
        "legacy-2014-2",
    ]
    again = api.get("incremental/tickets/cursor", params={"cursor": rest["after_cursor"]}).json()
    assert again["tickets"] == []


def test_uploaded_files_attach_to_the_imported_comment(
    api: httpx.Client, people: dict[str, int]
) -> None:
    upload = api.post(
        "uploads",
        params={"filename": "invoice.pdf"},
        content=b"%PDF-1.4",
        headers={"Content-Type": "application/pdf"},
    ).json()["upload"]
    ticket = {
        "subject": "With file",
        "requester_id": people["end-user"],
        "comments": [{"value": "see file", "uploads": [upload["token"]]}],
    }
    made = api.post("imports/tickets", json={"ticket": ticket})
    assert made.status_code == 201
    comments = api.get(f"tickets/{made.json()['ticket']['id']}/comments").json()["comments"]
    attachment = comments[0]["attachments"][0]
    assert (attachment["file_name"], attachment["size"]) == ("invoice.pdf", 8)
    assert api.get(attachment["content_url"]).content == b"%PDF-1.4"


def test_unknown_upload_token_is_rejected(api: httpx.Client, people: dict[str, int]) -> None:
    ticket = {
        "subject": "x",
        "requester_id": people["end-user"],
        "comments": [{"value": "y", "uploads": ["nope"]}],
    }
    reply = api.post("imports/tickets", json={"ticket": ticket})
    assert reply.status_code == 422
    assert "comments.0.uploads" in reply.json()["details"]


def test_a_closed_ticket_cannot_be_updated(api: httpx.Client, people: dict[str, int]) -> None:
    ticket = {
        "subject": "x",
        "status": "closed",
        "requester_id": people["end-user"],
        "comments": [{"value": "y"}],
    }
    made = api.post("imports/tickets", json={"ticket": ticket}).json()["ticket"]
    reply = api.put(f"tickets/{made['id']}", json={"ticket": {"status": "open"}})
    assert reply.status_code == 422
    assert reply.json()["details"]["status"][0]["description"] == (
        "Status: closed prevents ticket update"
    )


def test_update_many_applies_each_change_and_reports_closed_tickets(
    api: httpx.Client, people: dict[str, int]
) -> None:
    results = _import_many(api, _history(people)[:2], archive=False)
    closed, still_open = results[0]["id"], results[1]["id"]
    updates = [
        {"id": still_open, "status": "pending", "tags": ["migrated"]},
        {"id": closed, "status": "open"},
        {"id": 999999, "status": "open"},
    ]
    job = api.put("tickets/update_many", json={"tickets": updates}).json()["job_status"]
    while (status := api.get(job["url"]).json()["job_status"])["status"] != "completed":
        pass
    outcome = status["results"]
    assert outcome[0] == {
        "index": 0,
        "id": still_open,
        "action": "update",
        "status": "Updated",
        "success": True,
    }
    assert outcome[1]["details"] == "Status: closed prevents ticket update"
    assert outcome[2]["error"] == "TicketUpdateFailed"
    ticket = api.get(f"tickets/{still_open}").json()["ticket"]
    assert (ticket["status"], ticket["tags"]) == ("pending", ["migrated"])


def test_a_comment_added_by_update_joins_the_thread(
    api: httpx.Client, people: dict[str, int]
) -> None:
    results = _import_many(api, _history(people)[1:2], archive=False)
    ticket_id = results[0]["id"]
    comment = {"body": "Any news?", "author_id": people["end-user"], "public": True}
    api.put(f"tickets/{ticket_id}", json={"ticket": {"comment": comment}}).raise_for_status()
    comments = api.get(f"tickets/{ticket_id}/comments").json()["comments"]
    assert [c["body"] for c in comments] == ["Cannot log in", "Any news?"]
