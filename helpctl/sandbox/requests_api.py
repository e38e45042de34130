"""The Requests API: end users create, list, read and comment on their own tickets.

A request is the requester's view of a ticket (no tags, no internal notes). ``POST /requests``
creates a ticket whose requester is the authenticated user and runs the triggers, as any API
create; an end user sees only the requests they made (404 for the others), agents see all.
"""

from __future__ import annotations

import json
from typing import Any

from helpctl.sandbox.crud import Route, now
from helpctl.sandbox.paging import unpaged
from helpctl.sandbox.replies import Call, Reply, iso, not_found
from helpctl.sandbox.roles import role_of
from helpctl.sandbox.store import URL_MARK, Row
from helpctl.sandbox.ticket_model import Built, Known, build_ticket
from helpctl.sandbox.ticket_updates import save_written

__all__ = ["requests_routes"]

_KEYS = (
    "id",
    "status",
    "priority",
    "type",
    "subject",
    "description",
    "organization_id",
    "via",
    "custom_fields",
    "requester_id",
    "collaborator_ids",
    "email_cc_ids",
    "is_public",
    "due_at",
    "created_at",
    "updated_at",
    "recipient",
    "assignee_id",
    "ticket_form_id",
    "group_id",
    "brand_id",
    "custom_status_id",
)
_WRITABLE = ("subject", "priority", "type", "custom_fields", "ticket_form_id", "brand_id")


def request_doc(ticket: dict[str, Any]) -> dict[str, Any]:
    doc = {key: ticket.get(key) for key in _KEYS}
    doc["url"] = f"{URL_MARK}requests/{ticket['id']}.json"
    doc["fields"] = ticket.get("custom_fields") or []
    doc["solved"] = ticket.get("status") in ("solved", "closed")
    doc["can_be_solved_by_me"] = False
    doc["followup_source_id"] = None
    return doc


def _own(call: Call) -> Row:
    row = call.ctx.store.get(call.ctx.name, "tickets", call.int_param("id"))
    if row is None:
        raise not_found()
    if role_of(call) == "end-user" and row.doc().get("requester_id") != call.ctx.account.user_id:
        raise not_found()
    return row


def _create(call: Call) -> Reply:
    obj = call.obj("request")
    draft: dict[str, Any] = {k: obj[k] for k in _WRITABLE if k in obj}
    draft["requester_id"] = call.ctx.account.user_id
    if "comment" in obj:
        draft["comment"] = {**obj["comment"], "author_id": call.ctx.account.user_id}
    if "description" in obj:
        draft["description"] = obj["description"]
    (ticket_id,) = call.ctx.store.next_ticket_ids(call.ctx.name, 1)
    built = build_ticket(call, draft, ticket_id, Known(call), imported=False, archive=False)
    built.doc["via"] = {"channel": "web", "source": {"from": {}, "to": {}, "rel": None}}
    save_written(call, built, None)
    doc = request_doc(built.doc)
    return Reply(201, {"request": doc}, headers={"location": doc["url"]})


def _list(call: Call) -> Reply:
    rows = call.ctx.store.select(call.ctx.name, "tickets", "hidden = 0")
    docs = [r.doc() for r in rows]
    if role_of(call) == "end-user":
        docs = [d for d in docs if d.get("requester_id") == call.ctx.account.user_id]
    status = call.query.get("status")
    if status:
        wanted = set(status.split(","))
        docs = [d for d in docs if d.get("status") in wanted]
    return Reply(
        200,
        {
            "requests": [request_doc(d) for d in docs],
            "next_page": None,
            "previous_page": None,
            "count": len(docs),
        },
    )


def _show(call: Call) -> Reply:
    return Reply(200, {"request": request_doc(_own(call).doc())})


def _comments(call: Call) -> Reply:
    row = _own(call)
    rows = call.ctx.store.select(call.ctx.name, "comments", "parent = ?", [row.id])
    public = [r.doc() for r in rows]
    public = [c for c in public if c.get("public")]
    for comment in public:
        comment["request_id"] = row.id
    return Reply(text=unpaged("comments", [_dump(c) for c in public]))


def _dump(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False)


def _update(call: Call) -> Reply:
    """An end user adds a comment to their request (and may mark it solved)."""
    row = _own(call)
    obj = call.obj("request")
    previous, doc = row.doc(), row.doc()
    comments: list[dict[str, Any]] = []
    if isinstance(obj.get("comment"), dict):
        comment = {**obj["comment"], "author_id": call.ctx.account.user_id, "public": True}
        draft = {"comment": comment, "requester_id": doc["requester_id"]}
        known = Known(call)
        comments = build_ticket(call, draft, row.id, known, imported=False, archive=False).comments
        if doc["status"] in ("pending", "solved"):
            doc["status"] = "open"  # a requester's reply reopens the ticket, as Zendesk
    if obj.get("solved") is True:
        doc["status"] = "solved"
    ts = now()
    doc["updated_at"], doc["generated_timestamp"] = iso(ts), int(ts)
    save_written(call, Built(doc, comments, changed=ts, archived=bool(row.hidden)), previous)
    return Reply(200, {"request": request_doc(doc)})


def requests_routes() -> list[Route]:
    return [
        ("GET", "/requests", _list),
        ("POST", "/requests", _create),
        ("GET", "/requests/{id}", _show),
        ("PUT", "/requests/{id}", _update),
        ("GET", "/requests/{id}/comments", _comments),
    ]
