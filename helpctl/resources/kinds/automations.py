"""Automations: identity ``title``; the same rule shape as triggers, with time conditions."""

from pydantic import Field

from helpctl.config.factories import empty_list
from helpctl.resources.base import KindSpec, RuleShape
from helpctl.resources.common import ResourceModel
from helpctl.resources.kinds.triggers import rule_references
from helpctl.resources.rules import Action, Conditions, webhook_payload_issues

__all__ = ["SPEC", "TIME_FIELDS", "Automation"]

#: Automations must test one of these in ``all`` (reference §12).
TIME_FIELDS = frozenset(
    {"NEW", "OPEN", "PENDING", "HOLD", "SOLVED", "CLOSED", "assigned_at", "updated_at"}
    | {"requester_updated_at", "assignee_updated_at", "due_date", "until_due_date"}
)


class Automation(ResourceModel):
    """One automation (hourly rule)."""

    title: str
    active: bool | None = None
    description: str | None = None
    conditions: Conditions = Field(default_factory=Conditions)
    actions: list[Action] = Field(default_factory=empty_list)


SPEC = KindSpec(
    name="automations",
    identity="title",
    model=Automation,
    depends_on=(
        "brands",
        "groups",
        "ticket_fields",
        "ticket_forms",
        "dynamic_content",
        "schedules",
        "custom_statuses",
        "webhooks",
        "user_fields",
        "organization_fields",
    ),
    ordered=True,
    references=rule_references,
    defaults={"active": True},
    singular="automation",
    export_order=80,
    marker_field="description",
    rule=RuleShape(
        needs_condition=TIME_FIELDS,
        needs_condition_message="an automation needs a time-based condition in `all` "
        f"(one of {', '.join(sorted(TIME_FIELDS))})",
    ),
    checks=webhook_payload_issues,
)
