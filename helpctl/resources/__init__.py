"""Resource kinds of the config language, in dependency order.

``KINDS`` maps each kind's YAML key to its :class:`~helpctl.resources.base.KindSpec`, as
discovered in :mod:`helpctl.resources.kinds` and ordered by ``export_order``; a kind only
references kinds listed before it, so creating in this order and deleting in reverse never
leaves a dangling id. Every other per-kind table of the domain is derived from the specs here.
"""

from __future__ import annotations

from helpctl.resources.base import KindSpec, Reference
from helpctl.resources.common import SYSTEM_FIELD_TITLES, dc_placeholder_name, unknown_key_hint
from helpctl.resources.kinds import discover

__all__ = [
    "KINDS",
    "REFERENCED_KINDS",
    "RULE_KINDS",
    "RUNNING_KINDS",
    "SYSTEM_FIELD_TITLES",
    "KindSpec",
    "Reference",
    "dc_placeholder_name",
    "unknown_key_hint",
]

KINDS: dict[str, KindSpec] = {spec.name: spec for spec in discover()}

#: Kinds whose objects carry conditions and/or actions checked against the rule catalogue.
RULE_KINDS: tuple[str, ...] = tuple(name for name, spec in KINDS.items() if spec.rule)

#: Kinds that other kinds name (some kind ``depends_on`` them), in ``KINDS`` order.
REFERENCED_KINDS: tuple[str, ...] = tuple(
    name for name in KINDS if any(name in spec.depends_on for spec in KINDS.values())
)

#: The rule kinds that run on their own (on a ticket event, on the hourly clock): those whose
#: objects test conditions *and* change the ticket (a macro is applied by hand, a view only lists).
RUNNING_KINDS: tuple[str, ...] = tuple(
    name
    for name, spec in KINDS.items()
    if spec.rule is not None and spec.rule.conditions and spec.rule.actions
)
