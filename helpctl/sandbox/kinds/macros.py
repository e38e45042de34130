"""Macros: actions and a restriction, no conditions; the definitions endpoint lists actions."""

from __future__ import annotations

from helpctl.sandbox.crud import Route
from helpctl.sandbox.kinds._base import SandboxKind
from helpctl.sandbox.rules_api import RuleBody, definitions_route, rule_collection, rule_routes

__all__ = ["MACROS", "SANDBOX_KIND"]

_SHAPE = RuleBody(conditions=False)

MACROS = rule_collection("macros", "macro", {"actions": [], "restriction": None}, _SHAPE)


def _routes() -> list[Route]:
    return [definitions_route(MACROS.kind, _SHAPE), *rule_routes(MACROS)]


SANDBOX_KIND = SandboxKind(MACROS, _routes)
