"""Ticket forms: identity ``name``; field order, brand restrictions and conditions by name.

A condition reads ``{when: {<field title>: <option value or bool>}, show: [titles],
require: [titles]}``; agent conditions may add ``required_on_statuses: {<title>: [statuses]}``
for children required only on some statuses.
"""

from collections.abc import Iterator
from typing import Any

from pydantic import Field

from helpctl.config.factories import empty_list
from helpctl.resources.base import KindSpec, Reference, UnknownRef
from helpctl.resources.common import ConfigModel, ResourceModel, all_placeholder_refs

__all__ = ["SPEC", "FormCondition", "FormConditions", "TicketForm"]


class FormCondition(ConfigModel):
    """Show (and maybe require) child fields when a parent field has a value."""

    always_dump = ("show", "require")

    when: dict[str, str | bool] = Field(min_length=1, max_length=1)
    show: list[str] = Field(default_factory=empty_list)
    require: list[str] = Field(default_factory=empty_list)
    required_on_statuses: dict[str, list[str]] | None = None


class FormConditions(ConfigModel):
    """Agent and end-user conditions; both lists are always present in the canonical form."""

    always_dump = ("agent", "end_user")

    agent: list[FormCondition] = Field(default_factory=empty_list)
    end_user: list[FormCondition] = Field(default_factory=empty_list)


class TicketForm(ResourceModel):
    """One ticket form; ``fields`` is the display order, ``brands`` restricts it to brands."""

    name: str
    display_name: str | None = None
    active: bool | None = None
    end_user_visible: bool | None = None
    default: bool | None = None
    in_all_brands: bool | None = None
    brands: list[str] | None = None
    fields: list[str] | None = None
    conditions: FormConditions | None = None


def _condition_refs(side: str, i: int, cond: dict[str, Any]) -> Iterator[Reference]:
    base = f"conditions.{side}[{i}]"
    for parent, value in (cond.get("when") or {}).items():
        yield Reference(f"{base}.when.{parent}", "ticket_fields", parent)
        if isinstance(value, str):
            yield Reference(f"{base}.when.{parent}", "ticket_field_options", f"{parent}/{value}")
    for key in ("show", "require"):
        for j, title in enumerate(cond.get(key) or []):
            yield Reference(f"{base}.{key}[{j}]", "ticket_fields", title)
    for title in cond.get("required_on_statuses") or {}:
        yield Reference(f"{base}.required_on_statuses.{title}", "ticket_fields", title)


def references(attrs: dict[str, Any]) -> Iterator[Reference]:
    for i, brand in enumerate(attrs.get("brands") or []):
        yield Reference(f"brands[{i}]", "brands", brand)
    for i, title in enumerate(attrs.get("fields") or []):
        yield Reference(f"fields[{i}]", "ticket_fields", title)
    conditions = attrs.get("conditions") or {}
    for side in ("agent", "end_user"):
        for i, cond in enumerate(conditions.get(side) or []):
            yield from _condition_refs(side, i, cond)
    yield from all_placeholder_refs(attrs)


SPEC = KindSpec(
    name="ticket_forms",
    identity="name",
    model=TicketForm,
    depends_on=("brands", "ticket_fields"),
    ordered=True,
    references=references,
    defaults={"active": True, "default": False, "in_all_brands": True},
    singular="ticket_form",
    export_order=40,
    unknown_ref=UnknownRef(
        "ref_unknown_form",
        "ticket form",
        "a ticket form named here is neither in the config nor declared external",
    ),
)
