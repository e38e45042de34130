"""Brands: subdomains unique, the default brand can be neither deactivated nor deleted, and
``ticket_form_ids`` derived from the forms' brand settings."""

from __future__ import annotations

from typing import Any

from helpctl.sandbox.crud import Collection, Route, merge, routes, taken
from helpctl.sandbox.kinds._base import SandboxKind
from helpctl.sandbox.replies import Call, Details
from helpctl.sandbox.store import Row

__all__ = ["BRANDS", "SANDBOX_KIND", "sync_brand_forms"]


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


def _routes() -> list[Route]:
    return routes(BRANDS)


SANDBOX_KIND = SandboxKind(BRANDS, _routes)
