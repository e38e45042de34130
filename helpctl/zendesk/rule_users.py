"""Users named in business rules (``assignee_id``, ``notification_user``, a macro restricted to
one user): which ids the live rules hold, and which emails the config writes.

Rules show users by email rather than by a number nobody recognises, so populate reads the users
that live rules name (``users/show_many``, 100 ids a request: never a list of every user), and
apply looks up the emails that desired rules name and no live rule does (one search each).

Pure: no HTTP.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from helpctl.resources import RULE_KINDS
from helpctl.resources.rules import USER_FIELDS, USER_HEAD_FIELDS

__all__ = ["desired_user_emails", "live_user_ids"]


def _rule_values(rule: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """(field, value) of every condition and action of a rule, Zendesk or canonical shape."""
    conditions = rule.get("conditions") or {}
    for group in ("all", "any"):
        for cond in conditions.get(group) or []:
            yield str(cond.get("field", "")), cond.get("value")
    for action in rule.get("actions") or []:
        yield str(action.get("field", "")), action.get("value")


def _users_of(rule: Mapping[str, Any]) -> Iterator[Any]:
    for field, value in _rule_values(rule):
        if field in USER_FIELDS:
            yield value
        elif field in USER_HEAD_FIELDS and isinstance(value, list) and value:
            yield value[0]
    restriction = rule.get("restriction")
    if isinstance(restriction, Mapping) and restriction.get("type") == "User":
        yield restriction.get("id")


def live_user_ids(lists: Mapping[str, Iterable[Mapping[str, Any]]]) -> list[str]:
    """Ids of the users that the live rules in ``lists`` name, sorted, each once."""
    found = {
        str(value)
        for kind in RULE_KINDS
        for rule in lists.get(kind, ())
        for value in _users_of(rule)
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit())
    }
    return sorted(found, key=int)


def desired_user_emails(rules: Iterable[Mapping[str, Any]]) -> list[str]:
    """Emails that canonical rule attrs name, each once, in order of appearance."""
    found: dict[str, None] = {}
    for rule in rules:
        for value in _users_of(rule):
            if isinstance(value, str) and "@" in value:
                found[value] = None
    return list(found)
