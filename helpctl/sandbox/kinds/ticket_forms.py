"""Ticket forms: not paginated, ordered by position, with reorder, show_many, one default form,
and field/brand references that must exist."""

from __future__ import annotations

from typing import Any

from helpctl.sandbox.crud import Collection, Route, merge, reorder, routes, sync_raw
from helpctl.sandbox.kinds._base import SandboxKind
from helpctl.sandbox.kinds.brands import sync_brand_forms
from helpctl.sandbox.paging import ids_param, unpaged
from helpctl.sandbox.replies import Call, Details, Reply

__all__ = ["FORMS", "SANDBOX_KIND"]


_FORM_DEFAULTS: dict[str, Any] = {
    "name": None,
    "raw_name": None,
    "display_name": None,
    "raw_display_name": None,
    "end_user_visible": True,
    "position": 9999,
    "ticket_field_ids": [],
    "active": True,
    "default": False,
    "in_all_brands": True,
    "restricted_brand_ids": [],
    "end_user_conditions": [],
    "agent_conditions": [],
}
_FORM_WRITABLE = frozenset(_FORM_DEFAULTS)
_FORM_RAW = (("name", "raw_name"), ("display_name", "raw_display_name"))


def _check_ids(call: Call, kind: str, field: str, ids: Any, errors: Details) -> None:
    if not isinstance(ids, list):
        errors.add(field, f"{field}: must be a list of ids", "InvalidValue")
        return
    wanted = [i for i in ids if isinstance(i, int)]
    found = {r.id for r in call.ctx.store.get_many(call.ctx.name, kind, wanted)}
    for value in ids:
        if value not in found:
            errors.unknown(field, value)


def _build_form(call: Call, old: dict[str, Any] | None, obj: dict[str, Any]) -> dict[str, Any]:
    doc = merge(_FORM_DEFAULTS, old, obj, _FORM_WRITABLE)
    sync_raw(doc, obj, _FORM_RAW)
    if doc.get("display_name") is None:
        doc["display_name"] = doc.get("name")
        doc["raw_display_name"] = doc.get("raw_name")
    errors = Details()
    errors.require(doc, "name")
    if "ticket_field_ids" in obj:
        _check_ids(call, "ticket_fields", "ticket_field_ids", obj["ticket_field_ids"], errors)
    if "restricted_brand_ids" in obj:
        _check_ids(call, "brands", "restricted_brand_ids", obj["restricted_brand_ids"], errors)
    if doc.get("in_all_brands"):
        doc["restricted_brand_ids"] = []
    errors.check()
    if obj.get("default") is True:
        _clear_default(call, old["id"] if old else None)
    return doc


def _clear_default(call: Call, keep: int | None) -> None:
    rows = call.ctx.store.select(call.ctx.name, "ticket_forms", "json_extract(body, '$.default')")
    changed = []
    for row in rows:
        if row.id != keep:
            doc = row.doc()
            doc["default"] = False
            changed.append((row.id, doc, None, row.position, None, None, False, 0.0))
    call.ctx.store.put_many(call.ctx.name, "ticket_forms", changed)


FORMS = Collection(
    "ticket_forms",
    "ticket_form",
    "ticket_forms",
    _build_form,
    style="all",
    ordered=True,
    after_write=sync_brand_forms,
)


def _form_show_many(call: Call) -> Reply:
    rows = call.ctx.store.get_many(call.ctx.name, "ticket_forms", ids_param(call))
    return Reply(text=unpaged("ticket_forms", [r.body for r in rows]))


def _routes() -> list[Route]:
    return [
        ("PUT", "/ticket_forms/reorder", reorder("ticket_forms", "ticket_form_ids")),
        ("GET", "/ticket_forms/show_many", _form_show_many),
        *routes(FORMS),
    ]


SANDBOX_KIND = SandboxKind(FORMS, _routes)
