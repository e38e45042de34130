"""Help Center categories (``/help_center/categories``, offset pages as recorded, each with its
translations; the source-locale translation follows the category's name and description)."""

from __future__ import annotations

from typing import Any

from helpctl.sandbox.crud import Collection, Route, merge, routes
from helpctl.sandbox.guide_docs import html_url, source_translation
from helpctl.sandbox.kinds._base import SandboxKind
from helpctl.sandbox.replies import Call, Details

__all__ = ["HC_CATEGORIES", "SANDBOX_KIND"]

_DEFAULTS: dict[str, Any] = {"position": 0, "name": None, "description": "", "locale": "en-us"}
_WRITABLE = frozenset({"name", "description", "position", "locale"})


def _build(call: Call, old: dict[str, Any] | None, obj: dict[str, Any]) -> dict[str, Any]:
    writable = _WRITABLE - {"locale"} if old is not None else _WRITABLE
    doc = merge(_DEFAULTS, old, obj, writable)
    errors = Details()
    errors.require(doc, "name", "locale")
    errors.check()
    doc["id"] = old["id"] if old else call.new_id
    doc["source_locale"] = doc.get("source_locale") or doc["locale"]
    doc["outdated"] = False
    doc["html_url"] = html_url("categories", doc["locale"], doc["id"], str(doc["name"]))
    source_translation(call, "categories", "Category", doc, "name", "description")
    return doc


HC_CATEGORIES = Collection(
    "help_center/categories", "category", "categories", _build, style="offset", ordered=True
)


def _routes() -> list[Route]:
    return routes(HC_CATEGORIES)


SANDBOX_KIND = SandboxKind(HC_CATEGORIES, _routes)
