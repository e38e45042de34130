"""Business rules: triggers, automations, macros and views (with update_many, destroy_many,
reorder, active, search and the definitions endpoints). Trigger categories are in
``categories_api``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from helpctl.sandbox.categories_api import CATEGORIES, default_category, resolve_category
from helpctl.sandbox.crud import Collection, Route, merge, routes, stamp
from helpctl.sandbox.definitions import definitions
from helpctl.sandbox.paging import Listing, Style, ids_param, paginate, unpaged
from helpctl.sandbox.replies import ApiProblem, Call, Details, Reply, not_found, too_many_values
from helpctl.sandbox.validation import check_rule_body, normalise_conditions
from helpctl.sandbox.view_output import execution

__all__ = ["AUTOMATIONS", "MACROS", "TRIGGERS", "VIEWS", "rules_routes"]

_COMMON = {"title": None, "raw_title": None, "active": True, "description": None}


def _next_position(call: Call, kind: str) -> int:
    rows = call.ctx.store.select(call.ctx.name, kind, order="position DESC", limit=1)
    return rows[0].position + 1 if rows else 1


def _build_rule(rule_kind: str, extra: dict[str, Any]) -> Any:
    defaults = {**_COMMON, **extra}
    writable = frozenset(defaults) | {"position", "output"}
    if rule_kind != "views":  # views have no actions
        writable |= {"actions"}

    def build(call: Call, old: dict[str, Any] | None, obj: dict[str, Any]) -> dict[str, Any]:
        doc = merge(defaults, old, obj, writable - {"conditions", "execution"})
        conditions = normalise_conditions(obj, old) if rule_kind != "macros" else None
        if conditions is not None:
            doc["conditions"] = conditions
        if "title" in obj and "raw_title" not in obj:
            doc["raw_title"] = obj["title"]
        if old is None and "position" not in obj:
            doc["position"] = _next_position(call, rule_kind)
        errors = Details()
        errors.require(doc, "title")
        if rule_kind != "views" and not doc.get("actions"):
            errors.blank("actions")
        conditions = doc.get("conditions") or {}
        if rule_kind != "macros" and not (conditions.get("all") or conditions.get("any")):
            errors.blank("conditions")
        if rule_kind == "triggers":
            _trigger_category(call, doc, obj, errors)
        check_rule_body(call, rule_kind, doc, errors)
        errors.check()
        if rule_kind == "views":
            _view_execution(call, doc, obj.get("output"), old)
        return doc

    return build


def _trigger_category(
    call: Call, doc: dict[str, Any], obj: dict[str, Any], errors: Details
) -> None:
    if isinstance(obj.get("category"), dict):
        doc.pop("category", None)
        doc["category_id"] = resolve_category(call, obj["category"])
    elif doc.get("category_id") is None:
        doc["category_id"] = default_category(call)
    else:
        cid = str(doc["category_id"])
        known = cid.isdigit() and call.ctx.store.get(call.ctx.name, CATEGORIES.kind, int(cid))
        if not known:
            errors.unknown("category_id", cid)
        doc["category_id"] = cid


def _view_execution(
    call: Call, doc: dict[str, Any], output: Any, old: dict[str, Any] | None
) -> None:
    """Views answer ``execution`` (never ``output``); a PUT without output keeps the old one."""
    doc.pop("output", None)
    if old is not None and not isinstance(output, dict):
        return
    doc["execution"] = execution(call, output if isinstance(output, dict) else {})


def _active_filter(call: Call) -> tuple[str, list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if "active" in call.query:
        where.append("json_extract(body, '$.active') = ?")
        params.append(1 if call.query["active"] == "true" else 0)
    if "category_id" in call.query:
        where.append("json_extract(body, '$.category_id') = ?")
        params.append(call.query["category_id"])
    return " AND ".join(where), params


def _collection(kind: str, singular: str, extra: dict[str, Any]) -> Collection:
    return Collection(
        kind, singular, kind, _build_rule(kind, extra), ordered=True, filters=_active_filter
    )


TRIGGERS = _collection(
    "triggers",
    "trigger",
    {"actions": [], "conditions": {"all": [], "any": []}, "category_id": None},
)
AUTOMATIONS = _collection(
    "automations", "automation", {"actions": [], "conditions": {"all": [], "any": []}}
)
MACROS = _collection("macros", "macro", {"actions": [], "restriction": None})
VIEWS = _collection(
    "views", "view", {"conditions": {"all": [], "any": []}, "restriction": None, "watchable": True}
)


def _update_many(coll: Collection, allowed: frozenset[str]) -> Callable[[Call], Reply]:
    def handle(call: Call) -> Reply:
        items = call.body.get(coll.plural) if isinstance(call.body, dict) else None
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise ApiProblem(400, {"error": "InvalidParameter", "description": coll.plural})
        if len(items) > 100:
            raise too_many_values()
        rows = {
            r.id: r
            for r in call.ctx.store.get_many(
                call.ctx.name, coll.kind, [int(i.get("id", 0)) for i in items]
            )
        }
        docs = []
        for item in items:
            row = rows.get(int(item.get("id", 0)))
            if row is None:
                raise not_found()
            old = row.doc()
            doc = {**old, **{k: v for k, v in item.items() if k in allowed}}
            if "category_id" in doc and doc["category_id"] is not None:
                doc["category_id"] = str(doc["category_id"])
            docs.append(stamp(doc, coll.kind, row.id, old))
        for doc in docs:
            coll.store(call, doc)
        return Reply(200, {coll.plural: docs})

    return handle


def _destroy_many(coll: Collection) -> Callable[[Call], Reply]:
    def handle(call: Call) -> Reply:
        ids = ids_param(call)
        if len(call.ctx.store.get_many(call.ctx.name, coll.kind, ids)) != len(ids):
            raise not_found()
        call.ctx.store.delete(call.ctx.name, coll.kind, ids)
        return Reply(204)

    return handle


def _reorder_triggers(call: Call) -> Reply:
    ids = call.body.get("trigger_ids") if isinstance(call.body, dict) else None
    if not isinstance(ids, list):
        raise ApiProblem(400, {"error": "InvalidParameter", "description": "trigger_ids"})
    if call.ctx.store.count(call.ctx.name, CATEGORIES.kind) > 1:
        raise ApiProblem(
            400,
            {
                "error": "LimitOneCategory",
                "description": "Reorder is only allowed when the account has one category",
            },
        )
    rows = {r.id: r for r in call.ctx.store.select(call.ctx.name, "triggers")}
    if sorted(int(i) for i in ids) != sorted(rows):
        errors = Details()
        errors.add("trigger_ids", "Trigger ids: must list every trigger", "InvalidValue")
        errors.check()
    docs = []
    for position, tid in enumerate(ids, start=1):
        doc = rows[int(tid)].doc()
        doc["position"] = position
        docs.append(doc)
        TRIGGERS.store(call, doc)
    return Reply(200, {"triggers": docs})


def _active(coll: Collection) -> Callable[[Call], Reply]:
    def handle(call: Call) -> Reply:
        where = "json_extract(body, '$.active')"
        style: Style = "offset" if coll is VIEWS else "both"  # views/active is offset only
        return paginate(
            call, Listing(coll.kind, f"{coll.kind}/active", coll.plural, style, True, where)
        )

    return handle


def _search(coll: Collection) -> Callable[[Call], Reply]:
    def handle(call: Call) -> Reply:
        text = call.query.get("query", "").lower()
        where = "lower(json_extract(body, '$.title')) LIKE ?"
        return paginate(
            call,
            Listing(
                coll.kind, f"{coll.kind}/search", coll.plural, "offset", True, where, [f"%{text}%"]
            ),
        )

    return handle


def _show_many(coll: Collection) -> Callable[[Call], Reply]:
    def handle(call: Call) -> Reply:
        rows = call.ctx.store.get_many(call.ctx.name, coll.kind, ids_param(call))
        return Reply(text=unpaged(coll.plural, [r.body for r in rows]))

    return handle


def _definitions(rule_kind: str) -> Callable[[Call], Reply]:
    def handle(call: Call) -> Reply:
        return Reply(200, {"definitions": definitions(call, rule_kind)})

    return handle


_BULK = frozenset({"position", "active"})


def rules_routes() -> list[Route]:
    out: list[Route] = [
        ("GET", "/triggers/definitions", _definitions("triggers")),
        ("GET", "/macros/definitions", _definitions("macros")),
        ("PUT", "/triggers/reorder", _reorder_triggers),
        ("GET", "/views/show_many", _show_many(VIEWS)),
    ]
    for coll in (TRIGGERS, AUTOMATIONS, MACROS, VIEWS):
        allowed = _BULK | {"category_id"} if coll is TRIGGERS else _BULK
        out += [
            ("PUT", f"/{coll.kind}/update_many", _update_many(coll, allowed)),
            ("DELETE", f"/{coll.kind}/destroy_many", _destroy_many(coll)),
            ("GET", f"/{coll.kind}/active", _active(coll)),
            ("GET", f"/{coll.kind}/search", _search(coll)),
            *routes(coll),
        ]
    return out
