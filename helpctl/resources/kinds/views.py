"""Views: identity ``title``; conditions plus the ticket list layout (``output``)."""

from collections.abc import Iterator
from typing import Any

from pydantic import Field

from helpctl.config.factories import empty_list
from helpctl.resources.base import KindSpec, Reference, RuleShape
from helpctl.resources.common import CUSTOM_FIELD_PREFIX, ConfigModel, ResourceModel
from helpctl.resources.kinds.triggers import rule_references
from helpctl.resources.rules import Conditions, Restriction, restriction_issues, restriction_refs

__all__ = ["SPEC", "VIEW_NEEDS_ONE_OF", "View", "ViewOutput"]

#: Views must test one of these in ``all`` (reference §14).
VIEW_NEEDS_ONE_OF = frozenset({"status", "type", "group_id", "assignee_id", "requester_id"})


class ViewOutput(ConfigModel):
    """Columns (≤ 10; custom fields as ``custom_fields.<title>``), grouping and sorting.

    Grouping and sorting are always present in the canonical form, with Zendesk's defaults.
    """

    always_dump = ("group_by", "group_order", "sort_by", "sort_order")

    columns: list[str] = Field(default_factory=empty_list, max_length=10)
    group_by: str | None = None
    group_order: str = "asc"
    sort_by: str | None = None
    sort_order: str = "desc"


class View(ResourceModel):
    """One view."""

    title: str
    active: bool | None = None
    description: str | None = None
    conditions: Conditions = Field(default_factory=Conditions)
    output: ViewOutput | None = None
    restriction: Restriction | None = None


def references(attrs: dict[str, Any]) -> Iterator[Reference]:
    yield from rule_references(attrs)
    yield from restriction_refs(attrs.get("restriction"))
    output = attrs.get("output") or {}
    for i, column in enumerate(output.get("columns") or []):
        if isinstance(column, str) and column.startswith(CUSTOM_FIELD_PREFIX):
            title = column[len(CUSTOM_FIELD_PREFIX) :]
            yield Reference(f"output.columns[{i}]", "ticket_fields", title)
    for key in ("group_by", "sort_by"):
        value = output.get(key)
        if isinstance(value, str) and value.startswith(CUSTOM_FIELD_PREFIX):
            title = value[len(CUSTOM_FIELD_PREFIX) :]
            yield Reference(f"output.{key}", "ticket_fields", title)


SPEC = KindSpec(
    name="views",
    identity="title",
    model=View,
    depends_on=(
        "brands",
        "groups",
        "ticket_fields",
        "ticket_forms",
        "schedules",
        "custom_statuses",
        "user_fields",
        "organization_fields",
    ),
    ordered=True,
    references=references,
    defaults={"active": True, "restriction": None},
    singular="view",
    export_order=100,
    marker_field="description",
    rule=RuleShape(
        actions=False,
        needs_condition=VIEW_NEEDS_ONE_OF,
        needs_condition_message="a view needs an `all` condition on one of "
        + ", ".join(sorted(VIEW_NEEDS_ONE_OF)),
    ),
    checks=restriction_issues,
)
