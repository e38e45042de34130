"""What the business-rule kinds share in the sandbox: building and checking a rule body, and the
bulk routes (update_many, destroy_many, active, search, definitions). Each rule kind defines its
collection in ``kinds/<kind>.py`` with :func:`rule_collection` and serves :func:`rule_routes`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from helpctl.sandbox.crud import Collection, Route, merge, routes, stamp
from helpctl.sandbox.definitions import definitions
from helpctl.sandbox.paging import Listing, Style, ids_param, paginate, unpaged
from helpctl.sandbox.replies import ApiProblem, Call, Details, Reply, not_found, too_many_values
from helpctl.sandbox.validation import RuleBody, check_rule_body, normalise_conditions

__all__ = [
    "BULK",
    "Hook",
    "RuleBody",
    "definitions_route",
    "rule_collection",
    "rule_routes",
    "show_many_route",
]

#: Kind-specific work on a rule document: (call, doc, sent object, old doc, errors).
Hook = Callable[[Call, dict[str, Any], dict[str, Any], dict[str, Any] | None, Details], None]

_COMMON = {"title": None, "raw_title": None, "active": True, "description": None}


def _next_position(call: Call, kind: str) -> int:
    rows = call.ctx.store.select(call.ctx.name, kind, order="position DESC", limit=1)
    return rows[0].position + 1 if rows else 1


def _build_rule(
    rule_kind: str,
    extra: dict[str, Any],
    shape: RuleBody,
    before_check: Hook | None,
    after_check: Hook | None,
) -> Any:
    defaults = {**_COMMON, **extra}
    writable = frozenset(defaults) | {"position", "output"}
    if shape.actions:
        writable |= {"actions"}

    def build(call: Call, old: dict[str, Any] | None, obj: dict[str, Any]) -> dict[str, Any]:
        doc = merge(defaults, old, obj, writable - {"conditions", "execution"})
        conditions = normalise_conditions(obj, old) if shape.conditions else None
        if conditions is not None:
            doc["conditions"] = conditions
        if "title" in obj and "raw_title" not in obj:
            doc["raw_title"] = obj["title"]
        if old is None and "position" not in obj:
            doc["position"] = _next_position(call, rule_kind)
        errors = Details()
        errors.require(doc, "title")
        if before_check is not None:
            before_check(call, doc, obj, old, errors)
        check_rule_body(call, rule_kind, shape, doc, errors)
        errors.check()
        if after_check is not None:
            after_check(call, doc, obj, old, errors)
        return doc

    return build


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


def rule_collection(
    kind: str,
    singular: str,
    extra: dict[str, Any],
    shape: RuleBody,
    *,
    before_check: Hook | None = None,
    after_check: Hook | None = None,
) -> Collection:
    """The collection of one rule kind: ``extra`` defaults beside title/active/description;
    ``before_check`` runs before the rule checks, ``after_check`` once the body passed them."""
    build = _build_rule(kind, extra, shape, before_check, after_check)
    return Collection(kind, singular, kind, build, ordered=True, filters=_active_filter)


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


def _active(coll: Collection, style: Style) -> Callable[[Call], Reply]:
    def handle(call: Call) -> Reply:
        where = "json_extract(body, '$.active')"
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


def definitions_route(rule_kind: str, shape: RuleBody) -> Route:
    """``GET /<rule kind>/definitions``."""

    def handle(call: Call) -> Reply:
        doc = definitions(call, rule_kind, conditions=shape.conditions)
        return Reply(200, {"definitions": doc})

    return ("GET", f"/{rule_kind}/definitions", handle)


#: The keys every rule kind's ``update_many`` accepts.
BULK = frozenset({"position", "active"})


def rule_routes(
    coll: Collection, *, bulk: frozenset[str] = BULK, active_style: Style = "both"
) -> list[Route]:
    """The bulk routes of a rule kind, then its five standard ones."""
    return [
        ("PUT", f"/{coll.kind}/update_many", _update_many(coll, bulk)),
        ("DELETE", f"/{coll.kind}/destroy_many", _destroy_many(coll)),
        ("GET", f"/{coll.kind}/active", _active(coll, active_style)),
        ("GET", f"/{coll.kind}/search", _search(coll)),
        *routes(coll),
    ]


def show_many_route(coll: Collection) -> Route:
    """``GET /<kind>/show_many?ids=…``."""

    def handle(call: Call) -> Reply:
        rows = call.ctx.store.get_many(call.ctx.name, coll.kind, ids_param(call))
        return Reply(text=unpaged(coll.plural, [r.body for r in rows]))

    return ("GET", f"/{coll.kind}/show_many", handle)
