"""Brands and groups: the simplest configuration kinds (ticket fields and forms are in
``fields_api``, rules in ``rules_api``)."""

from __future__ import annotations

from typing import Any

from helpctl.sandbox.crud import Collection, Route, merge, routes
from helpctl.sandbox.replies import Call, Details
from helpctl.sandbox.store import Row

__all__ = ["BRANDS", "GROUPS", "config_routes", "sync_brand_forms", "taken", "unique"]


def taken(call: Call, kind: str, lookup: str, own_id: int | None) -> bool:
    """Whether another object of ``kind`` already has this lookup value (a unique name)."""
    rows = call.ctx.store.find(call.ctx.name, kind, "lookup", lookup)
    return any(r.id != own_id for r in rows)


def unique(
    call: Call,
    kind: str,
    field: str,
    doc: dict[str, Any],
    old: dict[str, Any] | None,
    errors: Details,
) -> None:
    """Report a DuplicateValue when another object of ``kind`` has the same (trimmed) value."""
    value = doc.get(field)
    own = old["id"] if old else None
    if isinstance(value, str) and value.strip() and taken(call, kind, value.strip().lower(), own):
        errors.duplicate(field, value)


_BRAND_DEFAULTS: dict[str, Any] = {
    "name": None,
    "brand_url": None,
    "subdomain": None,
    "host_mapping": None,
    "has_help_center": False,
    "help_center_state": "disabled",
    "active": True,
    "default": False,
    "is_deleted": False,
    "logo": None,
    "ticket_form_ids": [],
    "signature_template": None,
}
_BRAND_WRITABLE = frozenset(
    {"name", "subdomain", "host_mapping", "has_help_center", "active", "signature_template"}
)


def _build_brand(call: Call, old: dict[str, Any] | None, obj: dict[str, Any]) -> dict[str, Any]:
    doc = merge(_BRAND_DEFAULTS, old, obj, _BRAND_WRITABLE)
    errors = Details()
    errors.require(doc, "name", "subdomain")
    sub = doc.get("subdomain")
    if isinstance(sub, str) and sub:
        own = old["id"] if old else None
        if taken(call, "brands", sub.lower(), own):
            errors.duplicate("subdomain", sub)
    if old and old.get("default") and doc.get("active") is False:
        errors.add("active", "Active: the default brand cannot be deactivated", "InvalidValue")
    errors.check()
    host = doc.get("host_mapping")
    doc["brand_url"] = f"https://{host}" if host else f"https://{sub}.zendesk.com"
    if doc.get("has_help_center") and doc.get("help_center_state") == "disabled":
        doc["help_center_state"] = "enabled"
    return doc


def _before_brand_delete(call: Call, row: Row) -> None:
    if row.doc().get("default"):
        errors = Details()
        errors.add("base", "The default brand cannot be deleted", "InvalidValue")
        errors.check()


def _brand_index(doc: dict[str, Any]) -> tuple[str | None, str | None]:
    return None, str(doc.get("subdomain") or "").lower() or None


def sync_brand_forms(call: Call) -> None:
    """Recompute every brand's read-only ``ticket_form_ids`` from the forms' brand settings."""
    store, name = call.ctx.store, call.ctx.name
    forms = [r.doc() for r in store.select(name, "ticket_forms", order="position, id")]
    changed = []
    for row in store.select(name, "brands"):
        doc = row.doc()
        ids = [
            f["id"]
            for f in forms
            if f.get("in_all_brands") or row.id in (f.get("restricted_brand_ids") or [])
        ]
        if ids != doc.get("ticket_form_ids"):
            doc["ticket_form_ids"] = ids
            changed.append((row.id, doc, None, row.position, row.ext, row.lookup, False, 0.0))
    store.put_many(name, "brands", changed)


BRANDS = Collection(
    "brands",
    "brand",
    "brands",
    _build_brand,
    before_delete=_before_brand_delete,
    index=_brand_index,
    after_write=sync_brand_forms,
)

_GROUP_DEFAULTS: dict[str, Any] = {
    "name": None,
    "description": "",
    "default": False,
    "deleted": False,
    "is_public": True,
}
_GROUP_WRITABLE = frozenset({"name", "description", "is_public", "default"})


def _build_group(call: Call, old: dict[str, Any] | None, obj: dict[str, Any]) -> dict[str, Any]:
    doc = merge(_GROUP_DEFAULTS, old, obj, _GROUP_WRITABLE)
    errors = Details()
    errors.require(doc, "name")
    unique(call, "groups", "name", doc, old, errors)
    errors.check()
    return doc


def _name_index(doc: dict[str, Any]) -> tuple[str | None, str | None]:
    name = doc.get("name") or doc.get("title")
    return None, str(name).strip().lower() if name else None


GROUPS = Collection("groups", "group", "groups", _build_group, index=_name_index)


def config_routes() -> list[Route]:
    return routes(BRANDS) + routes(GROUPS)
