"""Views: conditions and a restriction, no actions; the layout is sent as ``output`` and answered
as ``execution``; ``show_many``; ``views/active`` pages by offset only."""

from __future__ import annotations

from typing import Any

from helpctl.sandbox.crud import Route
from helpctl.sandbox.kinds._base import SandboxKind
from helpctl.sandbox.replies import Call, Details
from helpctl.sandbox.rules_api import RuleBody, rule_collection, rule_routes, show_many_route
from helpctl.sandbox.view_output import execution

__all__ = ["SANDBOX_KIND", "VIEWS"]


def _execution(
    call: Call,
    doc: dict[str, Any],
    obj: dict[str, Any],
    old: dict[str, Any] | None,
    errors: Details,
) -> None:
    """Views answer ``execution`` (never ``output``); a PUT without output keeps the old one."""
    output = obj.get("output")
    doc.pop("output", None)
    if old is not None and not isinstance(output, dict):
        return
    doc["execution"] = execution(call, output if isinstance(output, dict) else {})


VIEWS = rule_collection(
    "views",
    "view",
    {"conditions": {"all": [], "any": []}, "restriction": None, "watchable": True},
    RuleBody(actions=False),
    after_check=_execution,
)


def _routes() -> list[Route]:
    return [show_many_route(VIEWS), *rule_routes(VIEWS, active_style="offset")]


SANDBOX_KIND = SandboxKind(VIEWS, _routes)
