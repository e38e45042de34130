"""Ticket forms in Zendesk: ``/ticket_forms``, not paginated at all; order written through
``reorder``; fields and brands as id lists, conditions as ``agent_conditions`` /
``end_user_conditions``."""

from __future__ import annotations

from typing import Any

from helpctl.zendesk.kinds._base import Endpoint, KindMap, ZendeskKind, ids_in
from helpctl.zendesk.payloads_forms import read_form_conditions, write_form_conditions
from helpctl.zendesk.payloads_rules import RuleNames

__all__ = ["ZENDESK_KIND"]


def _brands_out(value: Any, attrs: dict[str, Any], names: RuleNames) -> dict[str, Any]:
    ids = [names.ref("brands", name) for name in value or []]
    out: dict[str, Any] = {"restricted_brand_ids": ids}
    if "in_all_brands" not in attrs:
        out["in_all_brands"] = not ids
    return out


def _fields_out(value: Any, attrs: dict[str, Any], names: RuleNames) -> dict[str, Any]:
    return {"ticket_field_ids": [names.ref("ticket_fields", t) for t in value or []]}


ZENDESK_KIND = ZendeskKind(
    endpoint=Endpoint(
        "ticket_forms",
        "ticket_forms",
        "ticket_forms",
        "ticket_form",
        pagination="none",
        reorder="reorder",
        reorder_key="ticket_form_ids",
        position="position",
    ),
    payload=KindMap(
        plain=("name", "display_name", "active", "end_user_visible", "default", "in_all_brands"),
        readers={
            "brands": ids_in("brands", "restricted_brand_ids"),
            "fields": ids_in("ticket_fields", "ticket_field_ids"),
            "conditions": lambda obj, names: read_form_conditions(obj, names.index),
        },
        writers={
            "brands": _brands_out,
            "fields": _fields_out,
            "conditions": lambda v, a, names: write_form_conditions(v, names),
        },
    ),
)
