"""Automations: conditions (a ticket-property one and a time-based one in ``all``) and actions."""

from __future__ import annotations

from helpctl.sandbox.crud import Route
from helpctl.sandbox.kinds._base import SandboxKind
from helpctl.sandbox.rules_api import RuleBody, rule_collection, rule_routes

__all__ = ["AUTOMATIONS", "SANDBOX_KIND"]

AUTOMATIONS = rule_collection(
    "automations",
    "automation",
    {"actions": [], "conditions": {"all": [], "any": []}},
    RuleBody(),
)


def _routes() -> list[Route]:
    return rule_routes(AUTOMATIONS)


SANDBOX_KIND = SandboxKind(AUTOMATIONS, _routes)
