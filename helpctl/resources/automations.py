"""Automations: identity ``title``; the same rule shape as triggers, with time conditions."""

from __future__ import annotations

from pydantic import Field

from helpctl.resources.base import KindSpec
from helpctl.resources.common import ResourceModel
from helpctl.resources.rules import Action, Conditions
from helpctl.resources.triggers import rule_references

__all__ = ["SPEC", "Automation"]


class Automation(ResourceModel):
    """One automation (hourly rule)."""

    title: str
    active: bool | None = None
    description: str | None = None
    conditions: Conditions = Field(default_factory=Conditions)
    actions: list[Action] = Field(default_factory=list)


SPEC = KindSpec(
    name="automations",
    identity="title",
    model=Automation,
    depends_on=("brands", "groups", "ticket_fields", "ticket_forms", "dynamic_content"),
    ordered=True,
    references=rule_references,
    defaults={"active": True},
    singular="automation",
)
