"""Help Center sections: listed at ``/help_center/sections`` (and per category), created under
their category (``POST /help_center/categories/{id}/sections``); ``parent_section_id`` nests."""

from __future__ import annotations

from typing import Any

from helpctl.sandbox.crud import Collection, Route, merge, routes
from helpctl.sandbox.guide_docs import html_url, source_translation
from helpctl.sandbox.kinds._base import SandboxKind
from helpctl.sandbox.kinds.hc_categories import HC_CATEGORIES
from helpctl.sandbox.paging import Listing, paginate
from helpctl.sandbox.replies import Call, Details, Reply, bad_request

__all__ = ["HC_SECTIONS", "SANDBOX_KIND"]

_DEFAULTS: dict[str, Any] = {
    "category_id": None,
    "position": 0,
    "sorting": "manual",
    "name": None,
    "description": "",
    "locale": "en-us",
    "parent_section_id": None,
    "theme_template": "section_page",
}
_WRITABLE = frozenset(
    {"name", "description", "position", "locale", "sorting", "category_id", "parent_section_id"}
)


def _build(call: Call, old: dict[str, Any] | None, obj: dict[str, Any]) -> dict[str, Any]:
    writable = _WRITABLE - {"locale"} if old is not None else _WRITABLE
    doc = merge(_DEFAULTS, old, obj, writable)
    errors = Details()
    errors.require(doc, "name", "locale", "category_id")
    errors.check()
    HC_CATEGORIES.load_id(call, int(doc["category_id"]))
    doc["id"] = old["id"] if old else call.new_id
    parent = doc.get("parent_section_id")
    if parent is not None:
        if int(parent) == int(doc["id"]):
            errors.add("parent_section_id", "Parent section: cannot be itself", "InvalidValue")
            errors.check()
        HC_SECTIONS.load_id(call, int(parent))
    doc["source_locale"] = doc.get("source_locale") or doc["locale"]
    doc["outdated"] = False
    doc["html_url"] = html_url("sections", doc["locale"], doc["id"], str(doc["name"]))
    source_translation(call, "sections", "Section", doc, "name", "description")
    return doc


HC_SECTIONS = Collection(
    "help_center/sections", "section", "sections", _build, style="offset", ordered=True
)
_STANDARD = routes(HC_SECTIONS)
_CREATE = _STANDARD[1][2]


def _create_in_category(call: Call) -> Reply:
    HC_CATEGORIES.load(call)
    obj = dict(call.obj("section"))
    obj["category_id"] = call.int_param("id")
    call.body = {"section": obj}
    return _CREATE(call)


def _list_in_category(call: Call) -> Reply:
    category = HC_CATEGORIES.load(call)
    where = "json_extract(body, '$.category_id') = ?"
    listing = Listing(
        HC_SECTIONS.kind, HC_SECTIONS.kind, "sections", "offset", True, where, [category.id]
    )
    return paginate(call, listing)


def _routes() -> list[Route]:
    nested = "/help_center/categories/{id}/sections"
    return [
        ("POST", nested, _create_in_category),
        ("GET", nested, _list_in_category),
        *[r for r in _STANDARD if r[0] != "POST"],
        ("POST", "/help_center/sections", _no_flat_create),
    ]


def _no_flat_create(call: Call) -> Reply:
    raise bad_request("InvalidEndpoint", "Sections are created in a category")


SANDBOX_KIND = SandboxKind(HC_SECTIONS, _routes)
