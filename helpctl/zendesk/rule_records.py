"""Account records named in business rules: users (``assignee_id``, ``notification_user``, a
macro restricted to one user) and organizations (``organization_id``). Which ids the live rules
hold, and which emails or names the config writes.

Rules show records by a name people recognise rather than by a number tied to one account:
users by email, organizations by name. helpctl does not manage these records, and an account may
hold hundreds of thousands of them, so it never lists them all: populate reads the records that
live rules name (``users/show_many`` and ``organizations/show_many``, 100 ids a request), and
apply looks up the emails and names that desired rules name and no live rule does (one search
each). An id whose record no longer exists stays an id.

Pure: no HTTP.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Literal

from helpctl.resources import RULE_KINDS
from helpctl.resources.rules import ORGANIZATION_FIELDS, USER_FIELDS, USER_HEAD_FIELDS, is_special

__all__ = ["RECORDS", "Record", "desired_record_names", "live_record_ids"]

Record = Literal["users", "organizations"]

#: The record kinds rules name, in the order populate reads them.
RECORDS: tuple[Record, ...] = ("users", "organizations")


def _rule_values(rule: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """(field, value) of every condition and action of a rule, Zendesk or canonical shape."""
    conditions = rule.get("conditions") or {}
    for group in ("all", "any"):
        for cond in conditions.get(group) or []:
            yield str(cond.get("field", "")), cond.get("value")
    for action in rule.get("actions") or []:
        yield str(action.get("field", "")), action.get("value")


def _records_of(rule: Mapping[str, Any]) -> Iterator[tuple[Record, Any]]:
    """(record kind, value) of every record reference in a rule (keywords left out)."""
    for field, value in _rule_values(rule):
        if field in USER_FIELDS:
            yield "users", value
        elif field in USER_HEAD_FIELDS and isinstance(value, list) and value:
            yield "users", value[0]
        elif field in ORGANIZATION_FIELDS and not is_special(value):
            yield "organizations", value
    restriction = rule.get("restriction")
    if isinstance(restriction, Mapping) and restriction.get("type") == "User":
        yield "users", restriction.get("id")


def _is_id(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, str) and value.isdigit())


def live_record_ids(lists: Mapping[str, Iterable[Mapping[str, Any]]]) -> dict[Record, list[str]]:
    """Per record kind, the ids that the live rules in ``lists`` name: sorted, each once
    (every kind of :data:`RECORDS` present, possibly empty)."""
    found: dict[Record, set[str]] = {record: set() for record in RECORDS}
    for kind in RULE_KINDS:
        for rule in lists.get(kind, ()):
            for record, value in _records_of(rule):
                if _is_id(value):
                    found[record].add(str(value))
    return {record: sorted(ids, key=int) for record, ids in found.items()}


def _named(record: Record, value: Any) -> bool:
    if not isinstance(value, str) or is_special(value) or value.isdigit():
        return False
    return "@" in value if record == "users" else bool(value.strip())


def desired_record_names(rules: Iterable[Mapping[str, Any]]) -> dict[Record, list[str]]:
    """Per record kind, the emails (users) and names (organizations) that canonical rule attrs
    name: each once, in order of appearance (every kind of :data:`RECORDS` present)."""
    found: dict[Record, dict[str, None]] = {record: {} for record in RECORDS}
    for rule in rules:
        for record, value in _records_of(rule):
            if _named(record, value):
                found[record][value] = None
    return {record: list(names) for record, names in found.items()}
