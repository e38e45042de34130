"""Triggers: a category (by id, or created inline from ``category: {name, position}``), the
definitions endpoint, and ``triggers/reorder`` while the account has a single category."""

from __future__ import annotations

from typing import Any

from helpctl.sandbox.crud import Route
from helpctl.sandbox.kinds._base import SandboxKind
from helpctl.sandbox.kinds.trigger_categories import (
    CATEGORIES,
    default_category,
    resolve_category,
)
from helpctl.sandbox.replies import ApiProblem, Call, Details, Reply
from helpctl.sandbox.rules_api import (
    BULK,
    RuleBody,
    definitions_route,
    rule_collection,
    rule_routes,
)

__all__ = ["SANDBOX_KIND", "TRIGGERS"]

_SHAPE = RuleBody()


def _category(
    call: Call,
    doc: dict[str, Any],
    obj: dict[str, Any],
    old: dict[str, Any] | None,
    errors: Details,
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


TRIGGERS = rule_collection(
    "triggers",
    "trigger",
    {"actions": [], "conditions": {"all": [], "any": []}, "category_id": None},
    _SHAPE,
    before_check=_category,
)


def _reorder(call: Call) -> Reply:
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
    rows = {r.id: r for r in call.ctx.store.select(call.ctx.name, TRIGGERS.kind)}
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
    return Reply(200, {TRIGGERS.plural: docs})


def _routes() -> list[Route]:
    return [
        definitions_route(TRIGGERS.kind, _SHAPE),
        ("PUT", f"/{TRIGGERS.kind}/reorder", _reorder),
        *rule_routes(TRIGGERS, bulk=BULK | {"category_id"}),
    ]


SANDBOX_KIND = SandboxKind(TRIGGERS, _routes)
