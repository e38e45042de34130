"""Business rules of a desired state against the rule catalogue.

Rules in YAML use names (``custom_fields.Contact reason``, ``group_id: Tier 1``); the catalogue
speaks Zendesk (``custom_fields_<id>``, ids). This module translates one to the other with
stand-in ids (whether a name exists is the reference check's job, not this one's), calls
:func:`~helpctl.resources.catalogue.check_rule`, and adds the structural rules Zendesk enforces
on automations and views.

Pure domain: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from helpctl.resources.catalogue import check_action, check_condition
from helpctl.resources.common import CUSTOM_FIELD_PREFIX
from helpctl.resources.rules import (
    LIST_HEAD_KINDS,
    USER_FIELDS,
    USER_HEAD_FIELDS,
    VALUE_KINDS,
    is_special,
)
from helpctl.state import Resource, State

__all__ = ["TIME_FIELDS", "VIEW_NEEDS_ONE_OF", "RuleChecker"]

_STAND_IN_ID = "1"
#: Automations must test one of these in ``all`` (reference §12).
TIME_FIELDS = frozenset(
    {"NEW", "OPEN", "PENDING", "HOLD", "SOLVED", "CLOSED", "assigned_at", "updated_at"}
    | {"requester_updated_at", "assignee_updated_at", "due_date", "until_due_date"}
)
#: Views must test one of these in ``all`` (reference §14).
VIEW_NEEDS_ONE_OF = frozenset({"status", "type", "group_id", "assignee_id", "requester_id"})

#: (code, path, message) found in one rule.
RuleIssue = tuple[str, str, str]


class _Translator:
    """Names → stand-in Zendesk names and ids, with custom fields numbered per title."""

    def __init__(self, state: State) -> None:
        self.numbers: dict[str, str] = {}
        self.types: dict[str, str] = {}
        for field in state.of("ticket_fields"):
            name = self.custom_field(field.key)
            self.types[name] = str(field.attrs.get("type", "text"))

    def custom_field(self, title: str) -> str:
        number = self.numbers.setdefault(title, str(len(self.numbers) + 1))
        return f"custom_fields_{number}"

    def field(self, name: str) -> str:
        if name.startswith(CUSTOM_FIELD_PREFIX):
            return self.custom_field(name[len(CUSTOM_FIELD_PREFIX) :])
        return name

    @staticmethod
    def _named(value: Any) -> bool:
        return isinstance(value, str) and not is_special(value) and not value.isdigit()

    def value(self, field: str, value: Any) -> Any:
        if (field in VALUE_KINDS or field in USER_FIELDS) and self._named(value):
            return _STAND_IN_ID
        if field in _HEAD_FIELDS and isinstance(value, list) and value and self._named(value[0]):
            return [_STAND_IN_ID, *value[1:]]
        return value


_HEAD_FIELDS = LIST_HEAD_KINDS.keys() | USER_HEAD_FIELDS


def _code_for(path: str) -> str:
    if path.endswith(".field"):
        return "rule_unknown_field"
    if path.endswith(".operator"):
        return "rule_bad_operator"
    # A value, or (unreachable through the models) a malformed entry.
    return "rule_bad_value"


def _structure(kind: str, attrs: dict[str, Any]) -> Iterator[RuleIssue]:
    all_fields = {c.get("field") for c in (attrs.get("conditions") or {}).get("all") or []}
    if kind in ("triggers", "automations", "macros") and not attrs.get("actions"):
        yield ("rule_needs_action", "actions", f"{kind} need at least one action")
    if kind == "automations" and not all_fields & TIME_FIELDS:
        yield (
            "rule_needs_condition",
            "conditions.all",
            "an automation needs a time-based condition in `all` "
            f"(one of {', '.join(sorted(TIME_FIELDS))})",
        )
    if kind == "views" and not all_fields & VIEW_NEEDS_ONE_OF:
        yield (
            "rule_needs_condition",
            "conditions.all",
            "a view needs an `all` condition on one of " + ", ".join(sorted(VIEW_NEEDS_ONE_OF)),
        )


class RuleChecker:
    """Checks the rules of one desired state (build once per state: it numbers the fields)."""

    def __init__(self, state: State) -> None:
        self._tr = _Translator(state)

    def _readable(self, message: str) -> str:
        for title, number in self._tr.numbers.items():
            message = message.replace(
                f"`custom_fields_{number}`", f"`{CUSTOM_FIELD_PREFIX}{title}`"
            )
        return message

    def _conditions(self, kind: str, conditions: Any) -> Iterator[RuleIssue]:
        tr = self._tr
        for group in ("all", "any"):
            for i, cond in enumerate((conditions or {}).get(group) or []):
                name = str(cond.get("field", ""))
                field = tr.field(name)
                value = tr.value(name, cond.get("value"))
                verdict = check_condition(
                    kind, field, str(cond.get("operator")), value, tr.types.get(field)
                )
                if verdict:
                    path = f"conditions.{group}[{i}].{verdict[0]}"
                    yield _code_for(path), path, self._readable(verdict[1])

    def _actions(self, kind: str, actions: Any) -> Iterator[RuleIssue]:
        tr = self._tr
        for i, action in enumerate(actions or []):
            name = str(action.get("field", ""))
            field = tr.field(name)
            value = tr.value(name, action.get("value"))
            verdict = check_action(kind, field, value, tr.types.get(field))
            if verdict:
                path = f"actions[{i}].{verdict[0]}"
                yield _code_for(path), path, self._readable(verdict[1])

    def issues(self, kind: str, resource: Resource) -> list[RuleIssue]:
        """Everything Zendesk would reject in one rule's conditions and actions."""
        attrs = resource.attrs
        issues = list(self._conditions(kind, attrs.get("conditions")))
        issues += self._actions(kind, attrs.get("actions"))
        issues += _structure(kind, attrs)
        return issues
