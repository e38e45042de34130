"""What Zendesk accepts in business rules: condition fields, operators and values, action fields
and values, per rule kind (triggers, automations, macros, views).

The facts live in package data (``data/rule_catalogue.json``, built by
:mod:`helpctl.resources.catalogue_build` from recorded ``/definitions`` replies).
:func:`check_rule` speaks Zendesk's own field names (``group_id``, ``custom_fields_<id>``) and is
used both by offline validation (after names are translated) and by the sandbox, which answers a
rule it would reject with a 422.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources
from typing import Any

from helpctl.words import plural

__all__ = [
    "action_fields",
    "catalogue",
    "check_action",
    "check_condition",
    "check_rule",
    "condition_fields",
]

_CUSTOM_RE = re.compile(r"^custom_fields_(\d+)$")
_NUMBER_RE = re.compile(r"^-?\d+(\.\d+)?$")
_NULLS = (None, "", "__NULL__")

Issue = tuple[str, str]


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Any]:
    """The catalogue document (read once from package data)."""
    text = resources.files("helpctl.resources").joinpath("data/rule_catalogue.json").read_text()
    doc: dict[str, Any] = json.loads(text)
    return doc


def condition_fields(rule_kind: str) -> list[str]:
    """Condition field names a rule kind accepts (custom fields not listed)."""
    return sorted(catalogue()["kinds"].get(rule_kind, {}).get("conditions", {}))


def action_fields(rule_kind: str) -> list[str]:
    """Action field names a rule kind accepts (custom fields not listed)."""
    return sorted(catalogue()["kinds"].get(rule_kind, {}).get("actions", {}))


def _choices(values: Iterable[str]) -> str:
    return ", ".join(f"`{v}`" if v else '`""` (none)' for v in values)


def _custom_entry(kind: dict[str, Any], side: str, ftype: str | None) -> dict[str, Any]:
    spec = kind["custom_fields"]
    ftype = spec["aliases"].get(ftype, ftype)
    if side == "actions":
        return {"value_type": spec["actions"].get(ftype, spec["default_action_value_type"])}
    if ftype in spec["conditions"]:
        return dict(spec["conditions"][ftype])
    # Type unknown (the field is not in this state): accept what any custom field accepts.
    ops: list[str] = []
    for entry in spec["conditions"].values():
        ops += [op for op in entry["operators"] if op not in ops]
    return {"operators": ops, "value_type": "any"}


def _entry(rule_kind: str, side: str, name: str, custom_type: str | None) -> dict[str, Any] | None:
    kind = catalogue()["kinds"][rule_kind]
    if name in kind[side]:
        entry: dict[str, Any] = kind[side][name]
        return entry
    if _CUSTOM_RE.match(name):
        return _custom_entry(kind, side, custom_type)
    for prefix, entry in kind["patterns"][side].items():
        if name.startswith(prefix):
            return dict(entry)
    return None


def _is_id(value: Any) -> bool:
    return (isinstance(value, int) and not isinstance(value, bool)) or (
        isinstance(value, str) and value.isdigit()
    )


def _as_text(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _check_id(name: str, value: Any, entry: dict[str, Any]) -> str:
    specials = entry.get("specials") or []
    if _is_id(value) or (isinstance(value, str) and value in specials):
        return ""
    if value in _NULLS and (entry.get("nullable") or "__NULL__" in specials):
        return ""
    allowed = ["<id>", *specials, *([""] if entry.get("nullable") else [])]
    return f"value {value!r} is not valid for `{name}`; expected one of {_choices(allowed)}"


def _check_list(name: str, value: Any, entry: dict[str, Any], size: int) -> str:
    if not isinstance(value, list) or len(value) != size:
        return f"`{name}` takes a list of {plural(size, 'item')}, got {value!r}"
    if entry.get("value_type") in ("email", "sms"):
        return _check_id(name, value[0], entry)
    return ""


def _check_value(name: str, value: Any, entry: dict[str, Any]) -> str:
    vtype = entry.get("value_type", "any")
    if vtype == "enum":
        allowed = entry.get("values") or []
        if _as_text(value) in allowed or (entry.get("nullable") and value in _NULLS):
            return ""
        return f"value {value!r} is not valid for `{name}`; valid: {_choices(allowed)}"
    if vtype == "id":
        return _check_id(name, value, entry)
    if vtype == "number":
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        if ok or (isinstance(value, str) and _NUMBER_RE.match(value)):
            return ""
        return f"`{name}` takes a number, got {value!r}"
    if vtype == "bool":
        return "" if _as_text(value) in ("true", "false") else f"`{name}` takes true or false"
    if vtype in ("text", "tags", "option"):
        ok = isinstance(value, str | int | float) or (
            vtype != "text" and isinstance(value, list) and all(isinstance(v, str) for v in value)
        )
        return "" if ok and not isinstance(value, bool) else f"`{name}` takes text, got {value!r}"
    if vtype in ("email", "sms"):
        return _check_list(name, value, entry, 3)
    if vtype in ("target", "webhook"):
        return _check_list(name, value, entry, 2)
    if vtype == "list_with_textarea" and not isinstance(value, str):
        return _check_list(name, value, entry, 2)
    return ""


def _unknown(rule_kind: str, side: str, name: str) -> str:
    known = sorted(catalogue()["kinds"][rule_kind][side])
    what = "a condition" if side == "conditions" else "an action"
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        return f"`{name}` is not {what} field of {rule_kind}; did you mean `{close[0]}`?"
    return (
        f"`{name}` is not {what} field of {rule_kind}; valid: {_choices(known)}, custom_fields_<id>"
    )


_UNHASHABLE = object()


class _Scalar(tuple[type, Any]):
    """A non-string scalar with its type, so ``True``, ``1`` and ``1.0`` are distinct keys."""


def _freeze(value: Any) -> Any:
    """A hashable stand-in for a rule value (lists become tuples), so verdicts can be cached."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        items = tuple(_freeze(v) for v in value)
        return _UNHASHABLE if any(i is _UNHASHABLE for i in items) else items
    if value is None or isinstance(value, bool | int | float):
        return _Scalar((type(value), value))
    return _UNHASHABLE


