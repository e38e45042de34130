"""``tickets/create_many`` (runs the triggers, unlike imports) and ``tickets/destroy_many``, as
jobs; the time-based incremental exports of tickets, users and ticket events (reference part 2
§12): ``start_time`` in Unix seconds, ``end_time``, ``next_page``, ``end_of_stream``.
"""

from __future__ import annotations

import json
import time
from typing import Any, TypeVar

from helpctl.sandbox.crud import Route
from helpctl.sandbox.jobs import start_job
from helpctl.sandbox.paging import ids_param
from helpctl.sandbox.replies import (
    ApiProblem,
    Call,
    Details,
    Reply,
    bad_request,
    parse_time,
    too_many_values,
)
from helpctl.sandbox.store import URL_MARK
from helpctl.sandbox.ticket_model import Known, build_ticket
from helpctl.sandbox.ticket_updates import save_written

__all__ = ["bulk_exports_routes"]

_PAGE = 1000

T = TypeVar("T")


def _create_many(call: Call) -> Reply:
    items = call.body.get("tickets") if isinstance(call.body, dict) else None
    if not isinstance(items, list):
        raise bad_request("InvalidParameter", "Parameter tickets is required")
    if len(items) > 100:
        raise too_many_values()
    known = Known(call)
    ids = call.ctx.store.next_ticket_ids(call.ctx.name, len(items))
    results: list[dict[str, Any]] = []
    for index, (obj, ticket_id) in enumerate(zip(items, ids, strict=True)):
        try:
            if not isinstance(obj, dict):
                raise Details().problem()
            built = build_ticket(call, obj, ticket_id, known, imported=False, archive=False)
        except ApiProblem as problem:
            details = problem.body.get("details", {}) if isinstance(problem.body, dict) else {}
            text = "; ".join(e["description"] for errs in details.values() for e in errs)
            results.append({"index": index, "error": "TicketCreateFailed", "details": text})
            continue
        save_written(call, built, None)
        results.append(
            {
                "index": index,
                "id": ticket_id,
                "action": "create",
                "status": "Created",
                "success": True,
            }
        )
    return start_job(call, "bulk_create_tickets", results)


def _destroy_many(call: Call) -> Reply:
    ids = ids_param(call)
    if len(ids) > 100:
        raise too_many_values()
    store, name = call.ctx.store, call.ctx.name
    found = {r.id for r in store.get_many(name, "tickets", ids)}
    results: list[dict[str, Any]] = []
    for index, ticket_id in enumerate(ids):
        if ticket_id not in found:
            results.append(
                {
                    "index": index,
                    "id": ticket_id,
                    "error": "TicketDestroyFailed",
                    "details": "Not found",
                }
            )
            continue
        with store.tx():
            store.delete(name, "tickets", [ticket_id])
            store.delete_children(name, "comments", ticket_id)
        results.append(
            {
                "index": index,
                "id": ticket_id,
                "action": "destroy",
                "status": "Deleted",
                "success": True,
            }
        )
    return start_job(call, "bulk_delete_tickets", results)


def _start(call: Call) -> float:
    text = call.query.get("start_time")
    if text is None or not text.isdigit():
        raise bad_request("InvalidValue", "start_time is required: a Unix time in seconds")
    if int(text) > time.time():
        raise bad_request("InvalidValue", "start_time cannot be in the future")
    return float(text)


def _window(call: Call, items: list[tuple[float, T]]) -> tuple[list[tuple[float, T]], int, bool]:
    """One time-based page of items (change time, item) from start_time: 1000 (more when the
    1000th shares its second with the next ones: the page then ends with that whole second, so
    a client always gets past a busy second); its end_time and whether it ends the stream."""
    start = _start(call)
    items = [i for i in items if i[0] >= start]
    items.sort(key=lambda i: i[0])
    size = _PAGE
    while 0 < size < len(items) and int(items[size][0]) == int(items[size - 1][0]):
        size += 1
    chunk = items[:size]
    return chunk, int(chunk[-1][0]) if chunk else int(start), len(items) <= size


