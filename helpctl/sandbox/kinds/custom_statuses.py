"""Custom ticket statuses: one unpaginated list, no DELETE, agent labels unique, the category
fixed at creation (and never ``new``), one active default per category, changed only through
``PUT /custom_status/default``. Every account starts with the built-in statuses."""

from __future__ import annotations

from typing import Any

from helpctl.sandbox.crud import Collection, Route, merge, routes, sync_raw, unique
from helpctl.sandbox.kinds._base import SandboxKind
from helpctl.sandbox.replies import ApiProblem, Call, Details, Reply

__all__ = ["CUSTOM_STATUSES", "SANDBOX_KIND"]

_DEFAULTS: dict[str, Any] = {
    "status_category": None,
    "agent_label": None,
    "raw_agent_label": None,
    "end_user_label": None,
    "raw_end_user_label": None,
    "description": "",
    "raw_description": "",
    "end_user_description": "",
    "raw_end_user_description": "",
    "active": True,
    "default": False,
}
_WRITABLE = frozenset(
    {"status_category", "agent_label", "end_user_label", "description", "end_user_description"}
    | {"active"}
)
_RAW = (
    ("agent_label", "raw_agent_label"),
    ("end_user_label", "raw_end_user_label"),
    ("description", "raw_description"),
    ("end_user_description", "raw_end_user_description"),
)
_CATEGORIES = ("new", "open", "pending", "hold", "solved")
_CREATABLE = ("open", "pending", "hold", "solved")
_MAX, _MAX_PER_CATEGORY = 300, 100


def _limits(call: Call, category: str, errors: Details) -> None:
    rows = call.ctx.store.select(call.ctx.name, "custom_statuses")
    same = [r for r in rows if r.doc().get("status_category") == category]
    if len(rows) >= _MAX or len(same) >= _MAX_PER_CATEGORY:
        errors.add("base", "Custom status limit reached", "LimitExceeded")


def _build(call: Call, old: dict[str, Any] | None, obj: dict[str, Any]) -> dict[str, Any]:
    doc = merge(_DEFAULTS, old, obj, _WRITABLE)
    if doc.get("end_user_label") is None:
        doc["end_user_label"] = doc.get("agent_label")
    sync_raw(doc, obj, _RAW)
    errors = Details()
    errors.require(doc, "agent_label", "status_category")
    category = doc.get("status_category")
    if old is None and category is not None and category not in _CREATABLE:
        errors.add("status_category", f"Status category {category} is not valid", "InvalidValue")
    if old is not None and category != old.get("status_category"):
        errors.add("status_category", "Status category cannot be changed", "InvalidValue")
    if old is not None and old.get("default") and doc.get("active") is False:
        errors.add("active", "A default status cannot be deactivated", "InvalidValue")
    unique(call, "custom_statuses", "agent_label", doc, old, errors)
    if old is None and category in _CATEGORIES:
        _limits(call, str(category), errors)
    errors.check()
    return doc


def _label_index(doc: dict[str, Any]) -> tuple[str | None, str | None]:
    label = doc.get("agent_label")
    return None, str(label).strip().lower() if label else None


CUSTOM_STATUSES = Collection(
    "custom_statuses", "custom_status", "custom_statuses", _build, style="all", index=_label_index
)


def _set_defaults(call: Call) -> Reply:
    """``PUT custom_status/default {"ids": "1,2"}``: each listed (active) status becomes its
    category's default; the category's previous default stops being one."""
    text = call.body.get("ids") if isinstance(call.body, dict) else None
    if not isinstance(text, str):
        raise ApiProblem(400, {"error": "InvalidParameter", "description": "ids required"})
    store, name = call.ctx.store, call.ctx.name
    chosen = [CUSTOM_STATUSES.load_id(call, int(i)) for i in text.split(",") if i.strip().isdigit()]
    errors = Details()
    for row in chosen:
        if not row.doc().get("active"):
            errors.add(
                "ids", f"Status {row.id} is inactive and cannot be a default", "InvalidValue"
            )
    errors.check()
    categories = {r.doc()["status_category"]: r.id for r in chosen}
    for row in store.select(name, "custom_statuses"):
        doc = row.doc()
        want = categories.get(doc.get("status_category"))
        if want is not None and doc.get("default") != (row.id == want):
            doc["default"] = row.id == want
            CUSTOM_STATUSES.store(call, doc)
    return Reply(200, {})


def _routes() -> list[Route]:
    return [
        ("PUT", "/custom_status/default", _set_defaults),
        *[r for r in routes(CUSTOM_STATUSES) if r[0] != "DELETE"],
    ]


SANDBOX_KIND = SandboxKind(CUSTOM_STATUSES, _routes)
