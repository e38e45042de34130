"""Help Center articles: listed at ``/help_center/articles`` (offset pages, each with its
translations), created under their section (``POST /help_center/sections/{id}/articles``).
``PUT /help_center/articles/{id}`` changes metadata only (title and body go through the
translations, :mod:`helpctl.sandbox.guide_api`); ``DELETE`` archives (the article leaves the
lists)."""

from __future__ import annotations

from typing import Any

from helpctl.sandbox.crud import Collection, Route, merge, routes
from helpctl.sandbox.guide_docs import html_url, source_translation
from helpctl.sandbox.kinds._base import SandboxKind
from helpctl.sandbox.kinds.hc_sections import HC_SECTIONS
from helpctl.sandbox.kinds.permission_groups import PERMISSION_GROUPS
from helpctl.sandbox.kinds.user_segments import USER_SEGMENTS
from helpctl.sandbox.paging import Listing, paginate
from helpctl.sandbox.replies import Call, Details, Reply, bad_request

__all__ = ["HC_ARTICLES", "SANDBOX_KIND"]

_DEFAULTS: dict[str, Any] = {
    "author_id": None,
    "comments_disabled": False,
    "draft": False,
    "promoted": False,
    "position": 0,
    "vote_sum": 0,
    "vote_count": 0,
    "section_id": None,
    "title": None,
    "body": "",
    "locale": "en-us",
    "outdated": False,
    "outdated_locales": [],
    "user_segment_id": None,
    "permission_group_id": None,
    "label_names": [],
}
_META = frozenset(
    {
        "comments_disabled",
        "promoted",
        "position",
        "section_id",
        "user_segment_id",
        "permission_group_id",
        "label_names",
    }
)
_ON_CREATE = _META | {"title", "body", "locale", "draft"}


def _build(call: Call, old: dict[str, Any] | None, obj: dict[str, Any]) -> dict[str, Any]:
    doc = merge(_DEFAULTS, old, obj, _META if old is not None else _ON_CREATE)
    errors = Details()
    errors.require(doc, "title", "locale", "section_id", "permission_group_id")
    errors.check()
    HC_SECTIONS.load_id(call, int(doc["section_id"]))
    PERMISSION_GROUPS.load_id(call, int(doc["permission_group_id"]))
    if doc.get("user_segment_id") is not None:
        USER_SEGMENTS.load_id(call, int(doc["user_segment_id"]))
    doc["id"] = old["id"] if old else call.new_id
    doc["author_id"] = doc.get("author_id") or call.ctx.account.user_id
    doc["name"] = doc["title"]
    doc["source_locale"] = doc.get("source_locale") or doc["locale"]
    doc["html_url"] = html_url("articles", doc["source_locale"], doc["id"], str(doc["title"]))
    doc.setdefault("edited_at", None)
    source_translation(call, "articles", "Article", doc, "title", "body")
    doc["edited_at"] = doc["translations"][0]["updated_at"] if not old else doc["edited_at"]
    return doc


HC_ARTICLES = Collection(
    "help_center/articles", "article", "articles", _build, style="offset", ordered=True
)
_STANDARD = routes(HC_ARTICLES)
_CREATE = _STANDARD[1][2]


def _create_in_section(call: Call) -> Reply:
    HC_SECTIONS.load(call)
    obj = dict(call.obj("article"))
    obj["section_id"] = call.int_param("id")
    call.body = {"article": obj}
    return _CREATE(call)


def _list_in(parent: Collection, key: str) -> Any:
    def handle(call: Call) -> Reply:
        row = parent.load(call)
        if key == "category_id":
            sections = call.ctx.store.select(
                call.ctx.name, HC_SECTIONS.kind, "json_extract(body, '$.category_id') = ?", [row.id]
            )
            ids = [s.id for s in sections] or [0]
            where = f"json_extract(body, '$.section_id') IN ({','.join('?' * len(ids))})"
            params: list[Any] = ids
        else:
            where, params = "json_extract(body, '$.section_id') = ?", [row.id]
        listing = Listing(
            HC_ARTICLES.kind, HC_ARTICLES.kind, "articles", "offset", True, where, params
        )
        return paginate(call, listing)

    return handle


def _no_flat_create(call: Call) -> Reply:
    raise bad_request("InvalidEndpoint", "Articles are created in a section")


def _routes() -> list[Route]:
    from helpctl.sandbox.guide_api import guide_routes
    from helpctl.sandbox.kinds.hc_categories import HC_CATEGORIES

    return [
        *guide_routes(),
        ("POST", "/help_center/sections/{id}/articles", _create_in_section),
        ("GET", "/help_center/sections/{id}/articles", _list_in(HC_SECTIONS, "section_id")),
        ("GET", "/help_center/categories/{id}/articles", _list_in(HC_CATEGORIES, "category_id")),
        ("POST", "/help_center/articles", _no_flat_create),
        *[r for r in _STANDARD if r[0] != "POST"],
    ]


SANDBOX_KIND = SandboxKind(HC_ARTICLES, _routes)
