"""Sandbox-only endpoints a test drives (documented in ``docs/sandbox.md``) and ticket audits.

- ``POST /sandbox/clock`` ``{"advance_hours": N}``: moves the account's automation clock N hours
  ahead, running the automations once per hour as Zendesk does (each run is followed by the
  triggers, with no current user); ``GET /sandbox/clock`` reads it.
- ``GET /sandbox/outbox``: every notification the account's rules sent, oldest first
  (``?ticket_id=`` narrows); ``DELETE /sandbox/outbox`` empties it.
- ``GET /tickets/{id}/audits`` (``/{audit_id}``, ``/count``).
"""

from __future__ import annotations

import time
from typing import Any

from helpctl.rules import AutomationRun, CannotEvaluate
from helpctl.sandbox.crud import Route
from helpctl.sandbox.paging import Listing, paginate, unpaged
from helpctl.sandbox.replies import Call, Details, Reply, bad_request, iso, not_found
from helpctl.sandbox.rule_account import account_engine, apply_to_doc, as_datetime, ticket_of
from helpctl.sandbox.store import Row
from helpctl.sandbox.ticket_rules import TicketWrite, state_of, store_audit

__all__ = ["clock_routes", "clock_time"]

_CLOCK_ID = 1
_MAX_HOURS = 24 * 366


def _offset(call: Call) -> float:
    row = call.ctx.store.get(call.ctx.name, "sandbox_clock", _CLOCK_ID)
    return float(row.doc().get("offset", 0.0)) if row else 0.0


def clock_time(call: Call) -> float:
    """The account's clock: real time plus every advance a test asked for."""
    return time.time() + _offset(call)


def _clock_doc(call: Call) -> dict[str, Any]:
    offset = _offset(call)
    return {"clock": {"now": iso(time.time() + offset), "offset_hours": offset / 3600}}


def _show_clock(call: Call) -> Reply:
    return Reply(200, _clock_doc(call))


def _automate(call: Call, row: Row, at: float) -> None:
    """One hourly automation run over one ticket, then the triggers over what it changed."""
    engine = account_engine(call)
    before = row.doc()
    state = state_of(call, row.id)
    ticket = ticket_of(before, engine.directory, state)
    when = as_datetime(at)
    assert when is not None
    try:
        run = engine.run_automations(ticket, now=when, memory=state.get("memory", []))
    except CannotEvaluate:
        return
    with call.ctx.store.tx():  # memory, ticket, audit and notifications: one write
        _save_run(call, row, before, state, run, at)


def _save_run(
    call: Call,
    row: Row,
    before: dict[str, Any],
    state: dict[str, Any],
    run: AutomationRun,
    at: float,
) -> None:
    """The automation run's memory, and what it changed with the triggers' audit."""
    engine = account_engine(call)
    state["memory"] = sorted(str(m) for m in run.memory)
    call.ctx.store.put(call.ctx.name, "ticket_state", row.id, state, parent=row.id)
    if not run.changes and not run.notifications:
        return
    doc = row.doc()
    apply_to_doc(doc, run.ticket)
    doc["updated_at"], doc["generated_timestamp"] = iso(at), int(at)
    write = TicketWrite(call, doc, before, [], at)
    write.user_id, write.by_request = None, False
    rules = {a.label: a.raw for a in engine.automations}
    write._rule_changes(run.changes, rules, "automation")
    write._notifications(run.notifications, rules, "automation")
    write.run()
    audit = write.audit()
    store = call.ctx.store
    ext = doc.get("external_id")
    store.put(
        call.ctx.name,
        "tickets",
        row.id,
        doc,
        ext=str(ext) if ext is not None else None,
        hidden=bool(row.hidden),
        changed=at,
    )
    store_audit(call, audit, at)


def _advance(call: Call) -> Reply:
    body = call.body if isinstance(call.body, dict) else {}
    hours = body.get("advance_hours")
    if isinstance(hours, bool) or not isinstance(hours, int) or not 0 <= hours <= _MAX_HOURS:
        errors = Details()
        errors.add("advance_hours", f"Advance hours: must be a whole number 0..{_MAX_HOURS}")
        errors.check()
    start = _offset(call)
    for step in range(1, int(hours or 0) + 1):
        offset = start + step * 3600
        call.ctx.store.put(call.ctx.name, "sandbox_clock", _CLOCK_ID, {"offset": offset})
        at = time.time() + offset
        for row in call.ctx.store.select(call.ctx.name, "tickets", "hidden = 0"):
            if '"status": "closed"' not in row.body:
                _automate(call, row, at)
    return Reply(200, _clock_doc(call))


def _outbox(call: Call) -> Reply:
    where, params = "", []
    if "ticket_id" in call.query:
        if not call.query["ticket_id"].isdigit():
            raise bad_request("InvalidValue", "ticket_id must be a ticket id")
        where, params = "parent = ?", [int(call.query["ticket_id"])]
    rows = call.ctx.store.select(call.ctx.name, "outbox", where, params, "changed, id")
    return Reply(text=unpaged("notifications", [r.body for r in rows]))


def _clear_outbox(call: Call) -> Reply:
    rows = call.ctx.store.select(call.ctx.name, "outbox")
    if rows:
        call.ctx.store.delete(call.ctx.name, "outbox", [r.id for r in rows])
    return Reply(204)


def _ticket(call: Call) -> int:
    ticket_id = call.int_param("id")
    if call.ctx.store.get(call.ctx.name, "tickets", ticket_id) is None:
        raise not_found()
    return ticket_id


def _audits(call: Call) -> Reply:
    ticket_id = _ticket(call)
    listing = Listing(
        "audits", f"tickets/{ticket_id}/audits", "audits", "both", False, "parent = ?", [ticket_id]
    )
    return paginate(call, listing)


def _audit(call: Call) -> Reply:
    ticket_id = _ticket(call)
    row = call.ctx.store.get(call.ctx.name, "audits", call.int_param("audit_id"))
    if row is None or row.parent != ticket_id:
        raise not_found()
    return Reply(text='{"audit":' + row.body + "}")


def _audit_count(call: Call) -> Reply:
    ticket_id = _ticket(call)
    value = call.ctx.store.count(call.ctx.name, "audits", "parent = ?", [ticket_id])
    return Reply(200, {"count": {"value": value, "refreshed_at": iso(time.time())}})


def clock_routes() -> list[Route]:
    return [
        ("GET", "/sandbox/clock", _show_clock),
        ("POST", "/sandbox/clock", _advance),
        ("GET", "/sandbox/outbox", _outbox),
        ("DELETE", "/sandbox/outbox", _clear_outbox),
        ("GET", "/tickets/{id}/audits/count", _audit_count),
        ("GET", "/tickets/{id}/audits/{audit_id}", _audit),
        ("GET", "/tickets/{id}/audits", _audits),
    ]