def _page(call: Call, items: list[tuple[float, str]], key: str, path: str) -> Reply:
    """One time-based page (:func:`_window`) of items already in JSON."""
    chunk, end, last = _window(call, items)
    extra = (
        f'"count":{len(chunk)},"end_time":{end},"end_of_stream":{str(last).lower()},'
        f'"next_page":"{URL_MARK}{path}.json?start_time={end}"'
    )
    return Reply(text=f'{{"{key}":[{",".join(i[1] for i in chunk)}],{extra}}}')


def _tickets(call: Call) -> Reply:
    rows = call.ctx.store.select(call.ctx.name, "tickets")
    return _page(call, [(r.changed, r.body) for r in rows], "tickets", "incremental/tickets")


def _users(call: Call) -> Reply:
    rows = call.ctx.store.select(call.ctx.name, "users")
    items = []
    for row in rows:
        doc = row.doc()
        items.append((parse_time(doc.get("updated_at")) or 0.0, row.body))
    return _page(call, items, "users", "incremental/users")


def _child(event: dict[str, Any], comments: dict[int, dict[str, Any]] | None) -> Any:
    """A child event as the export shows it; a ``Comment`` only with ``comment_events``, as
    the comment now stands (a deleted one is left out)."""
    kind = event.get("type")
    if kind == "Comment":
        live = comments.get(event.get("comment_id", event["id"])) if comments else None
        if live is None:
            return None
        keys = ("id", "type", "author_id", "body", "html_body", "public", "attachments",
                "audit_id", "created_at")  # fmt: skip
        return {k: live.get(k, event.get(k)) for k in keys}
    if kind in ("Create", "Change"):
        out = {"id": event["id"], "event_type": kind, "via": event.get("via")}
        out[event["field_name"]] = event.get("value")
        if kind == "Change":
            out[f"previous_{event['field_name']}"] = event.get("previous_value")
        return out
    return {"id": event["id"], "event_type": kind}


def _ticket_events(call: Call) -> Reply:
    rows = call.ctx.store.select(call.ctx.name, "audits")
    chunk, end, last = _window(call, [(row.changed, row) for row in rows])
    audits = [(changed, row.doc()) for changed, row in chunk]
    comments = None
    if "comment_events" in call.query.get("include", "").split(","):
        ids = [
            e.get("comment_id", e["id"])
            for _, a in audits
            for e in a["events"]
            if e.get("type") == "Comment"
        ]
        comments = {}
        for i in range(0, len(ids), 500):
            for found in call.ctx.store.get_many(call.ctx.name, "comments", ids[i : i + 500]):
                comments[found.id] = found.doc()
    items = []
    for changed, audit in audits:
        children = [c for c in (_child(e, comments) for e in audit["events"]) if c]
        has_comment = any(e.get("type") == "Comment" for e in audit["events"])
        event = {
            "id": audit["id"],
            "ticket_id": audit["ticket_id"],
            "timestamp": int(changed),
            "created_at": audit["created_at"],
            "updater_id": audit["author_id"],
            "via": audit["via"]["channel"],
            "event_type": "Audit",
            "comment_present": has_comment,
            "comment_public": any(
                e.get("public") for e in audit["events"] if e.get("type") == "Comment"
            ),
            "child_events": children,
        }
        items.append(json.dumps(event, ensure_ascii=False))
    extra = (
        f'"count":{len(items)},"end_time":{end},"end_of_stream":{str(last).lower()},'
        f'"next_page":"{URL_MARK}incremental/ticket_events.json?start_time={end}"'
    )
    return Reply(text=f'{{"ticket_events":[{",".join(items)}],{extra}}}')


def bulk_exports_routes() -> list[Route]:
    return [
        ("POST", "/tickets/create_many", _create_many),
        ("DELETE", "/tickets/destroy_many", _destroy_many),
        ("GET", "/incremental/tickets", _tickets),
        ("GET", "/incremental/users", _users),
        ("GET", "/incremental/ticket_events", _ticket_events),
    ]
