"""What the object rules of :mod:`helpctl.resources.object_rules` read in one object: the
condition field sets Zendesk's rules name, and the tests themselves. Each reads an object
defensively (the sandbox hands over anything a client sends) in the config's shape.

Pure domain: no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

__all__ = [
    "AUTOMATION_STATE_FIELDS",
    "OPTION_TYPES",
    "STATE",
    "STATE_FIELDS",
    "STATUS_TIMERS",
    "TIME_FIELDS",
    "all_fields",
    "as_list",
    "blank_option",
    "conditions",
    "no_nullifier",
    "no_state_condition",
    "nullifies",
    "options",
    "repeated_option",
    "state_by_timer_only",
    "typed",
    "words",
]

#: Time-based automation conditions (hours since an event).
TIME_FIELDS = frozenset(
    {"NEW", "OPEN", "PENDING", "HOLD", "SOLVED", "CLOSED", "assigned_at", "updated_at"}
    | {"requester_updated_at", "assignee_updated_at", "due_date", "until_due_date"}
)
#: One of these must be tested in ``all`` by a view (reference §14) and an automation (§12).
STATE_FIELDS = frozenset({"status", "type", "group_id", "assignee_id", "requester_id"})
#: Hours since a status: a time condition that tests the ticket's status too.
STATUS_TIMERS = frozenset({"NEW", "OPEN", "PENDING", "HOLD", "SOLVED", "CLOSED"})
#: What an automation's ``all`` must test besides time: a state field, the custom status, or an
#: hours-since-status timer. The recorded account holds Zendesk's default "Pending notification
#: 24 hours" (``PENDING is 24``) and an active "Tag tickets from Social" (``OPEN is 0``): Zendesk
#: accepts a status timer as the state condition.
AUTOMATION_STATE_FIELDS = STATE_FIELDS | {"custom_status_id"} | STATUS_TIMERS
OPTION_TYPES = frozenset({"tagger", "multiselect"})


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def conditions(obj: Mapping[str, Any], group: str) -> list[Mapping[str, Any]]:
    conditions = obj.get("conditions")
    if not isinstance(conditions, Mapping):
        return []
    return [c for c in as_list(conditions.get(group)) if isinstance(c, Mapping)]


def all_fields(obj: Mapping[str, Any]) -> set[str]:
    return {str(c.get("field")) for c in conditions(obj, "all")}


def words(value: Any) -> set[str]:
    """Tags or words of a rule value (space-separated text or a list), lowercased as Zendesk
    keeps tags; an empty or ``__NULL__`` item is none."""
    items = value if isinstance(value, list) else str(value or "").split()
    return {str(v).lower() for v in items if v not in (None, "", "__NULL__")}


def nullifies(action: Mapping[str, Any], cond: Mapping[str, Any]) -> bool:
    """Whether ``action`` makes ``cond`` false on a ticket where it held (an automation's way
    of not firing again on the same ticket)."""
    a_field, value = str(action.get("field")), action.get("value")
    c_field, op, expected = str(cond.get("field")), cond.get("operator"), cond.get("value")
    if c_field == "current_tags":
        wanted, given = words(expected), words(value)
        if op == "not_includes":
            return a_field in ("current_tags", "set_tags") and bool(wanted & given)
        if op == "includes":
            return (a_field == "remove_tags" and wanted <= given) or (
                a_field == "set_tags" and not wanted & given
            )
        return False
    if c_field in STATUS_TIMERS:
        return a_field in ("status", "custom_status_id")
    if a_field != c_field:
        return False
    if op == "is":
        return str(value) != str(expected)
    if op == "is_not":
        return str(value) == str(expected)
    return op in ("less_than", "greater_than")


def no_nullifier(obj: Mapping[str, Any]) -> bool:
    every = conditions(obj, "all") + conditions(obj, "any")
    once = any(c.get("field") in TIME_FIELDS and c.get("operator") == "is" for c in every)
    actions = [a for a in as_list(obj.get("actions")) if isinstance(a, Mapping)]
    nullified = any(nullifies(a, c) for a in actions for c in conditions(obj, "all"))
    return not once and not nullified


#: A state test besides the timers: a state field or the custom status.
STATE = STATE_FIELDS | {"custom_status_id"}


def no_state_condition(obj: Mapping[str, Any]) -> bool:
    """No ``all`` condition on the ticket's state at all: neither a state field nor an "hours
    since <status>" timer (which holds only while the ticket keeps that status)."""
    fields = all_fields(obj)
    return not fields & STATE and not fields & STATUS_TIMERS


def state_by_timer_only(obj: Mapping[str, Any]) -> bool:
    """The ticket's state is tested in ``all`` only through an "hours since <status>" timer."""
    fields = all_fields(obj)
    return not fields & STATE and bool(fields & STATUS_TIMERS)


def options(obj: Mapping[str, Any]) -> list[Any]:
    return as_list(obj.get("options"))


def repeated_option(obj: Mapping[str, Any]) -> int | None:
    seen: set[str] = set()
    for i, opt in enumerate(options(obj)):
        if isinstance(opt, Mapping):
            value = str(opt.get("value"))
            if value in seen:
                return i
            seen.add(value)
    return None


def blank_option(obj: Mapping[str, Any]) -> int | None:
    for i, opt in enumerate(options(obj)):
        if not isinstance(opt, Mapping):
            return i
        if not str(opt.get("name") or "").strip() or not opt.get("value"):
            return i
    return None


def typed(ftype: str) -> Callable[[Mapping[str, Any]], bool]:
    return lambda obj: obj.get("type", "text") == ftype
