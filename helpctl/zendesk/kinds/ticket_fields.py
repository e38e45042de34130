"""Ticket fields in Zendesk: ``/ticket_fields``, one unpaginated request that returns every field
*in position order* (cursor pages come ordered by id); order written through ``reorder``;
options as ``custom_field_options`` that keep their ids."""

from __future__ import annotations

from typing import Any

from helpctl.resources.kinds.ticket_fields import SYSTEM_TYPES
from helpctl.zendesk.kinds._base import Endpoint, KindMap, ZendeskKind
from helpctl.zendesk.payloads_forms import read_options, write_options
from helpctl.zendesk.payloads_rules import RuleNames

__all__ = ["ZENDESK_KIND"]


def _options_out(value: Any, attrs: dict[str, Any], names: RuleNames) -> dict[str, Any]:
    field_id = names.live_id
    if field_id is None:
        field_id = names.index.id_of("ticket_fields", str(attrs.get("title", "")))
    return {"custom_field_options": write_options(value, field_id, names.index)}


ZENDESK_KIND = ZendeskKind(
    endpoint=Endpoint(
        "ticket_fields",
        "ticket_fields",
        "ticket_fields",
        "ticket_field",
        pagination="none",
        reorder="reorder",
        reorder_key="ticket_field_ids",
        position="position",
    ),
    payload=KindMap(
        plain=(
            "title",
            "type",
            "description",
            "agent_description",
            "title_in_portal",
            "active",
            "required",
            "required_in_portal",
            "visible_in_portal",
            "editable_in_portal",
            "collapsed_for_agents",
            "regexp_for_validation",
            "tag",
            "relationship_target_type",
            "relationship_filter",
        ),
        readers={"options": lambda obj, names: read_options(obj)},
        writers={"options": _options_out},
        system=lambda obj: obj.get("type") in SYSTEM_TYPES,
    ),
)
