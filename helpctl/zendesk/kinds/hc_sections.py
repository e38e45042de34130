"""Help Center sections: listed at ``/help_center/sections``, created under their category
(``/help_center/categories/{id}/sections``, see :mod:`helpctl.zendesk.guide_ops`); the
category and the parent section by name."""

from __future__ import annotations

from typing import Any

from helpctl.zendesk.kinds._base import Endpoint, KindMap, ZendeskKind
from helpctl.zendesk.payloads_rules import RuleNames

__all__ = ["ZENDESK_KIND"]


def _named(kind: str, key: str) -> Any:
    def read(obj: dict[str, Any], names: RuleNames) -> str | None:
        value = obj.get(key)
        return None if value is None else names.index.name_of(kind, value) or str(value)

    return read


def _ref_out(kind: str, key: str) -> Any:
    def write(value: Any, attrs: dict[str, Any], names: RuleNames) -> dict[str, Any]:
        if value is None:
            return {key: None}
        owner = {"owner_kind": names.owner_kind, "owner": names.owner}
        return {key: names.index.require(kind, str(value), **owner)}

    return write


ZENDESK_KIND = ZendeskKind(
    endpoint=Endpoint(
        "hc_sections",
        "help_center/sections",
        "sections",
        "section",
        pagination="offset",
        params=(("include", "translations"),),
    ),
    payload=KindMap(
        plain=("name", "description", "position", "sorting", "locale"),
        readers={
            "category": _named("hc_categories", "category_id"),
            "parent": _named("hc_sections", "parent_section_id"),
            "locale": lambda obj, names: obj.get("source_locale") or obj.get("locale"),
        },
        writers={
            "category": _ref_out("hc_categories", "category_id"),
            "parent": _ref_out("hc_sections", "parent_section_id"),
        },
    ),
)
