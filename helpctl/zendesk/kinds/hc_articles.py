"""Help Center articles: listed at ``/help_center/articles?include=translations`` (offset
pages), created under their section and written per translation (see
:mod:`helpctl.zendesk.guide_ops`). Bodies are read into canonical form: links to known
articles and attached images become ``hc:`` tokens (:mod:`helpctl.guide.links`)."""

from __future__ import annotations

from typing import Any

from helpctl.guide.links import canonical_links
from helpctl.zendesk.kinds._base import Endpoint, KindMap, ZendeskKind
from helpctl.zendesk.kinds.hc_sections import _named, _ref_out
from helpctl.zendesk.payloads_rules import RuleNames

__all__ = ["ZENDESK_KIND", "canonical_body"]


def canonical_body(html: str, names: RuleNames) -> str:
    return canonical_links(html, lambda i: names.index.name_of("hc_articles", i))


def _source(obj: dict[str, Any]) -> str:
    return str(obj.get("source_locale") or obj.get("locale") or "")


def _body(obj: dict[str, Any], names: RuleNames) -> str:
    for tr in obj.get("translations") or []:
        if tr.get("locale") == _source(obj):
            return canonical_body(tr.get("body") or "", names)
    return canonical_body(obj.get("body") or "", names)


def _translations(obj: dict[str, Any], names: RuleNames) -> dict[str, Any] | None:
    found: dict[str, Any] = {}
    for tr in obj.get("translations") or []:
        locale = tr.get("locale")
        if not locale or locale == _source(obj):
            continue
        entry = {
            "title": tr.get("title") or "",
            "body": canonical_body(tr.get("body") or "", names),
        }
        if tr.get("draft"):
            entry["draft"] = True
        found[str(locale)] = entry
    return found or None


ZENDESK_KIND = ZendeskKind(
    endpoint=Endpoint(
        "hc_articles",
        "help_center/articles",
        "articles",
        "article",
        pagination="offset",
        params=(("include", "translations"),),
    ),
    payload=KindMap(
        plain=("title", "body", "position", "promoted", "comments_disabled", "draft", "locale"),
        readers={
            "section": _named("hc_sections", "section_id"),
            "user_segment": _named("user_segments", "user_segment_id"),
            "permission_group": _named("permission_groups", "permission_group_id"),
            "labels": lambda obj, names: list(obj.get("label_names") or []),
            "locale": lambda obj, names: _source(obj) or None,
            "body": _body,
            "translations": _translations,
        },
        writers={
            "section": _ref_out("hc_sections", "section_id"),
            "user_segment": _ref_out("user_segments", "user_segment_id"),
            "permission_group": _ref_out("permission_groups", "permission_group_id"),
            "labels": lambda v, attrs, names: {"label_names": list(v or [])},
            "translations": lambda v, attrs, names: {},
            "files": lambda v, attrs, names: {},
        },
    ),
)
