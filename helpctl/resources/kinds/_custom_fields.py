"""What user fields and organization fields share: the model, the checks and the spec builder.

Zendesk gives both resources one shape (``/user_fields``, ``/organization_fields``): a ``key``
(the API name rules and records use, fixed at creation), a ``title``, a ``type`` and, for a
``dropdown``, options in order. helpctl names them by ``key``: rules write
``requester.custom_fields.<key>`` / ``organization.custom_fields.<key>`` and users carry
``user_fields: {<key>: value}``, so the key is the one name that never changes.
"""

import re
from collections.abc import Iterator
from typing import Any, Literal, get_args

from helpctl.resources.base import Issue, KindSpec, UnknownRef
from helpctl.resources.common import ConfigModel, ResourceModel, all_placeholder_refs

__all__ = [
    "CONDITION_OPERATORS",
    "FIELD_TYPES",
    "KEY_PATTERN",
    "CustomField",
    "CustomFieldOption",
    "custom_field_spec",
    "field_checks",
]

FieldType = Literal[
    "text",
    "textarea",
    "checkbox",
    "date",
    "integer",
    "decimal",
    "regexp",
    "dropdown",
    "lookup",
    "multiselect",
]
FIELD_TYPES: tuple[str, ...] = get_args(FieldType)
#: Types whose values are the ``value`` tags of their options.
OPTION_TYPES: frozenset[str] = frozenset({"dropdown", "multiselect"})
_TEXT_OPS = (
    "is",
    "is_not",
    "present",
    "not_present",
    "includes_words",
    "not_includes_words",
    "includes_string",
    "not_includes_string",
)
_NUMBER_OPS = (
    "is",
    "is_not",
    "less_than",
    "less_than_equal",
    "greater_than",
    "greater_than_equal",
    "present",
    "not_present",
)
#: The operators a rule condition on a user/organization field takes, per field type
#: (``/triggers/definitions``; reference part 2 §5).
CONDITION_OPERATORS: dict[str, tuple[str, ...]] = {
    "text": _TEXT_OPS,
    "textarea": _TEXT_OPS,
    "regexp": _TEXT_OPS,
    "integer": _NUMBER_OPS,
    "decimal": _NUMBER_OPS,
    "date": (*_NUMBER_OPS, "within_previous_n_days", "within_next_n_days"),
    "dropdown": ("is", "is_not", "present", "not_present"),
    "checkbox": ("is",),
}
#: Keys as Zendesk makes them: lowercase letters, digits and underscores, a letter first.
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


class CustomFieldOption(ConfigModel):
    """A dropdown option: ``name`` is the label, ``value`` the tag kept on the record."""

    name: str
    value: str


class CustomField(ResourceModel):
    """One user or organization field as written in YAML; ``options`` keep their order."""

    key: str
    title: str
    type: FieldType = "text"
    description: str | None = None
    active: bool | None = None
    regexp_for_validation: str | None = None
    tag: str | None = None
    relationship_target_type: str | None = None
    relationship_filter: dict[str, Any] | None = None
    options: list[CustomFieldOption] | None = None


def field_checks(key: str, attrs: dict[str, Any]) -> Iterator[Issue]:
    """What Zendesk refuses in one user/organization field whatever the rest holds."""
    if not KEY_PATTERN.match(str(attrs.get("key", key))):
        msg = f"`{key}` is not a field key (lowercase letters, digits and _, a letter first)"
        yield "custom_field_bad_key", "key", msg
    ftype = attrs.get("type", "text")
    if ftype == "regexp" and not attrs.get("regexp_for_validation"):
        yield "field_needs_pattern", "type", "a regexp field needs `regexp_for_validation`"
    if ftype == "lookup" and not attrs.get("relationship_target_type"):
        yield "field_needs_target", "type", "a lookup field needs `relationship_target_type`"
    if attrs.get("tag") and ftype != "checkbox":
        yield "field_unexpected_tag", "tag", f"a {ftype} field takes no `tag` (checkboxes do)"
    options = attrs.get("options")
    if ftype in OPTION_TYPES and not options:
        yield "field_needs_options", "options", f"a {ftype} field needs `options`"
    if options and ftype not in OPTION_TYPES:
        yield "field_unexpected_options", "options", f"a {ftype} field takes no `options`"
    seen: set[str] = set()
    for i, opt in enumerate(options or []):
        if opt.get("value") in seen:
            msg = f"option value `{opt.get('value')}` appears twice"
            yield "field_duplicate_option", f"options[{i}].value", msg
        seen.add(str(opt.get("value")))


def custom_field_spec(name: str, singular: str, word: str, export_order: int) -> KindSpec:
    """The spec of ``user_fields`` or ``organization_fields`` (identity ``key``)."""
    return KindSpec(
        name=name,
        identity="key",
        model=CustomField,
        ordered=True,
        references=all_placeholder_refs,
        defaults={"type": "text", "active": True, "description": ""},
        # ``key`` is the identity; ``renamed_from`` an old key would change it, which Zendesk
        # cannot do: refused like a ticket field's type change.
        immutable=("key", "type"),
        singular=singular,
        export_order=export_order,
        marker_field="description",
        marker_empty="",
        unknown_ref=UnknownRef(
            f"ref_unknown_{singular}",
            word,
            f"a {word} key named in a rule is neither in the config nor declared external",
        ),
        checks=field_checks,
    )
