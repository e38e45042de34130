"""Tickets (create, show, list without archived ones, ``?external_id=``, show_many, update,
comments), the Ticket Import API (single and ``create_many`` as a job, ``archive_immediately``)
and the cursor-based incremental ticket export."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from helpctl.sandbox.crud import Route, now
from helpctl.sandbox.jobs import start_job
from helpctl.sandbox.paging import Listing, envelope, ids_param, paginate, unpaged
from helpctl.sandbox.replies import (
    ApiProblem,
    Call,
    Details,
    Reply,
    bad_request,
    not_found,
    too_many_values,
)
from helpctl.sandbox.store import URL_MARK
from helpctl.sandbox.ticket_model import Built, Known, build_ticket, import_audit
from helpctl.sandbox.ticket_updates import save, save_written, update_many, update_one

__all__ = ["tickets_routes"]


def _archive(call: Call) -> bool:
    return call.query.get("archive_immediately", "false").lower() == "true"


def _create_one(call: Call, imported: bool) -> Built:
    obj = call.obj("ticket")
    known = Known(call)
    (ticket_id,) = call.ctx.store.next_ticket_ids(call.ctx.name, 1)
    built = build_ticket(
        call, obj, ticket_id, known, imported=imported, archive=imported and _archive(call)
    )
    if imported:  # triggers run on creates, never on imports (as Zendesk)
        built.audit = import_audit(call, built)
        save(call, [built])
    else:
        save_written(call, built, None)
    return built


def _create(call: Call) -> Reply:
    built = _create_one(call, imported=False)
    doc = built.doc
    return Reply(201, {"ticket": doc, "audit": built.audit}, headers={"location": doc["url"]})


def _import(call: Call) -> Reply:
    doc = _create_one(call, imported=True).doc
    return Reply(201, {"ticket": doc}, headers={"location": doc["url"]})


def _import_many(call: Call) -> Reply:
    items = call.body.get("tickets") if isinstance(call.body, dict) else None
    if not isinstance(items, list):
        raise bad_request("InvalidParameter", "Parameter tickets is required")
    if len(items) > 100:
        raise too_many_values()
    known = Known(call)
    known.prefetch([i for i in items if isinstance(i, dict)])
    ids = call.ctx.store.next_ticket_ids(call.ctx.name, len(items))
    built: list[Built] = []
    results: list[dict[str, Any]] = []
    for index, (obj, ticket_id) in enumerate(zip(items, ids, strict=True)):
        try:
            if not isinstance(obj, dict):
                raise Details().problem()
            b = build_ticket(call, obj, ticket_id, known, imported=True, archive=_archive(call))
        except ApiProblem as problem:
            details = problem.body.get("details", {}) if isinstance(problem.body, dict) else {}
            text = "; ".join(e["description"] for errs in details.values() for e in errs)
            results.append({"index": index, "error": "TicketImportFailed", "details": text})
            continue
        b.audit = import_audit(call, b)
        built.append(b)
        results.append({"index": index, "id": ticket_id, "account_id": call.ctx.account.account_id})
    save(call, built)
    return start_job(call, "ticket_import", results)


def _list(call: Call) -> Reply:
    if "external_id" in call.query:
        rows = call.ctx.store.find(call.ctx.name, "tickets", "ext", call.query["external_id"])
        return Reply(text=unpaged("tickets", [r.body for r in rows]))
    return paginate(call, Listing("tickets", "tickets", "tickets", "both", False, "hidden = 0"))


def _show(call: Call) -> Reply:
    row = call.ctx.store.get(call.ctx.name, "tickets", call.int_param("id"))
    if row is None:
        raise not_found()
    return Reply(text='{"ticket":' + row.body + "}")


def _show_many(call: Call) -> Reply:
    rows = call.ctx.store.get_many(call.ctx.name, "tickets", ids_param(call))
    return Reply(text=unpaged("tickets", [r.body for r in rows]))


def _delete(call: Call) -> Reply:
    ticket_id = call.int_param("id")
    if call.ctx.store.get(call.ctx.name, "tickets", ticket_id) is None:
        raise not_found()
    with call.ctx.store.tx():
        call.ctx.store.delete(call.ctx.name, "tickets", [ticket_id])
        call.ctx.store.delete_children(call.ctx.name, "comments", ticket_id)
    return Reply(204)


def _comments(call: Call) -> Reply:
    ticket_id = call.int_param("id")
    if call.ctx.store.get(call.ctx.name, "tickets", ticket_id) is None:
        raise not_found()
    listing = Listing(
        "comments",
        f"tickets/{ticket_id}/comments",
        "comments",
        "both",
        False,
        "parent = ?",
        [ticket_id],
    )
    return paginate(call, listing)


def _cursor(text: str) -> tuple[float, int]:
    try:
        changed, ticket_id = json.loads(base64.urlsafe_b64decode(text.encode()))
        return float(changed), int(ticket_id)
    except (ValueError, TypeError, binascii.Error) as ex:
        raise bad_request("InvalidCursor", "The cursor is not valid") from ex


def _encode(changed: float, ticket_id: int) -> str:
    return base64.urlsafe_b64encode(json.dumps([changed, ticket_id]).encode()).decode()


def _incremental(call: Call) -> Reply:
    """``/incremental/tickets/cursor``: every ticket (archived too) by update time, then id."""
    q = call.query
    size = min(int(q.get("per_page", "1000")), 1000)
    if "cursor" in q:
        changed, last = _cursor(q["cursor"])
        where, params = "(changed, id) > (?, ?)", [changed, last]
    elif "start_time" in q:
        try:
            start = float(q["start_time"])
        except ValueError as ex:
            raise bad_request("InvalidValue", "start_time must be a Unix time in seconds") from ex
        if start > now():
            raise bad_request("InvalidValue", "start_time cannot be in the future")
        where, params, changed, last = "changed >= ?", [start], start, 0
    else:
        raise bad_request("InvalidValue", "start_time or cursor is required")
    rows = call.ctx.store.select(call.ctx.name, "tickets", where, params, "changed, id", size)
    after = _encode(rows[-1].changed, rows[-1].id) if rows else _encode(changed, last)
    before = _encode(rows[0].changed, rows[0].id) if rows else None
    path = f"{URL_MARK}incremental/tickets/cursor.json?cursor="
    extra = {
        "after_url": path + after,
        "after_cursor": after,
        "before_url": path + before if before else None,
        "before_cursor": before,
        "end_of_stream": len(rows) < size,
    }
    return Reply(text=envelope("tickets", [r.body for r in rows], extra))


def tickets_routes() -> list[Route]:
    return [
        ("POST", "/imports/tickets", _import),
        ("POST", "/imports/tickets/create_many", _import_many),
        ("GET", "/incremental/tickets/cursor", _incremental),
        ("GET", "/tickets", _list),
        ("POST", "/tickets", _create),
        ("GET", "/tickets/show_many", _show_many),
        ("GET", "/tickets/{id}", _show),
        ("PUT", "/tickets/update_many", update_many),
        ("PUT", "/tickets/{id}", update_one),
        ("DELETE", "/tickets/{id}", _delete),
        ("GET", "/tickets/{id}/comments", _comments),
    ]
