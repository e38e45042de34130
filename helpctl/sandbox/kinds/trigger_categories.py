"""Trigger categories: string ids, PATCH instead of PUT, the batch ``jobs`` endpoint, and the
newer JSON:API-like ``{"errors": [...]}`` error shape."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from helpctl.resources.object_rules import UNIQUE_NAMES
from helpctl.sandbox.crud import Collection, Route, merge, routes, stamp, unique
from helpctl.sandbox.kinds._base import SandboxKind
from helpctl.sandbox.replies import ApiProblem, Call, Details, Handler, Reply
from helpctl.sandbox.store import Row
from helpctl.words import plural

__all__ = ["CATEGORIES", "SANDBOX_KIND", "default_category", "jsonapi", "resolve_category"]


def _build(call: Call, old: dict[str, Any] | None, obj: dict[str, Any]) -> dict[str, Any]:
    doc = merge({"name": None, "position": None}, old, obj, {"name", "position"})
    errors = Details()
    errors.require(doc, "name")
    unique(call, "trigger_categories", UNIQUE_NAMES["trigger_categories"], doc, old, errors)
    errors.check()
    if doc["position"] is None:
        rows = call.ctx.store.select(
            call.ctx.name, "trigger_categories", order="position DESC", limit=1
        )
        doc["position"] = rows[0].position + 1 if rows else 1
    return doc


def _before_delete(call: Call, row: Row) -> None:
    used = call.ctx.store.count(
        call.ctx.name, "triggers", "json_extract(body, '$.category_id') = ?", [str(row.id)]
    )
    if used:
        raise ApiProblem(
            400,
            {
                "errors": [
                    _error(
                        "TriggerCategoryNotEmpty",
                        "Invalid trigger category",
                        f"Trigger category {row.id} still holds {plural(used, 'trigger')};"
                        " move them first",
                        400,
                    )
                ]
            },
        )


def _name_index(doc: dict[str, Any]) -> tuple[str | None, str | None]:
    return None, str(doc.get("name") or "").strip().lower() or None


CATEGORIES = Collection(
    "trigger_categories",
    "trigger_category",
    "trigger_categories",
    _build,
    ordered=True,
    string_id=True,
    before_delete=_before_delete,
    index=_name_index,
)


def _error(code: str, title: str, detail: str, status: int) -> dict[str, Any]:
    return {
        "code": code,
        "title": title,
        "detail": detail,
        "status": str(status),
        "id": "",
        "source": {},
        "links": {},
    }


def jsonapi(handler: Handler) -> Handler:
    """Answer the classic error bodies of the generic handlers in the ``errors`` shape."""

    def handle(call: Call) -> Reply:
        try:
            return handler(call)
        except ApiProblem as problem:
            body = problem.body
            if isinstance(body, dict) and "errors" not in body:
                details = body.get("details") or {}
                texts = [e["description"] for errs in details.values() for e in errs]
                code = {404: "TriggerCategoryNotFound", 422: "InvalidTriggerCategory"}.get(
                    problem.status, str(body.get("error"))
                )
                detail = "; ".join(texts) or str(body.get("description", ""))
                body = {
                    "errors": [_error(code, str(body.get("description")), detail, problem.status)]
                }
            raise ApiProblem(problem.status, body, problem.headers) from problem

    return handle


def default_category(call: Call) -> str | None:
    rows = call.ctx.store.select(call.ctx.name, CATEGORIES.kind, order="position, id", limit=1)
    return str(rows[0].id) if rows else None


def resolve_category(call: Call, obj: dict[str, Any]) -> str:
    """Create the category a trigger sends inline (``"category": {"name", "position"}``)."""
    new_id = call.ctx.store.new_id()
    doc = stamp(_build(call, None, obj), CATEGORIES.kind, new_id, None, string_id=True)
    CATEGORIES.store(call, doc)
    return str(new_id)


def _patch_items(call: Call, coll_kind: str, items: Any, allowed: set[str]) -> list[Any]:
    out = []
    for item in items or []:
        row = call.ctx.store.get(call.ctx.name, coll_kind, int(item.get("id", 0)))
        if row is None:
            raise ApiProblem(
                400,
                {
                    "errors": [
                        _error(
                            "InvalidItem",
                            "Invalid item",
                            f"{coll_kind} {item.get('id')} not found",
                            400,
                        )
                    ]
                },
            )
        old = row.doc()
        doc = {**old, **{k: v for k, v in item.items() if k in allowed}}
        if doc.get("category_id") is not None:
            doc["category_id"] = str(doc["category_id"])
        doc = stamp(doc, coll_kind, row.id, old, string_id=coll_kind == CATEGORIES.kind)
        call.ctx.store.put(
            call.ctx.name, coll_kind, row.id, doc, position=int(doc["position"]), lookup=row.lookup
        )
        out.append(doc)
    return out


def _jobs(call: Call) -> Reply:
    job = call.obj("job")
    items = job.get("items") or {}
    if job.get("action") != "patch":
        raise ApiProblem(
            400,
            {"errors": [_error("InvalidAction", "Invalid action", "action must be patch", 400)]},
        )
    with call.ctx.store.tx():
        cats = _patch_items(call, CATEGORIES.kind, items.get("trigger_categories"), {"position"})
        triggers = _patch_items(
            call, "triggers", items.get("triggers"), {"position", "category_id", "active"}
        )
    results = {"trigger_categories": cats, "triggers": triggers}
    return Reply(
        200, {"job": {"action": "patch", "status": "complete", "results": results, "errors": []}}
    )


def _routes() -> list[Route]:
    wrapped: list[tuple[str, str, Callable[[Call], Reply]]] = [
        ("POST", "/trigger_categories/jobs", _jobs),
        *routes(CATEGORIES, update_method="PATCH"),
    ]
    return [(method, path, jsonapi(handler)) for method, path, handler in wrapped]


SANDBOX_KIND = SandboxKind(CATEGORIES, _routes)
