"""Triggers: identity ``title``; order within a category is the firing order."""

from collections.abc import Iterator
from typing import Any

from pydantic import Field

from helpctl.config.factories import empty_list
from helpctl.resources.base import KindSpec, Reference, RuleShape
from helpctl.resources.common import ResourceModel, all_placeholder_refs
from helpctl.resources.rules import (
    Action,
    Conditions,
    action_refs,
    condition_refs,
    webhook_payload_issues,
)

__all__ = ["SPEC", "Trigger", "rule_references"]


class Trigger(ResourceModel):
    """One trigger; ``category`` names a trigger category."""

    title: str
    category: str | None = None
    active: bool | None = None
    description: str | None = None
    conditions: Conditions = Field(default_factory=Conditions)
    actions: list[Action] = Field(default_factory=empty_list)


def rule_references(attrs: dict[str, Any]) -> Iterator[Reference]:
    """References shared by every rule kind: conditions, actions, placeholders in text."""
    yield from condition_refs(attrs.get("conditions"))
    yield from action_refs(attrs.get("actions"))
    yield from all_placeholder_refs(attrs)


def references(attrs: dict[str, Any]) -> Iterator[Reference]:
    if attrs.get("category"):
        yield Reference("category", "trigger_categories", attrs["category"])
    yield from rule_references(attrs)


SPEC = KindSpec(
    name="triggers",
    identity="title",
    model=Trigger,
    depends_on=(
        "brands",
        "groups",
        "ticket_fields",
        "ticket_forms",
        "dynamic_content",
        "trigger_categories",
        "schedules",
        "custom_statuses",
        "webhooks",
        "user_fields",
        "organization_fields",
    ),
    ordered=True,
    references=references,
    defaults={"active": True, "description": None},
    singular="trigger",
    export_order=70,
    marker_field="description",
    rule=RuleShape(),
    checks=webhook_payload_issues,
)
