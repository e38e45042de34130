"""Dynamic content: items with their variants (one per locale, one default), a placeholder
derived from the name, and the variants endpoints."""

from __future__ import annotations

import re
from typing import Any

from helpctl.resources.object_rules import UNIQUE_NAMES
from helpctl.sandbox.crud import Collection, Route, merge, now, routes, unique
from helpctl.sandbox.kinds._base import SandboxKind
from helpctl.sandbox.replies import Call, Details, Reply, iso, not_found
from helpctl.sandbox.seed import LOCALES
from helpctl.sandbox.store import URL_MARK

__all__ = ["ITEMS", "SANDBOX_KIND"]

_LOCALE_IDS = frozenset(lid for lid, *_ in LOCALES)


def placeholder(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    return "{{dc." + slug + "}}"


def _variant(
    call: Call, item_id: int, obj: dict[str, Any], old: dict[str, Any] | None, errors: Details
) -> dict[str, Any]:
    doc = merge(
        {"content": None, "locale_id": None, "outdated": False, "active": True, "default": False},
        old,
        obj,
        {"content", "locale_id", "active", "default"},
    )
    errors.require(doc, "content")
    if doc.get("locale_id") not in _LOCALE_IDS:
        errors.add(
            "locale_id", f"Locale: {doc.get('locale_id')} is not an active locale", "InvalidValue"
        )
    vid = old["id"] if old else call.ctx.store.new_id()
    ts = iso(now())
    return {
        "url": f"{URL_MARK}dynamic_content/items/{item_id}/variants/{vid}.json",
        "id": vid,
        **{k: v for k, v in doc.items() if k not in ("url", "id")},
        "created_at": old["created_at"] if old else ts,
        "updated_at": ts,
    }


def _check_variants(doc: dict[str, Any], errors: Details) -> None:
    locales = [v.get("locale_id") for v in doc["variants"]]
    if len(set(locales)) != len(locales):
        errors.add("variants", "Variants: only one variant per locale", "DuplicateValue")
    defaults = [v for v in doc["variants"] if v.get("locale_id") == doc.get("default_locale_id")]
    if doc["variants"] and not defaults:
        errors.add(
            "default_locale_id", "Default locale: needs a variant in that locale", "InvalidValue"
        )
    for v in doc["variants"]:
        v["default"] = v.get("locale_id") == doc.get("default_locale_id")


def _build_item(call: Call, old: dict[str, Any] | None, obj: dict[str, Any]) -> dict[str, Any]:
    writable = {"name"} if old else {"name", "default_locale_id"}
    doc = merge(
        {
            "name": None,
            "placeholder": None,
            "default_locale_id": None,
            "outdated": False,
            "variants": [],
        },
        old,
        obj,
        writable,
    )
    errors = Details()
    errors.require(doc, "name", "default_locale_id")
    unique(call, "dynamic_content/items", UNIQUE_NAMES["dynamic_content"], doc, old, errors)
    if old is None:
        item_id = call.new_id
        sent = obj.get("variants")
        if not isinstance(sent, list) or not sent or not all(isinstance(v, dict) for v in sent):
            errors.blank("variants")
        else:
            doc["variants"] = [_variant(call, item_id, v, None, errors) for v in sent]
        _check_variants(doc, errors)
        doc["placeholder"] = placeholder(str(doc.get("name") or ""))
    errors.check()
    return doc


def _item_index(doc: dict[str, Any]) -> tuple[str | None, str | None]:
    return None, str(doc.get("name") or "").strip().lower() or None


ITEMS = Collection("dynamic_content/items", "item", "items", _build_item, index=_item_index)


def _variants_of(call: Call) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    doc = ITEMS.load(call).doc()
    return doc, doc["variants"]


def _save_item(call: Call, doc: dict[str, Any], errors: Details) -> None:
    """Store an item after a variant change; a variant sent with ``default: true`` becomes the
    default, moving the item's ``default_locale_id`` to its locale."""
    moved = [
        v
        for v in doc["variants"]
        if v.get("default") and v.get("locale_id") != doc.get("default_locale_id")
    ]
    if moved:
        doc["default_locale_id"] = moved[-1]["locale_id"]
    _check_variants(doc, errors)
    errors.check()
    doc["updated_at"] = iso(now())
    ITEMS.store(call, doc)


def _variant_list(call: Call) -> Reply:
    _, variants = _variants_of(call)
    meta = {"has_more": False, "after_cursor": None, "before_cursor": None}
    return Reply(200, {"variants": variants, "meta": meta, "links": {"prev": None, "next": None}})


def _variant_create(call: Call) -> Reply:
    doc, variants = _variants_of(call)
    errors = Details()
    variant = _variant(call, doc["id"], call.obj("variant"), None, errors)
    variants.append(variant)
    _save_item(call, doc, errors)
    return Reply(201, {"variant": variant}, headers={"location": variant["url"]})


def _variant_create_many(call: Call) -> Reply:
    doc, variants = _variants_of(call)
    errors = Details()
    sent = call.body.get("variants") if isinstance(call.body, dict) else None
    new = [_variant(call, doc["id"], v, None, errors) for v in sent or []]
    variants.extend(new)
    _save_item(call, doc, errors)
    return Reply(201, {"variants": new})


def _find_variant(call: Call, variants: list[dict[str, Any]]) -> dict[str, Any]:
    vid = call.int_param("variant_id")
    for variant in variants:
        if variant["id"] == vid:
            return variant
    raise not_found()


def _variant_show(call: Call) -> Reply:
    _, variants = _variants_of(call)
    return Reply(200, {"variant": _find_variant(call, variants)})


def _variant_update(call: Call) -> Reply:
    doc, variants = _variants_of(call)
    old = _find_variant(call, variants)
    errors = Details()
    sent = call.obj("variant")
    if old.get("default") and sent.get("default") is False:
        errors.add("default", "Default: make another variant the default instead", "InvalidValue")
    new = _variant(call, doc["id"], sent, old, errors)
    variants[variants.index(old)] = new
    _save_item(call, doc, errors)
    return Reply(200, {"variant": new})


def _variant_update_many(call: Call) -> Reply:
    doc, variants = _variants_of(call)
    errors = Details()
    by_id = {v["id"]: n for n, v in enumerate(variants)}
    sent = call.body.get("variants") if isinstance(call.body, dict) else None
    for item in sent or []:
        if item.get("id") not in by_id:
            raise not_found()
        n = by_id[item["id"]]
        variants[n] = _variant(call, doc["id"], item, variants[n], errors)
    _save_item(call, doc, errors)
    return Reply(200, {"variants": variants})


def _variant_delete(call: Call) -> Reply:
    doc, variants = _variants_of(call)
    variant = _find_variant(call, variants)
    errors = Details()
    if variant.get("default"):
        errors.add("default", "The default variant cannot be deleted", "InvalidValue")
    variants.remove(variant)
    _save_item(call, doc, errors)
    return Reply(204)


def _routes() -> list[Route]:
    base = "/dynamic_content/items/{id}/variants"
    return [
        ("GET", base, _variant_list),
        ("POST", base, _variant_create),
        ("POST", base + "/create_many", _variant_create_many),
        ("PUT", base + "/update_many", _variant_update_many),
        ("GET", base + "/{variant_id}", _variant_show),
        ("PUT", base + "/{variant_id}", _variant_update),
        ("DELETE", base + "/{variant_id}", _variant_delete),
        *routes(ITEMS),
    ]


SANDBOX_KIND = SandboxKind(ITEMS, _routes)
