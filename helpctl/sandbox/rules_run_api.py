"""Rules that answer without saving: views executed over the account's tickets
(``views/{id}/execute|tickets|count``, ``views/count_many``), macros applied as a preview
(``macros/{id}/apply``, ``tickets/{id}/macros/{id}/apply``), and ticket tags (``GET`` list,
``POST`` set, ``PUT`` add, ``DELETE`` remove; reference part 2 §10).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from helpctl.rules import CannotEvaluate, Engine, Ticket
from helpctl.sandbox.crud import Route, now
from helpctl.sandbox.replies import ApiProblem, Call, Reply, bad_request, iso, not_found
from helpctl.sandbox.rule_account import account_engine, apply_to_doc, ticket_of
from helpctl.sandbox.store import URL_MARK, Row
from helpctl.sandbox.ticket_model import Built
from helpctl.sandbox.ticket_rules import state_of
from helpctl.sandbox.ticket_updates import save_written

__all__ = ["rules_run_routes"]


def _cannot(ex: CannotEvaluate) -> ApiProblem:
    return ApiProblem(422, {"error": "CannotEvaluate", "description": str(ex)})


def _tickets(call: Call, engine: Engine) -> tuple[list[Ticket], dict[int, dict[str, Any]]]:
    rows = call.ctx.store.select(call.ctx.name, "tickets", "hidden = 0")
    docs = {r.id: r.doc() for r in rows}
    tickets = [ticket_of(d, engine.directory, state_of(call, i)) for i, d in docs.items()]
    return tickets, docs


def _view_docs(call: Call, view_id: int) -> list[dict[str, Any]]:
    engine = account_engine(call)
    if str(view_id) not in {str(k) for k in engine.views}:
        raise not_found()
    tickets, docs = _tickets(call, engine)
    user = engine.directory.user(call.ctx.account.user_id)
    try:
        result = engine.execute_view(view_id, tickets, now=datetime.now(UTC), current_user=user)
    except CannotEvaluate as ex:
        raise _cannot(ex) from ex
    return [docs[t.id] for t in result.tickets]


def _view_tickets(call: Call) -> Reply:
    docs = _view_docs(call, call.int_param("id"))
    return Reply(
        200, {"tickets": docs, "next_page": None, "previous_page": None, "count": len(docs)}
    )


def _view_execute(call: Call) -> Reply:
    view_id = call.int_param("id")
    docs = _view_docs(call, view_id)
    row = call.ctx.store.get(call.ctx.name, "views", view_id)
    view: dict[str, Any] = row.doc() if row else {"id": view_id}
    columns = (view.get("execution") or {}).get("columns") or []
    keys = [c.get("id") for c in columns if isinstance(c, dict)]
    rows = [
        {**{str(k): d.get(str(k)) for k in keys}, "ticket_id": d["id"], "ticket": d} for d in docs
    ]
    return Reply(
        200,
        {
            "rows": rows,
            "columns": columns,
            "groups": [],
            "view": view,
            "count": len(rows),
            "next_page": None,
            "previous_page": None,
        },
    )


def _count(call: Call, view_id: int) -> dict[str, Any]:
    value = len(_view_docs(call, view_id))
    return {
        "view_id": view_id,
        "url": f"{URL_MARK}views/{view_id}/count.json",
        "value": value,
        "pretty": str(value),
        "fresh": True,
    }


def _view_count(call: Call) -> Reply:
    return Reply(200, {"view_count": _count(call, call.int_param("id"))})


def _count_many(call: Call) -> Reply:
    ids = [i for i in call.query.get("ids", "").split(",") if i.strip()]
    if not ids or not all(i.strip().isdigit() for i in ids):
        raise bad_request("InvalidParameter", "Parameter ids is required (view ids)")
    if len(ids) > 20:
        raise bad_request("TooManyValues", "Parameter ids cannot specify more than 20 values")
    return Reply(200, {"view_counts": [_count(call, int(i)) for i in ids]})


def _macro_result(call: Call, ticket_doc: dict[str, Any] | None) -> Reply:
    engine = account_engine(call)
    macro_id = call.int_param("macro_id" if ticket_doc is not None else "id")
    if str(macro_id) not in {str(k) for k in engine.macros}:
        raise not_found()
    doc = ticket_doc or {"id": 0, "requester_id": call.ctx.account.user_id, "status": "new"}
    ticket = ticket_of(doc, engine.directory, {})
    user = engine.directory.user(call.ctx.account.user_id)
    try:
        result = engine.apply_macro(macro_id, ticket, now=datetime.now(UTC), current_user=user)
    except CannotEvaluate as ex:
        raise _cannot(ex) from ex
    if ticket_doc is not None:  # the whole ticket as it would be after the macro
        out = dict(ticket_doc)
        apply_to_doc(out, result.ticket)
    else:  # only the changes the macro would make
        after: dict[str, Any] = {"id": 0, "requester_id": doc["requester_id"], "status": "new"}
        apply_to_doc(after, result.ticket)
        fields = {c.field.removeprefix("custom_fields_") for c in result.changes}
        out = {
            k: v
            for k, v in after.items()
            if k in fields or (k == "custom_fields" and any(f.isdigit() for f in fields))
        }
    if result.comment is not None:
        body = result.comment.body
        out["comment"] = {
            "body": body,
            "public": result.comment.public,
            "scoped_body": [["channel:all", body]],
        }
        if result.comment_html is not None:
            out["comment"]["html_body"] = result.comment_html
    return Reply(200, {"result": {"ticket": out}})


def _macro_apply(call: Call) -> Reply:
    return _macro_result(call, None)


def _ticket_row(call: Call) -> Row:
    row = call.ctx.store.get(call.ctx.name, "tickets", call.int_param("id"))
    if row is None:
        raise not_found()
    return row


def _ticket_macro_apply(call: Call) -> Reply:
    return _macro_result(call, _ticket_row(call).doc())


def _tag_list(call: Call) -> list[str]:
    body = call.body if isinstance(call.body, dict) else {}
    tags = body.get("tags")
    if isinstance(tags, str):
        tags = tags.split()
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise bad_request("InvalidParameter", "Parameter tags is required (a list of tags)")
    return [w.lower() for t in tags for w in t.split()]


def _change_tags(call: Call, mode: str) -> Reply:
    row = _ticket_row(call)
    body = call.body if isinstance(call.body, dict) else {}
    previous, doc = row.doc(), row.doc()
    if str(body.get("safe_update", "")).lower() == "true" and body.get("updated_stamp") != doc.get(
        "updated_at"
    ):
        raise ApiProblem(
            409,
            {
                "error": "UpdateConflict",
                "description": "Safe Update prevented the update due to outdated "
                "ticket data. Please fetch the latest ticket data and try again.",
            },
        )
    if doc.get("status") == "closed":
        raise ApiProblem(
            422,
            {
                "error": "RecordInvalid",
                "description": "Record validation errors",
                "details": {"status": [{"description": "Status: closed prevents ticket update"}]},
            },
        )
    tags = _tag_list(call)
    current = list(doc.get("tags") or [])
    if mode == "set":
        new = tags
    elif mode == "add":
        new = current + tags
    else:
        new = [t for t in current if t not in tags]
    doc["tags"] = sorted(set(new))
    ts = now()
    doc["updated_at"], doc["generated_timestamp"] = iso(ts), int(ts)
    save_written(call, Built(doc, [], changed=ts, archived=bool(row.hidden)), previous)
    return Reply(201 if mode == "set" else 200, {"tags": doc["tags"]})


def _ticket_tags(call: Call) -> Reply:
    return Reply(200, {"tags": _ticket_row(call).doc().get("tags") or []})


def _all_tags(call: Call) -> Reply:
    counts: dict[str, int] = {}
    for row in call.ctx.store.select(call.ctx.name, "tickets", "hidden = 0"):
        for tag in row.doc().get("tags") or []:
            counts[tag] = counts.get(tag, 0) + 1
    tags = [{"name": n, "count": c} for n, c in sorted(counts.items(), key=lambda p: (-p[1], p[0]))]
    return Reply(200, {"tags": tags, "next_page": None, "previous_page": None, "count": len(tags)})


def rules_run_routes() -> list[Route]:
    return [
        ("GET", "/views/count_many", _count_many),
        ("GET", "/views/{id}/execute", _view_execute),
        ("GET", "/views/{id}/tickets", _view_tickets),
        ("GET", "/views/{id}/count", _view_count),
        ("GET", "/macros/{id}/apply", _macro_apply),
        ("GET", "/tickets/{id}/macros/{macro_id}/apply", _ticket_macro_apply),
        ("GET", "/tags", _all_tags),
        ("GET", "/tickets/{id}/tags", _ticket_tags),
        ("POST", "/tickets/{id}/tags", lambda call: _change_tags(call, "set")),
        ("PUT", "/tickets/{id}/tags", lambda call: _change_tags(call, "add")),
        ("DELETE", "/tickets/{id}/tags", lambda call: _change_tags(call, "remove")),
    ]
