"""The business-rule shape shared by triggers, automations, macros and views.

A condition is ``{field, operator, value}``, an action ``{field, value}``: Zendesk's own field
names, except that a custom field is written ``custom_fields.<Field title>`` and every id-valued
reference (brand, group, form, category) is written by name. The tables here say which rule
fields hold a by-name reference, so the references, the validator and the payload mapping all
read the same facts.
"""

import json
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from pydantic import Field, field_validator

from helpctl.config.factories import empty_list
from helpctl.resources.base import Issue, Reference
from helpctl.resources.common import CUSTOM_FIELD_PREFIX, ConfigModel

__all__ = [
    "LIST_HEAD_KINDS",
    "ORGANIZATION_FIELDS",
    "RECORD_FIELD_KINDS",
    "SCALAR_TYPES",
    "SPECIAL_VALUES",
    "USER_FIELDS",
    "USER_HEAD_FIELDS",
    "VALUE_KINDS",
    "Action",
    "Condition",
    "Conditions",
    "Restriction",
    "action_refs",
    "condition_refs",
    "is_special",
    "restriction_issues",
    "restriction_refs",
    "webhook_payload_issues",
]

#: Rule fields whose value is one object of another kind, written by name.
VALUE_KINDS: dict[str, str] = {
    "brand_id": "brands",
    "group_id": "groups",
    "ticket_form_id": "ticket_forms",
    "schedule_id": "schedules",
    "within_schedule": "schedules",
    "set_schedule": "schedules",
    "custom_status_id": "custom_statuses",
}

#: Rule fields naming a user or organization field by its key (``requester.custom_fields.<key>``):
#: prefix → kind. A dropdown's value is one of its option values (``<kind>/options`` references
#: ``"<key>/<value>"``); Zendesk takes the option's id.
RECORD_FIELD_KINDS: dict[str, str] = {
    "requester.custom_fields.": "user_fields",
    "organization.custom_fields.": "organization_fields",
}

#: Rule actions whose value is a list whose first item names an object of another kind.
LIST_HEAD_KINDS: dict[str, str] = {
    "notification_group": "groups",
    "notification_sms_group": "groups",
    "notification_webhook": "webhooks",
}

#: Rule fields whose value is one user (an email or id in YAML); ``USER_HEAD_FIELDS`` carry the
#: user first in a list value.
USER_FIELDS: frozenset[str] = frozenset({"assignee_id", "requester_id", "follower", "submitter_id"})
USER_HEAD_FIELDS: frozenset[str] = frozenset({"notification_user", "notification_sms_user"})

#: Rule fields whose value is one organization (its name, or an id, in YAML). Organizations
#: are account records helpctl does not manage: a rule names one that must already exist.
ORGANIZATION_FIELDS: frozenset[str] = frozenset({"organization_id"})

#: Values that are keywords, not names: "none", "the current user", "the ticket's group"…
SPECIAL_VALUES: frozenset[str] = frozenset(
    {
        "",
        "__NULL__",
        "current_user",
        "current_groups",
        "requester_id",
        "assignee_id",
        "group_id",
        "default_ticket_form",
        "requester_and_ccs",
        "all_agents",
    }
)


def is_special(value: Any) -> bool:
    """True for values that are keywords (or empty), never a by-name reference."""
    return value is None or (isinstance(value, str) and value in SPECIAL_VALUES)


def _number_as_text(value: Any) -> Any:
    # Zendesk keeps scalar rule values as strings ("96", "1500000550682"); so does the
    # canonical form, or `value: 96` in YAML would differ from the live "96" forever.
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


class Condition(ConfigModel):
    """One rule condition. ``value`` is always present in the canonical form (null if unset)."""

    always_dump = ("value",)

    field: str
    operator: str
    value: Any = None

    _text_numbers = field_validator("value")(_number_as_text)


class Conditions(ConfigModel):
    """``{all: [...], any: [...]}``; both lists are always present in the canonical form."""

    always_dump = ("all", "any")

    all: list[Condition] = Field(default_factory=empty_list)
    any: list[Condition] = Field(default_factory=empty_list)


class Action(ConfigModel):
    """One rule action: ``{field, value}``."""

    always_dump = ("value",)

    field: str
    value: Any = None

    _text_numbers = field_validator("value")(_number_as_text)


class Restriction(ConfigModel):
    """Who may use a macro or view: groups by name, or one user (email or id)."""

    type: str
    ids: list[str] = Field(default_factory=empty_list)
    id: str | int | None = None


def _option_values(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value if v not in (None, "")]
    if isinstance(value, str):
        return value.split()
    return []


_RECORD_PREFIXES = tuple(RECORD_FIELD_KINDS)


