"""Regenerate ``data/rule_catalogue.json`` from recorded Zendesk replies. Run by hand::

    .venv/bin/python -m helpctl.resources.catalogue_build \\
        ../shared/fixtures/zendesk/salto/packages/zendesk-adapter/test/mock_replies/myBrand_mock_replies.json

It reads the recorded ``/api/v2/triggers/definitions`` and ``/api/v2/macros/definitions``
replies (plus the recorded automations and views, to see which fields they use) and writes, per
rule kind, the valid condition fields with their operators and value types, and the valid action
fields with their value types. Account-specific values (group, user, brand ids) become the value
type ``id`` with only the keyword values (``current_user``, ``__NULL__``…) kept; fixed system
values (status, priority, type…) become ``enum``.

Automations and views have no definitions reply: their entries are derived from the trigger
definitions (minus trigger-only fields and change-aware operators) plus the facts of the API
reference (§10, §12, §14). Every entry says where it came from in ``source``:
``recorded:<reply>``, ``derived:<reply>`` or ``reference:<section>`` (``(unconfirmed)`` where
the reference says so). Re-run after changing the tables below; the JSON is package data and
the test suite checks it still covers the recording.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from helpctl.errors import ConfigError

TRIGGER_DEFS = "/api/v2/triggers/definitions"
MACRO_DEFS = "/api/v2/macros/definitions"
OUT = Path(__file__).parent / "data" / "rule_catalogue.json"

TERMINAL = ["changed", "not_changed", "present", "not_present"]
CHANGE_OPERATORS = {"changed", "not_changed", "value", "value_previous", "not_value"}
CHANGE_OPERATORS |= {"not_value_previous"}
#: Fields whose recorded values are this account's channels / addresses, not a closed set.
FREE_VALUE_TYPES = {
    "via_id": "number",
    "current_via_id": "number",
    "recipient": "text",
    "requester_time_zone": "text",
}
#: Condition fields only triggers have (reference §10); ``ticket_is_public`` stays, because a
#: recorded automation uses it.
TRIGGER_ONLY = {"update_type", "current_via_id", "role", "comment_is_public"}
TRIGGER_ONLY |= {"comment_includes_word", "recipient"}
TIME_OPERATORS = ["is", "less_than", "greater_than"]
RECORDED_TIME_FIELDS = ["OPEN", "PENDING", "SOLVED"]
UNCONFIRMED_TIME_FIELDS = ["NEW", "HOLD", "CLOSED", "assigned_at", "updated_at"]
UNCONFIRMED_TIME_FIELDS += ["requester_updated_at", "assignee_updated_at", "due_date"]
UNCONFIRMED_TIME_FIELDS += ["until_due_date"]
VIEW_ONLY_TIME_FIELDS = ["due_at"]
#: Keyword values recorded in views that the trigger definitions do not list.
VIEW_EXTRA_SPECIALS = {"group_id": ["current_groups"]}

#: Operators per ticket field type for ``custom_fields_<id>`` conditions (trigger form; other
#: kinds drop the change-aware ones). Multiselect and regexp are recorded; the rest are derived
#: from the recorded user-field operators of the same shape.
CUSTOM_CONDITIONS: dict[str, tuple[list[str], str, str]] = {
    "multiselect": (["includes", "not_includes", "present", "not_present"], "option", "recorded"),
    "regexp": (["present", "not_present"], "text", "recorded"),
    "tagger": (
        ["is", "is_not", "present", "not_present", *sorted(CHANGE_OPERATORS)],
        "option",
        "derived",
    ),
    "checkbox": (["is", *sorted(CHANGE_OPERATORS)], "bool", "derived"),
    "text": (
        [
            "is",
            "is_not",
            "present",
            "not_present",
            "includes_words",
            "not_includes_words",
            "includes_string",
            "not_includes_string",
        ],
        "text",
        "derived",
    ),
    "date": (
        [
            "is",
            "is_not",
            "present",
            "not_present",
            "less_than",
            "less_than_equal",
            "greater_than",
            "greater_than_equal",
            "within_previous_n_days",
            "within_next_n_days",
        ],
        "text",
        "derived",
    ),
    "integer": (
        [
            "is",
            "is_not",
            "present",
            "not_present",
            "less_than",
            "less_than_equal",
            "greater_than",
            "greater_than_equal",
        ],
        "number",
        "derived",
    ),
    "lookup": (["is", "is_not", "present", "not_present"], "text", "derived"),
}
CUSTOM_ALIASES = {"textarea": "text", "partialcreditcard": "regexp", "decimal": "integer"}
CUSTOM_ACTIONS = {"tagger": "option", "multiselect": "option", "checkbox": "bool"}


#: Documented fields the recorded account does not show (reference §10), per rule kind and side.
REFERENCE_EXTRAS: dict[tuple[str, str], dict[str, dict[str, Any]]] = {
    ("triggers", "actions"): {
        "custom_status_id": {"value_type": "id", "specials": [], "nullable": False},
        "share_ticket": {"value_type": "id", "specials": [], "nullable": False},
        "satisfaction_score": {"value_type": "text", "nullable": False},
    },
    ("triggers", "conditions"): {
        "custom_status_id": {
            "operators": [
                "is",
                "is_not",
                "changed",
                "value",
                "value_previous",
                "not_changed",
                "not_value",
                "not_value_previous",
            ],
            "value_type": "id",
            "specials": [],
            "nullable": False,
        },
    },
    ("macros", "actions"): {
        "custom_status_id": {"value_type": "id", "specials": [], "nullable": False},
    },
}


def _with_extras(kind: str, side: str, entries: dict[str, Any]) -> dict[str, Any]:
    extras = REFERENCE_EXTRAS.get((kind, side), {})
    added = {k: {**v, "source": "reference:§10"} for k, v in extras.items() if k not in entries}
    return entries | added


def _reply(recording: list[dict[str, Any]], url: str) -> Any:
    return next(r["response"] for r in recording if r["url"] == url)


def _is_keyword(value: str) -> bool:
    return not value.isdigit()


def value_spec(subject: str, kind: str, values: list[dict[str, Any]] | None) -> dict[str, Any]:
    """The value type of one definitions entry."""
    if subject in FREE_VALUE_TYPES:
        return {"value_type": FREE_VALUE_TYPES[subject]}
    simple = {"tags": "tags", "text": "text", "textarea": "text", "date": "text"}
    if kind in simple:
        return {"value_type": simple[kind]}
    listed = [str(v["value"]) for v in values or []]
    if kind in ("email", "sms"):
        return {"value_type": kind, "specials": [v for v in listed if _is_keyword(v)]}
    if kind in ("target", "webhook", "list_with_textarea"):
        return {"value_type": kind}
    if kind == "multiselect_list":
        return {"value_type": "option"}
    if any(v.isdigit() for v in listed):
        return {"value_type": "id", "specials": [v for v in listed if _is_keyword(v)]}
    return {"value_type": "enum", "values": listed}


def _entry(raw: dict[str, Any], source: str, with_operators: bool) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    if with_operators:
        entry["operators"] = [op["value"] for op in raw.get("operators", [])]
    entry.update(value_spec(raw["subject"], raw["type"], raw.get("values")))
    entry["nullable"] = bool(raw.get("nullable"))
    entry["source"] = source
    return entry


def _account_specific(subject: str) -> bool:
    return subject.startswith(("custom_fields_", "requester.custom_fields.", "organization."))


def _section(raws: list[dict[str, Any]], source: str, ops: bool) -> dict[str, dict[str, Any]]:
    return {
        raw["subject"]: _entry(raw, source, ops)
        for raw in raws
        if not _account_specific(raw["subject"])
    }


def _without_change_operators(
    conditions: dict[str, dict[str, Any]], source: str, drop: set[str]
) -> dict[str, dict[str, Any]]:
    out = {}
    for name, entry in conditions.items():
        if name in drop:
            continue
        ops = [op for op in entry["operators"] if op not in CHANGE_OPERATORS]
        out[name] = {**entry, "operators": ops, "source": source}
    return out


def _time_fields(names: list[str], source: str) -> dict[str, dict[str, Any]]:
    return {
        name: {
            "operators": TIME_OPERATORS,
            "value_type": "number",
            "nullable": False,
            "source": source,
        }
        for name in names
    }


def _custom_fields(change_aware: bool, source_note: str) -> dict[str, Any]:
    conditions = {}
    for ftype, (ops, vtype, source) in CUSTOM_CONDITIONS.items():
        kept = ops if change_aware else [op for op in ops if op not in CHANGE_OPERATORS]
        conditions[ftype] = {"operators": kept, "value_type": vtype, "source": source + source_note}
    return {
        "conditions": conditions,
        "aliases": CUSTOM_ALIASES,
        "actions": {ftype: {"value_type": v} for ftype, v in CUSTOM_ACTIONS.items()},
        "default_action_value_type": "text",
    }


def _patterns(defs: dict[str, Any], sides: tuple[str, ...], source: str) -> dict[str, Any]:
    """User and organization custom fields: any key under the prefix; for conditions, the
    operators of any recorded entry under it."""
    out: dict[str, Any] = {side: {} for side in ("conditions", "actions")}
    for prefix in ("requester.custom_fields.", "organization.custom_fields."):
        ops: list[str] = []
        for raw in defs["conditions_all"]:
            if raw["subject"].startswith(prefix):
                ops += [o["value"] for o in raw["operators"] if o["value"] not in ops]
        if "conditions" in sides:
            entry = {"operators": ops, "value_type": "any", "source": source}
            out["conditions"][prefix] = entry
        if "actions" in sides:
            out["actions"][prefix] = {"value_type": "any", "source": source}
    return out


def build(recording: list[dict[str, Any]]) -> dict[str, Any]:
    """The catalogue document for a recording (see the module docstring)."""
    tdefs = _reply(recording, TRIGGER_DEFS)["definitions"]
    mdefs = _reply(recording, MACRO_DEFS)["definitions"]
    rec_t, rec_m = "recorded:" + TRIGGER_DEFS, "recorded:" + MACRO_DEFS
    trigger_conditions = _section(tdefs["conditions_all"], rec_t, True)
    for name, entry in _section(tdefs["conditions_any"], rec_t, True).items():
        trigger_conditions.setdefault(name, entry)
    trigger_conditions = _with_extras("triggers", "conditions", trigger_conditions)
    trigger_actions = _with_extras("triggers", "actions", _section(tdefs["actions"], rec_t, False))
    derived = "derived:" + TRIGGER_DEFS + " (reference §10, §12)"
    automation_conditions = _without_change_operators(trigger_conditions, derived, TRIGGER_ONLY)
    automation_conditions |= _time_fields(RECORDED_TIME_FIELDS, "recorded:/api/v2/automations")
    automation_conditions |= _time_fields(UNCONFIRMED_TIME_FIELDS, "reference:§10 (unconfirmed)")
    view_conditions = {
        name: {**entry, "source": entry["source"].replace("§12", "§14")}
        for name, entry in automation_conditions.items()
    }
    view_conditions |= _time_fields(VIEW_ONLY_TIME_FIELDS, "recorded:/api/v2/views")
    for name, specials in VIEW_EXTRA_SPECIALS.items():
        entry = view_conditions[name]
        entry["specials"] = [*entry["specials"], *specials]
        entry["source"] += " + recorded:/api/v2/views"
    automation_actions = {
        name: {**entry, "source": "derived:" + TRIGGER_DEFS + " (reference §10)"}
        for name, entry in trigger_actions.items()
    }
    return {
        "about": "Valid rule fields, operators and values per rule kind; see catalogue_build.py.",
        "terminal_operators": TERMINAL,
        "kinds": {
            "triggers": {
                "conditions": trigger_conditions,
                "actions": trigger_actions,
                "custom_fields": _custom_fields(True, ""),
                "patterns": _patterns(tdefs, ("conditions", "actions"), rec_t),
            },
            "automations": {
                "conditions": automation_conditions,
                "actions": automation_actions,
                "custom_fields": _custom_fields(False, " (reference §12)"),
                "patterns": _patterns(tdefs, ("conditions", "actions"), derived),
            },
            "macros": {
                "conditions": {},
                "actions": _with_extras(
                    "macros", "actions", _section(mdefs["actions"], rec_m, False)
                ),
                "custom_fields": _custom_fields(False, ""),
                "patterns": _patterns(tdefs, (), rec_m),
            },
            "views": {
                "conditions": view_conditions,
                "actions": {},
                "custom_fields": _custom_fields(False, " (reference §14)"),
                "patterns": _patterns(tdefs, ("conditions",), derived),
            },
        },
    }


def main(argv: list[str]) -> Path:
    """``catalogue_build RECORDING [OUT]``: write the catalogue JSON, return where."""
    if not argv:
        raise ConfigError("usage: python -m helpctl.resources.catalogue_build RECORDING [OUT]")
    recording = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    out = Path(argv[1]) if len(argv) > 1 else OUT
    doc = build(recording)
    out.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return out


if __name__ == "__main__":
    main(sys.argv[1:])
