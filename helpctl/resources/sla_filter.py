"""The SLA policy filter vocabulary (``/slas/policies/definitions``), which is not the trigger
one: its own field names, fewer operators, and two enumerations written here by name.

The facts are the recorded definitions of a real account (reference part 2 §2). Fields that
hold an object (brand, group, form) are written by name and checked as references; the
enumerations ``ticket_type_id`` and ``requester_role`` are numbers in Zendesk and names here
(:data:`ENUMS`). Custom fields are written ``custom_fields.<title>`` (Zendesk's
``ticket_fields_<id>``), user and organization fields ``requester.custom_fields.<key>`` /
``organization.custom_fields.<key>`` as Zendesk names them.

Pure domain: no I/O.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from helpctl.resources.base import Issue
from helpctl.resources.common import CUSTOM_FIELD_PREFIX

__all__ = ["ENUMS", "FILTER_FIELDS", "filter_issues", "filter_operators"]

_IS = ("is", "is_not")
_COMPARE = ("less_than", "less_than_equal", "greater_than", "greater_than_equal")

#: Filter field → the operators Zendesk takes (recorded definitions).
FILTER_FIELDS: dict[str, tuple[str, ...]] = {
    "brand_id": _IS,
    "ticket_form_id": _IS,
    "ticket_type_id": _IS,
    "group_id": _IS,
    "assignee_id": _IS,
    "requester_id": _IS,
    "organization_id": _IS,
    "current_tags": ("includes", "not_includes"),
    "via_id": _IS,
    "current_via_id": _IS,
    "recipient": ("is",),
    "ticket_is_public": ("is",),
    "exact_created_at": _COMPARE,
    "requester_role": _IS,
}
_PREFIXED: dict[str, tuple[str, ...]] = {
    CUSTOM_FIELD_PREFIX: ("includes", "not_includes"),
    "requester.custom_fields.": (*_IS, *_COMPARE),
    "organization.custom_fields.": (*_IS, *_COMPARE),
}

#: Enumerated filter fields: the name written in YAML → Zendesk's number.
ENUMS: dict[str, dict[str, int]] = {
    "ticket_type_id": {"none": 0, "question": 1, "incident": 2, "problem": 3, "task": 4},
    "requester_role": {"end_user": 0, "admin": 2, "agent": 4},
}
_TEXT_VALUES: dict[str, tuple[str, ...]] = {"ticket_is_public": ("public", "private")}


def filter_operators(field: str) -> tuple[str, ...] | None:
    """The operators a filter field takes, or None when Zendesk has no such field."""
    if field in FILTER_FIELDS:
        return FILTER_FIELDS[field]
    for prefix, ops in _PREFIXED.items():
        if field.startswith(prefix) and len(field) > len(prefix):
            return ops
    return None


def _field_issue(field: str) -> str:
    names = [*FILTER_FIELDS, *(f"{p}<name>" for p in _PREFIXED)]
    close = difflib.get_close_matches(field, names, n=1, cutoff=0.6)
    hint = (
        f"did you mean `{close[0]}`?" if close else "valid: " + ", ".join(f"`{n}`" for n in names)
    )
    return f"`{field}` is not a filter field of SLA policies; {hint}"


def _value_issue(field: str, value: Any) -> str | None:
    allowed: tuple[str, ...] = ()
    if field in ENUMS:
        allowed = tuple(ENUMS[field])
    elif field in _TEXT_VALUES:
        allowed = _TEXT_VALUES[field]
    if allowed and value not in allowed:
        return f"`{value}` is not a value of `{field}`; valid: " + ", ".join(allowed)
    return None


def filter_issues(conditions: dict[str, Any]) -> Iterator[Issue]:
    """(code, path, message) for each filter condition Zendesk would refuse."""
    for group in ("all", "any"):
        for i, cond in enumerate(conditions.get(group) or []):
            where = f"filter.{group}[{i}]"
            field, operator = str(cond.get("field", "")), str(cond.get("operator", ""))
            ops = filter_operators(field)
            if ops is None:
                yield "rule_unknown_field", f"{where}.field", _field_issue(field)
                continue
            if operator not in ops:
                msg = f"`{operator}` is not an operator of `{field}`; valid: " + ", ".join(ops)
                yield "rule_bad_operator", f"{where}.operator", msg
            problem = _value_issue(field, cond.get("value"))
            if problem:
                yield "rule_bad_value", f"{where}.value", problem