# The functions below append to one list instead of chaining generators: they run for every
# condition and action of every rule of every instance, and each generator level adds a
# resumption per reference.
def _field_refs(field: str, value: Any, path: str, out: list[Reference]) -> None:
    if field.startswith(CUSTOM_FIELD_PREFIX):
        title = field[len(CUSTOM_FIELD_PREFIX) :]
        out.append(Reference(f"{path}.field", "ticket_fields", title))
        for opt in _option_values(value):
            out.append(Reference(f"{path}.value", "ticket_field_options", f"{title}/{opt}"))
    elif field in VALUE_KINDS and isinstance(value, str) and not is_special(value):
        out.append(Reference(f"{path}.value", VALUE_KINDS[field], value))
    elif field in VALUE_KINDS and isinstance(value, list):  # views: custom_status_id includes
        for j, item in enumerate(value):
            if isinstance(item, str) and not is_special(item):
                out.append(Reference(f"{path}.value[{j}]", VALUE_KINDS[field], item))
    elif field.startswith(_RECORD_PREFIXES):
        prefix, _, key = field.partition("custom_fields.")
        kind = RECORD_FIELD_KINDS[prefix + "custom_fields."]
        out.append(Reference(f"{path}.field", kind, key))
        if isinstance(value, str) and not is_special(value):
            out.append(Reference(f"{path}.value", f"{kind}/options", f"{key}/{value}"))
    elif field in LIST_HEAD_KINDS and isinstance(value, list) and value:
        head = value[0]
        if isinstance(head, str) and not is_special(head):
            out.append(Reference(f"{path}.value[0]", LIST_HEAD_KINDS[field], head))


#: Types of one-value rule items whose derived facts are memoised: hashable, kept as they are.
SCALAR_TYPES = frozenset({str, int, float, bool, type(None)})


def _item_refs(field: str, value: Any, path: str, out: list[Reference]) -> None:
    """:func:`_field_refs`, memoised for one-value conditions and actions: a fleet's rules
    repeat the same few (``status is solved``, ``group_id: Tier 1``) in every instance."""
    if value.__class__ in SCALAR_TYPES:
        out.extend(_scalar_refs(field, value, path))
    else:
        _field_refs(field, value, path, out)


@lru_cache(maxsize=1 << 16, typed=True)  # typed: 1, 1.0 and True are different values here
def _scalar_refs(field: str, value: Any, path: str) -> tuple[Reference, ...]:
    out: list[Reference] = []
    _field_refs(field, value, path, out)
    return tuple(out)


def condition_refs(
    conditions: dict[str, Any] | None, path: str = "conditions"
) -> Iterator[Reference]:
    """References inside canonical ``conditions`` (``{all, any}``)."""
    out: list[Reference] = []
    for group in ("all", "any"):
        for i, cond in enumerate((conditions or {}).get(group) or []):
            where = f"{path}.{group}[{i}]"
            _item_refs(str(cond.get("field", "")), cond.get("value"), where, out)
    return iter(out)


def action_refs(actions: list[dict[str, Any]] | None, path: str = "actions") -> Iterator[Reference]:
    """References inside canonical ``actions``."""
    out: list[Reference] = []
    for i, action in enumerate(actions or []):
        _item_refs(str(action.get("field", "")), action.get("value"), f"{path}[{i}]", out)
    return iter(out)


def restriction_refs(restriction: dict[str, Any] | None) -> Iterator[Reference]:
    """Groups named by a macro's or view's ``restriction``."""
    if restriction and restriction.get("type") == "Group":
        for i, name in enumerate(restriction.get("ids") or []):
            yield Reference(f"restriction.ids[{i}]", "groups", str(name))


def restriction_issues(key: str, attrs: dict[str, Any]) -> Iterator[Issue]:
    """What Zendesk refuses in a macro's or view's ``restriction``."""
    restriction = attrs.get("restriction")
    if not restriction:
        return
    rtype = restriction.get("type")
    if rtype not in ("Group", "User"):
        yield "restriction_bad", "restriction.type", f"`{rtype}` is not Group or User"
    elif rtype == "Group" and not restriction.get("ids"):
        yield "restriction_bad", "restriction.ids", "a Group restriction needs group `ids`"
    elif rtype == "User" and restriction.get("id") in (None, ""):
        yield "restriction_bad", "restriction.id", "a User restriction needs the user's `id`"


_LIQUID_OUT = re.compile(r"\{\{.*?\}\}", re.S)
_LIQUID_TAG = re.compile(r"\{%.*?%\}", re.S)


def _json_problem(body: str) -> str:
    """Why a webhook payload template is not JSON once its placeholders are filled ("" if it
    is): each ``{{placeholder}}`` stands for a value, each ``{% tag %}`` for nothing."""
    filled = _LIQUID_TAG.sub("", _LIQUID_OUT.sub("0", body))
    try:
        json.loads(filled)
    except ValueError as err:
        return str(err)
    return ""


def webhook_payload_issues(key: str, attrs: dict[str, Any]) -> Iterator[Issue]:
    """A ``notification_webhook`` action whose body looks like JSON must be JSON (with
    ``{{placeholders}}`` for values); a list body is URL parameters (``[[key, value]]``)."""
    for i, action in enumerate(attrs.get("actions") or []):
        value = action.get("value")
        if action.get("field") != "notification_webhook" or not isinstance(value, list):
            continue
        body = value[1] if len(value) > 1 else None
        if isinstance(body, str) and body.strip()[:1] in ("{", "["):
            problem = _json_problem(body)
            if problem:
                yield (
                    "webhook_payload_invalid",
                    f"actions[{i}].value[1]",
                    f"the webhook payload is not JSON once placeholders are filled: {problem}",
                )