def _thaw(value: Any) -> Any:
    if isinstance(value, _Scalar):
        return value[1]
    return [_thaw(v) for v in value] if isinstance(value, tuple) else value


def check_condition(
    rule_kind: str, field: str, operator: str, value: Any, custom_type: str | None = None
) -> tuple[str, str] | None:
    """The first problem of one condition as ``(part, message)``, part being ``field``,
    ``operator`` or ``value``; None when Zendesk accepts it. Verdicts are cached."""
    frozen = _freeze(value)
    if frozen is _UNHASHABLE:
        return _condition_verdict(rule_kind, field, operator, value, custom_type)
    return _cached_condition(rule_kind, field, operator, frozen, custom_type)


def check_action(
    rule_kind: str, field: str, value: Any, custom_type: str | None = None
) -> tuple[str, str] | None:
    """The problem of one action as ``(part, message)``, or None. Verdicts are cached."""
    frozen = _freeze(value)
    if frozen is _UNHASHABLE:
        return _action_verdict(rule_kind, field, value, custom_type)
    return _cached_action(rule_kind, field, frozen, custom_type)


def _condition_verdict(
    rule_kind: str, name: str, operator: str, value: Any, custom_type: str | None
) -> tuple[str, str] | None:
    entry = _entry(rule_kind, "conditions", name, custom_type)
    if entry is None:
        return ("field", _unknown(rule_kind, "conditions", name))
    operators = entry.get("operators") or []
    if operator not in operators:
        msg = f"operator `{operator}` is not valid for `{name}`; valid: {_choices(operators)}"
        return ("operator", msg)
    if operator in catalogue()["terminal_operators"]:
        return None
    problem = _check_value(name, value, entry)
    return ("value", problem) if problem else None


def _action_verdict(
    rule_kind: str, name: str, value: Any, custom_type: str | None
) -> tuple[str, str] | None:
    entry = _entry(rule_kind, "actions", name, custom_type)
    if entry is None:
        return ("field", _unknown(rule_kind, "actions", name))
    problem = _check_value(name, value, entry)
    return ("value", problem) if problem else None


@lru_cache(maxsize=65536)
def _cached_condition(
    rule_kind: str, name: str, operator: str, frozen: Any, custom_type: str | None
) -> tuple[str, str] | None:
    return _condition_verdict(rule_kind, name, operator, _thaw(frozen), custom_type)


@lru_cache(maxsize=65536)
def _cached_action(
    rule_kind: str, name: str, frozen: Any, custom_type: str | None
) -> tuple[str, str] | None:
    return _action_verdict(rule_kind, name, _thaw(frozen), custom_type)


def _condition_issues(
    rule_kind: str, cond: Any, path: str, custom_types: Mapping[str, str]
) -> list[Issue]:
    if not isinstance(cond, Mapping) or "field" not in cond or "operator" not in cond:
        return [(path, "a condition needs `field`, `operator` and `value`")]
    name = str(cond["field"])
    verdict = check_condition(
        rule_kind, name, str(cond["operator"]), cond.get("value"), custom_types.get(name)
    )
    return [(f"{path}.{verdict[0]}", verdict[1])] if verdict else []


def _action_issues(
    rule_kind: str, action: Any, path: str, custom_types: Mapping[str, str]
) -> list[Issue]:
    if not isinstance(action, Mapping) or "field" not in action:
        return [(path, "an action needs `field` and `value`")]
    name = str(action["field"])
    verdict = check_action(rule_kind, name, action.get("value"), custom_types.get(name))
    return [(f"{path}.{verdict[0]}", verdict[1])] if verdict else []


def check_rule(
    rule_kind: str,
    conditions: dict[str, list[dict[str, Any]]] | None,
    actions: list[dict[str, Any]] | None,
    *,
    custom_field_types: Mapping[str, str] | None = None,
) -> list[tuple[str, str]]:
    """Every condition or action Zendesk would reject, as ``(path, message)``.

    Paths read ``conditions.all[0].operator`` / ``actions[2].value``. Field names are Zendesk's
    (``group_id``, ``custom_fields_<id>``). ``custom_field_types`` maps ``custom_fields_<id>``
    to the ticket field's type (``tagger``…) to check operators per type; without it any
    operator valid for some custom field is accepted. Option values are checked elsewhere.
    """
    kinds = catalogue()["kinds"]
    if rule_kind not in kinds:
        return [("", f"`{rule_kind}` is not a rule kind; valid: {_choices(sorted(kinds))}")]
    types = custom_field_types or {}
    issues: list[Issue] = []
    if conditions and not kinds[rule_kind]["conditions"]:
        issues.append(("conditions", f"{rule_kind} have no conditions"))
    elif conditions:
        for group in ("all", "any"):
            for i, cond in enumerate(conditions.get(group) or []):
                issues += _condition_issues(rule_kind, cond, f"conditions.{group}[{i}]", types)
    if actions and not kinds[rule_kind]["actions"]:
        issues.append(("actions", f"{rule_kind} have no actions"))
    elif actions:
        for i, action in enumerate(actions):
            issues += _action_issues(rule_kind, action, f"actions[{i}]", types)
    return issues
