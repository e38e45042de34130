"""Ticket fields: identity ``title``; ``type`` cannot change after creation.

Custom types are what a user may declare; system types (``subject``, ``status``…) only appear on
live objects, which helpctl reads so that forms and rules can reference them.
"""

from collections.abc import Iterator
from typing import Any, Literal, get_args

from helpctl.resources.base import Issue, KindSpec, UnknownRef
from helpctl.resources.common import (
    SYSTEM_FIELD_TITLES,
    ConfigModel,
    ResourceModel,
    all_placeholder_refs,
)

__all__ = [
    "CUSTOM_TYPES",
    "OPTION_TYPES",
    "SPEC",
    "SYSTEM_TYPES",
    "FieldOption",
    "TicketField",
]

CustomType = Literal[
    "text",
    "textarea",
    "checkbox",
    "date",
    "integer",
    "decimal",
    "regexp",
    "partialcreditcard",
    "multiselect",
    "tagger",
    "lookup",
]
SystemType = Literal[
    "subject",
    "description",
    "status",
    "tickettype",
    "priority",
    "group",
    "assignee",
    "custom_status",
]
FieldType = Literal[CustomType, SystemType]

CUSTOM_TYPES: tuple[str, ...] = get_args(CustomType)
SYSTEM_TYPES: tuple[str, ...] = get_args(SystemType)
#: Types whose values are the ``value`` tags of their options.
OPTION_TYPES: frozenset[str] = frozenset({"tagger", "multiselect"})


class FieldOption(ConfigModel):
    """A dropdown/multiselect option: ``name`` is the label, ``value`` the tag."""

    name: str
    value: str
    default: bool | None = None


class TicketField(ResourceModel):
    """One ticket field as written in YAML; ``options`` keep their order."""

    title: str
    type: FieldType = "text"
    description: str | None = None
    agent_description: str | None = None
    title_in_portal: str | None = None
    active: bool | None = None
    required: bool | None = None
    required_in_portal: bool | None = None
    visible_in_portal: bool | None = None
    editable_in_portal: bool | None = None
    collapsed_for_agents: bool | None = None
    regexp_for_validation: str | None = None
    tag: str | None = None
    relationship_target_type: str | None = None
    relationship_filter: dict[str, Any] | None = None
    options: list[FieldOption] | None = None


def checks(key: str, attrs: dict[str, Any]) -> Iterator[Issue]:
    """helpctl's own checks of one field (what Zendesk refuses is in ``object_rules``)."""
    ftype = attrs.get("type", "text")
    if ftype in SYSTEM_TYPES and key not in SYSTEM_FIELD_TITLES:
        # Built-in fields may be declared to edit them; new fields need a custom type.
        yield "field_system_type", "type", f"`{ftype}` is the type of a built-in field"
    if attrs.get("options") and ftype not in OPTION_TYPES:
        yield "field_unexpected_options", "options", f"a {ftype} field takes no `options`"


SPEC = KindSpec(
    name="ticket_fields",
    identity="title",
    model=TicketField,
    references=all_placeholder_refs,
    defaults={
        "type": "text",
        "active": True,
        "required": False,
        "required_in_portal": False,
        "visible_in_portal": False,
        "editable_in_portal": False,
        "collapsed_for_agents": False,
    },
    immutable=("type",),
    singular="ticket_field",
    export_order=30,
    # ``description`` is shown to end users; the marker goes where only agents read it.
    marker_field="agent_description",
    unknown_ref=UnknownRef(
        "ref_unknown_field",
        "ticket field",
        "a ticket field title is not in the config, external, or a system field",
    ),
    checks=checks,
)
