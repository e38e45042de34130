"""Ticket updates (one, or many as a job), and storing built tickets: a closed ticket refuses
every change; a comment added by update is stamped with the time of the update."""

from __future__ import annotations

from typing import Any

from helpctl.sandbox.crud import now
from helpctl.sandbox.jobs import start_job
from helpctl.sandbox.replies import (
    ApiProblem,
    Call,
    Details,
    Reply,
    bad_request,
    iso,
    not_found,
    too_many_values,
)
from helpctl.sandbox.store import Row
from helpctl.sandbox.ticket_model import Built, Known, build_ticket, check_refs
from helpctl.sandbox.ticket_rules import run_triggers, store_audit
from helpctl.sandbox.uploads_api import link_attachments

__all__ = ["save", "save_written", "update_many", "update_one"]

_UPDATABLE = frozenset(
    {
        "subject",
        "status",
        "priority",
        "type",
        "tags",
        "assignee_id",
        "group_id",
        "external_id",
        "custom_fields",
        "organization_id",
        "due_at",
        "ticket_form_id",
        "brand_id",
    }
)


def save(call: Call, built: list[Built]) -> None:
    """Store tickets, their comments and attachment links in one transaction."""
    store, name = call.ctx.store, call.ctx.name
    tickets = []
    comments = []
    for b in built:
        ext = b.doc.get("external_id")
        tickets.append(
            (
                b.doc["id"],
                b.doc,
                None,
                0,
                str(ext) if ext is not None else None,
                None,
                b.archived,
                b.changed,
            )
        )
        comments += [(c["id"], c, b.doc["id"], 0, None, None, False, 0.0) for c in b.comments]
    with store.tx():
        store.put_many(name, "tickets", tickets)
        store.put_many(name, "comments", comments)
        for b in built:
            if b.audit is not None:
                store_audit(call, b.audit, b.audit_changed or b.changed)
        for b in built:
            for comment_id, attachments in b.links:
                link_attachments(call, comment_id, attachments)


def save_written(call: Call, built: Built, previous: dict[str, Any] | None) -> dict[str, Any]:
    """Run the triggers over one create or update (``previous``: the document before it) and
    store the ticket, its comments, its audit and the notifications in one transaction (a
    write is all or nothing, and one commit costs less than two). Returns the audit."""
    with call.ctx.store.tx():
        built.audit = run_triggers(call, built.doc, previous, built.comments, built.changed)
        save(call, [built])
    return built.audit


def _apply(
    call: Call, row: Row, obj: dict[str, Any], known: Known
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Update one stored ticket and run the triggers; raises a 422 when it is closed or
    references are unknown. Returns the ticket and the update's audit."""
    doc = row.doc()
    previous = row.doc()
    errors = Details()
    if doc["status"] == "closed":
        errors.add("status", "Status: closed prevents ticket update")
        errors.check()
    changes = {k: v for k, v in obj.items() if k in _UPDATABLE}
    check_refs(changes, known, errors)
    errors.check()
    doc.update(changes)
    if "custom_fields" in changes:
        doc["fields"] = changes["custom_fields"]
    ts = now()
    doc["updated_at"], doc["generated_timestamp"] = iso(ts), int(ts)
    comments = []
    if isinstance(obj.get("comment"), dict):
        # The comment an update adds is the updating user's unless it names its author.
        comment = {"author_id": call.ctx.account.user_id, **obj["comment"]}
        draft = {"comment": comment, "requester_id": doc["requester_id"]}
        comments = build_ticket(
            call, draft, doc["id"], known, imported=False, archive=False
        ).comments
    built = Built(doc, comments, changed=ts, archived=bool(row.hidden))
    ticket_audit = save_written(call, built, previous)
    return doc, ticket_audit


def update_one(call: Call) -> Reply:
    row = call.ctx.store.get(call.ctx.name, "tickets", call.int_param("id"))
    if row is None:
        raise not_found()
    doc, ticket_audit = _apply(call, row, call.obj("ticket"), Known(call))
    return Reply(200, {"ticket": doc, "audit": ticket_audit})


def _requested(call: Call) -> list[tuple[int, dict[str, Any]]]:
    """``{"tickets": [{"id", ...}]}``, or ``?ids=`` with one ``ticket`` change for all."""
    body = call.body if isinstance(call.body, dict) else {}
    if isinstance(body.get("tickets"), list):
        pairs = [(int(t.get("id", 0)), t) for t in body["tickets"] if isinstance(t, dict)]
    elif "ids" in call.query and isinstance(body.get("ticket"), dict):
        pairs = [(int(i), body["ticket"]) for i in call.query["ids"].split(",") if i.strip()]
    else:
        raise bad_request("InvalidParameter", "Parameter tickets (or ids with ticket) is required")
    if len(pairs) > 100:
        raise too_many_values()
    return pairs


def update_many(call: Call) -> Reply:
    """``PUT /tickets/update_many`` as a job with one result per ticket, in request order."""
    known = Known(call)
    results: list[dict[str, Any]] = []
    for index, (ticket_id, obj) in enumerate(_requested(call)):
        row = call.ctx.store.get(call.ctx.name, "tickets", ticket_id)
        try:
            if row is None:
                raise not_found()
            _apply(call, row, obj, known)
        except ApiProblem as problem:
            body = problem.body if isinstance(problem.body, dict) else {}
            details = body.get("details") or {}
            text = "; ".join(e["description"] for errs in details.values() for e in errs)
            results.append(
                {
                    "index": index,
                    "id": ticket_id,
                    "error": "TicketUpdateFailed",
                    "details": text or str(body.get("description", "")),
                }
            )
            continue
        results.append(
            {
                "index": index,
                "id": ticket_id,
                "action": "update",
                "status": "Updated",
                "success": True,
            }
        )
    return start_job(call, "bulk_update_tickets", results)
