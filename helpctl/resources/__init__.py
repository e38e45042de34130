"""Resource kinds of the config language, in dependency order.

``KINDS`` maps each kind's YAML key to its :class:`~helpctl.resources.base.KindSpec`; a kind
only references kinds listed before it, so creating in this order and deleting in reverse never
leaves a dangling id.
"""

from __future__ import annotations

from helpctl.resources import (
    automations,
    brands,
    dynamic_content,
    groups,
    macros,
    ticket_fields,
    ticket_forms,
    trigger_categories,
    triggers,
    views,
)
from helpctl.resources.base import KindSpec, Reference
from helpctl.resources.common import SYSTEM_FIELD_TITLES, dc_placeholder_name, unknown_key_hint

__all__ = [
    "KINDS",
    "RULE_KINDS",
    "SYSTEM_FIELD_TITLES",
    "KindSpec",
    "Reference",
    "dc_placeholder_name",
    "unknown_key_hint",
]

KINDS: dict[str, KindSpec] = {
    spec.name: spec
    for spec in (
        brands.SPEC,
        groups.SPEC,
        ticket_fields.SPEC,
        ticket_forms.SPEC,
        dynamic_content.SPEC,
        trigger_categories.SPEC,
        triggers.SPEC,
        automations.SPEC,
        macros.SPEC,
        views.SPEC,
    )
}

#: Kinds whose objects carry conditions and/or actions checked against the rule catalogue.
RULE_KINDS: tuple[str, ...] = ("triggers", "automations", "macros", "views")
