"""Triggers in Zendesk: ``/triggers``; the category by id; order within a category written
through the category jobs endpoint (``triggers/reorder`` when the account has one category)."""

from __future__ import annotations

from typing import Any

from helpctl.zendesk.kinds._base import (
    RULE_PLAIN,
    RULE_READERS,
    RULE_WRITERS,
    Endpoint,
    KindMap,
    ZendeskKind,
)
from helpctl.zendesk.payloads_rules import RuleNames

__all__ = ["ZENDESK_KIND"]


def _category_in(obj: dict[str, Any], names: RuleNames) -> Any:
    cat = obj.get("category_id")
    if cat is None:
        return None
    return names.index.name_of("trigger_categories", cat) or str(cat)


def _category_out(value: Any, attrs: dict[str, Any], names: RuleNames) -> dict[str, Any]:
    if value is None:
        return {}
    return {"category_id": str(names.ref("trigger_categories", str(value)))}


ZENDESK_KIND = ZendeskKind(
    endpoint=Endpoint(
        "triggers",
        "triggers",
        "triggers",
        "trigger",
        reorder="within_categories",  # `reorder` with one category, else the category jobs
        reorder_key="trigger_ids",
        position="position",
    ),
    payload=KindMap(
        plain=RULE_PLAIN,
        readers={"category": _category_in, **RULE_READERS},
        writers={"category": _category_out, **RULE_WRITERS},
    ),
)
