"""Macros: identity ``title`` (``Category::Name`` groups them); actions only."""

from collections.abc import Iterator
from typing import Any

from pydantic import Field

from helpctl.config.factories import empty_list
from helpctl.resources.base import KindSpec, Reference, RuleShape
from helpctl.resources.common import ResourceModel
from helpctl.resources.kinds.triggers import rule_references
from helpctl.resources.rules import Action, Restriction, restriction_issues, restriction_refs

__all__ = ["SPEC", "Macro"]


class Macro(ResourceModel):
    """One macro; ``restriction`` limits it to groups (by name) or one user."""

    title: str
    active: bool | None = None
    description: str | None = None
    restriction: Restriction | None = None
    actions: list[Action] = Field(default_factory=empty_list)


def references(attrs: dict[str, Any]) -> Iterator[Reference]:
    yield from rule_references(attrs)
    yield from restriction_refs(attrs.get("restriction"))


SPEC = KindSpec(
    name="macros",
    identity="title",
    model=Macro,
    depends_on=(
        "brands",
        "groups",
        "ticket_fields",
        "ticket_forms",
        "dynamic_content",
        "custom_statuses",
        "user_fields",
        "organization_fields",
    ),
    ordered=True,
    references=references,
    defaults={"active": True, "restriction": None},
    singular="macro",
    export_order=90,
    marker_field="description",
    rule=RuleShape(conditions=False),
    checks=restriction_issues,
)
