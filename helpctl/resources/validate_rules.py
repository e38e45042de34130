"""Business rules of a desired state against the rule catalogue.

Rules in YAML use names (``custom_fields.Contact reason``, ``group_id: Tier 1``); the catalogue
speaks Zendesk (``custom_fields_<id>``, ids). This module turns each condition and action into a
:class:`Probe` with stand-in ids (whether a name exists is the reference check's job, not this
one's), asks the catalogue's cached per-condition verdicts
(:func:`~helpctl.resources.catalogue.check_condition` / ``check_action``), and adds the
structural rules Zendesk enforces come from :mod:`helpctl.resources.object_rules`.

Pure domain: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any, NamedTuple

from helpctl.resources.catalogue import check_action, check_condition
from helpctl.resources.common import CUSTOM_FIELD_PREFIX
from helpctl.resources.rules import (
    LIST_HEAD_KINDS,
    ORGANIZATION_FIELDS,
    SCALAR_TYPES,
    USER_FIELDS,
    USER_HEAD_FIELDS,
    VALUE_KINDS,
    is_special,
)
from helpctl.resources.state import State

__all__ = ["Probe", "RuleChecker", "RuleIssue", "rule_probes"]

_STAND_IN_ID = "1"

#: (code, path, message) found in one rule.
RuleIssue = tuple[str, str, str]


#: Every custom field is checked under this one name: verdicts depend on the field's type, not
#: its id, so one cached verdict serves every field of a type.
_CUSTOM_NAME = "custom_fields_0"


class Probe(NamedTuple):
    """One condition or action, translated to what the catalogue checks.

    ``title`` names the custom field (its type is looked up per state), ``field`` is Zendesk's
    field name, and ``value`` has by-name references replaced by a stand-in id (whether a name
    exists is the reference check's job). A named tuple, not a dataclass: a fleet's validation
    builds one per condition and action of every rule, and tuples are built several times faster.
    """

    path: str
    title: str | None
    field: str
    operator: str | None
    value: Any


def _named(value: Any) -> bool:
    return isinstance(value, str) and not is_special(value) and not value.isdigit()


def _stand_in(field: str, value: Any) -> Any:
    if field in _NAMED_FIELDS and _named(value):
        return _STAND_IN_ID
    if field in _HEAD_FIELDS and isinstance(value, list) and value and _named(value[0]):
        return [_STAND_IN_ID, *value[1:]]
    return value


def _probe(path: str, item: dict[str, Any], operator: str | None) -> Probe:
    name = str(item.get("field", ""))
    value = item.get("value")
    if value.__class__ in SCALAR_TYPES:  # the same conditions recur in every instance of a fleet
        return _scalar_probe(path, name, operator, value)
    return _make_probe(path, name, operator, value)


@lru_cache(maxsize=1 << 16, typed=True)  # typed: 1, 1.0 and True are different values here
def _scalar_probe(path: str, name: str, operator: str | None, value: Any) -> Probe:
    return _make_probe(path, name, operator, value)


def _make_probe(path: str, name: str, operator: str | None, value: Any) -> Probe:
    if name.startswith(CUSTOM_FIELD_PREFIX):
        title: str | None = name[len(CUSTOM_FIELD_PREFIX) :]
        field = _CUSTOM_NAME
    else:
        title, field = None, name
    return Probe(path, title, field, operator, _stand_in(name, value))


def rule_probes(attrs: dict[str, Any]) -> tuple[Probe, ...]:
    """The probes of one rule's canonical attrs (a pure function of them: cacheable)."""
    out = []
    conditions = attrs.get("conditions") or {}
    for group in ("all", "any"):
        for i, cond in enumerate(conditions.get(group) or []):
            out.append(_probe(f"conditions.{group}[{i}]", cond, str(cond.get("operator"))))
    for i, action in enumerate(attrs.get("actions") or []):
        out.append(_probe(f"actions[{i}]", action, None))
    return tuple(out)


_HEAD_FIELDS = LIST_HEAD_KINDS.keys() | USER_HEAD_FIELDS
#: Fields whose one value is an object or record written by name (an id in Zendesk).
_NAMED_FIELDS = VALUE_KINDS.keys() | USER_FIELDS | ORGANIZATION_FIELDS


def _code_for(path: str) -> str:
    if path.endswith(".field"):
        return "rule_unknown_field"
    if path.endswith(".operator"):
        return "rule_bad_operator"
    # A value, or (unreachable through the models) a malformed entry.
    return "rule_bad_value"


class RuleChecker:
    """Checks the rules of one desired state against the catalogue."""

    def __init__(self, state: State) -> None:
        self.types = {f.key: str(f.attrs.get("type", "text")) for f in state.of("ticket_fields")}

    def custom_types(self, probes: Iterable[Probe]) -> tuple[str | None, ...]:
        """The types this state gives the custom fields of ``probes``: with the probes, all
        that :meth:`issues` depends on."""
        return tuple(self.types.get(p.title) for p in probes if p.title is not None)

    def issues(self, kind: str, attrs: dict[str, Any], probes: Iterable[Probe]) -> list[RuleIssue]:
        """Everything Zendesk would reject in one rule's conditions and actions."""
        issues: list[RuleIssue] = []
        for probe in probes:
            ctype = self.types.get(probe.title) if probe.title is not None else None
            if probe.operator is None:
                verdict = check_action(kind, probe.field, probe.value, ctype)
            else:
                verdict = check_condition(kind, probe.field, probe.operator, probe.value, ctype)
            if verdict:
                path = f"{probe.path}.{verdict[0]}"
                message = verdict[1]
                if probe.title is not None:
                    shown = f"`{CUSTOM_FIELD_PREFIX}{probe.title}`"
                    message = message.replace(f"`{_CUSTOM_NAME}`", shown)
                issues.append((_code_for(path), path, message))
        return issues
