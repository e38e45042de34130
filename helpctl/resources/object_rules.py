"""The catalogue of what Zendesk refuses in one object, per kind: one list both ``helpctl
validate`` and the sandbox read, so validate catches everything the API would refuse.

Each :class:`ObjectRule` is one rule Zendesk states for a kind (the reference, §8–§14 of
``zendesk-api.md`` and the automation table of ``zendesk-api-2.md``): its problem code (in
``docs/problem-codes.md``), where it points inside the object, helpctl's message, the 422 detail
Zendesk answers (which the sandbox answers too), the test itself, and the invalid objects that
show it (``cases``: a test sends each one to both ``validate`` and the sandbox and expects both
to refuse it, and :data:`VALID` to both and expects neither to).

Rules read an object in the config's shape (names, ``options``); the sandbox hands its Zendesk
document through :func:`config_shape` (``custom_field_options`` → ``options``). A rule never
depends on other objects; references are the validator's job. Add a kind by adding its entries
to :data:`RULES`, its valid object to :data:`VALID` and its Zendesk key names to
:data:`ZENDESK_KEYS` (when they differ).

Pure domain: no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from helpctl.resources.base import Issue
from helpctl.resources.object_tests import (
    OPTION_TYPES,
    STATE,
    STATE_FIELDS,
    TIME_FIELDS,
    all_fields,
    as_list,
    blank_option,
    conditions,
    no_nullifier,
    no_state_condition,
    nullifies,
    options,
    repeated_option,
    state_by_timer_only,
    typed,
)

__all__ = [
    "RULES",
    "STATE_FIELDS",
    "TIME_FIELDS",
    "UNIQUE_NAMES",
    "VALID",
    "WARNING_CODES",
    "ZENDESK_KEYS",
    "ObjectRule",
    "config_shape",
    "issues",
    "name_clashes",
    "name_key",
    "nullifies",
    "refusals",
    "rules_for",
]


@dataclass(frozen=True)
class ObjectRule:
    """One thing Zendesk refuses in one object of ``kind``.

    ``broken(obj)`` is True when ``obj`` (config shape) breaks the rule. ``path`` is where the
    problem points; ``message`` is helpctl's words, ``field``/``zendesk`` the key and text of
    Zendesk's 422 detail. ``cases`` are changes to :data:`VALID` ``[kind]`` that break it.
    """

    kind: str
    code: str
    meaning: str
    path: str
    message: str
    field: str
    zendesk: str
    broken: Callable[[Mapping[str, Any]], bool]
    cases: tuple[dict[str, Any], ...]
    #: the exact path inside the object, when finer than ``path`` (the option that repeats)
    locate: Callable[[Mapping[str, Any]], str] | None = None
    #: "warning" for a rule Zendesk documents but demonstrably does not always enforce
    #: (recorded accounts hold objects that break it): validate reports it without failing and
    #: the sandbox accepts the object, as Zendesk did
    severity: str = "error"

    def where(self, obj: Mapping[str, Any]) -> str:
        """Where in ``obj`` this rule's problem points."""
        return self.locate(obj) if self.locate is not None else self.path


# -- the valid object of each kind, and the rules --------------------------------------------
_TIME = {"field": "SOLVED", "operator": "greater_than", "value": "96"}
_SOLVED = {"field": "status", "operator": "is", "value": "solved"}
_UPDATED = {"field": "updated_at", "operator": "greater_than", "value": "24"}
_CLOSE = {"field": "status", "value": "closed"}

#: A minimal object of each kind that Zendesk accepts (and every case is a change to it).
VALID: dict[str, dict[str, Any]] = {
    "triggers": {
        "title": "Catalogue trigger",
        "conditions": {"all": [{"field": "update_type", "operator": "is", "value": "Create"}]},
        "actions": [{"field": "priority", "value": "high"}],
    },
    "automations": {
        "title": "Catalogue automation",
        "conditions": {"all": [_TIME, _SOLVED]},
        "actions": [_CLOSE],
    },
    "macros": {"title": "Catalogue macro", "actions": [{"field": "status", "value": "open"}]},
    "views": {
        "title": "Catalogue view",
        "conditions": {"all": [{"field": "status", "operator": "less_than", "value": "solved"}]},
    },
    "ticket_fields": {
        "title": "Catalogue dropdown",
        "type": "tagger",
        "options": [{"name": "One", "value": "catalogue_one"}],
    },
}

#: Keys Zendesk names differently from the config, per kind (Zendesk → config).
ZENDESK_KEYS: dict[str, dict[str, str]] = {"ticket_fields": {"custom_field_options": "options"}}

_NO_ACTIONS: dict[str, Any] = {"actions": []}
_NEEDS_ACTION = "at least one action"


def _needs_action(kind: str) -> ObjectRule:
    return ObjectRule(
        kind,
        "rule_needs_action",
        "a trigger, automation or macro without any action",
        "actions",
        f"{kind} need {_NEEDS_ACTION}",
        "actions",
        "Actions: cannot be blank",
        lambda obj: not as_list(obj.get("actions")),
        (_NO_ACTIONS,),
    )


RULES: tuple[ObjectRule, ...] = (
    # -- triggers (reference §11: title, conditions and actions are mandatory)
    ObjectRule(
        "triggers",
        "trigger_needs_condition",
        "a trigger without any condition (in `all` or `any`)",
        "conditions",
        "a trigger needs at least one condition in `all` or `any`",
        "conditions",
        "Conditions: cannot be blank",
        lambda obj: not (conditions(obj, "all") or conditions(obj, "any")),
        ({"conditions": {"all": [], "any": []}}, {"conditions": {}}),
    ),
    _needs_action("triggers"),
    # -- automations (reference §12, and zendesk-api-2 "Automations")
    ObjectRule(
        "automations",
        "rule_needs_condition",
        "an automation lacks a time condition, or a view a ticket-state one",
        "conditions.all",
        "an automation needs a time-based condition in `all` (one of "
        + ", ".join(sorted(TIME_FIELDS))
        + ")",
        "conditions",
        "Conditions: must include a time-based condition in `all`",
        lambda obj: not all_fields(obj) & TIME_FIELDS,
        ({"conditions": {"all": [_SOLVED]}}, {"conditions": {"all": [_SOLVED], "any": [_TIME]}}),
    ),
    ObjectRule(
        "automations",
        "automation_needs_state_condition",
        "an automation whose `all` tests nothing of the ticket's state",
        "conditions.all",
        "an automation needs an `all` condition on one of "
        + ", ".join(sorted(STATE))
        + " (or at least an hours-since-status timer such as PENDING)",
        "conditions",
        "Conditions: must include a condition on status, type, group, assignee or requester "
        "in `all`",
        no_state_condition,
        (
            {"conditions": {"all": [{"field": "updated_at", "operator": "is", "value": "24"}]}},
            {
                "conditions": {
                    "all": [{"field": "assigned_at", "operator": "greater_than", "value": "2"}]
                },
                "actions": [{"field": "priority", "value": "low"}],
            },
        ),
    ),
    ObjectRule(
        "automations",
        "automation_state_by_timer_only",
        "an automation whose `all` tests the state only through an hours-since-status timer",
        "conditions.all",
        "Zendesk documents that an automation needs an `all` condition on one of "
        + ", ".join(sorted(STATE))
        + "; this one tests the state only through an hours-since-status timer",
        "conditions",
        "Conditions: must include a condition on status, type, group, assignee or requester "
        "in `all`",
        state_by_timer_only,
        # Zendesk's defaults "Pending notification 24 hours"/"5 days" and a recorded account's
        # "Tag tickets from Social" (`OPEN is 0` alone) are kept by Zendesk
        (
            {
                "conditions": {"all": [{"field": "PENDING", "operator": "is", "value": "24"}]},
                "actions": [{"field": "priority", "value": "low"}],
            },
        ),
        severity="warning",
    ),
    ObjectRule(
        "automations",
        "automation_needs_nullifier",
        "an automation that could fire again and again on one ticket",
        "actions",
        "an automation must nullify itself: a time condition with `is`, or an action that "
        "makes one of its `all` conditions false",
        "base",
        "Automation must contain a condition that is true only once or an action that "
        "nullifies a condition",
        no_nullifier,
        ({"actions": [{"field": "priority", "value": "low"}]},),
    ),
    _needs_action("automations"),
    # -- macros (reference §13: title and actions are mandatory)
    _needs_action("macros"),
    # -- views (reference §14)
    ObjectRule(
        "views",
        "rule_needs_condition",
        "an automation lacks a time condition, or a view a ticket-state one",
        "conditions.all",
        "a view needs an `all` condition on one of " + ", ".join(sorted(STATE_FIELDS)),
        "conditions",
        "Conditions: must include a condition on status, type, group, assignee or requester "
        "in `all`",
        lambda obj: not all_fields(obj) & STATE_FIELDS,
        (
            {"conditions": {"all": []}},
            {"conditions": {"all": [{"field": "priority", "operator": "is", "value": "high"}]}},
            # `any` needs an `all` beside it: implied, as `all` must hold a state condition
            {"conditions": {"all": [], "any": [_SOLVED]}},
        ),
    ),
    # -- ticket fields (reference §8)
    ObjectRule(
        "ticket_fields",
        "field_needs_options",
        "a dropdown or multiselect field without options",
        "options",
        "a dropdown or multiselect field needs `options`",
        "custom_field_options",
        "Custom field options: cannot be blank",
        lambda obj: obj.get("type", "text") in OPTION_TYPES and not options(obj),
        ({"options": []}, {"type": "multiselect", "options": []}),
    ),
    ObjectRule(
        "ticket_fields",
        "field_duplicate_option",
        "two options of one field share a value",
        "options",
        "two options share one `value`; option values must be unique within a field",
        "custom_field_options",
        "Custom field options: value has already been taken",
        lambda obj: repeated_option(obj) is not None,
        (
            {
                "options": [
                    {"name": "One", "value": "catalogue_one"},
                    {"name": "Again", "value": "catalogue_one"},
                ]
            },
        ),
        lambda obj: f"options[{repeated_option(obj)}].value",
    ),
    ObjectRule(
        "ticket_fields",
        "field_option_blank",
        "a field option with an empty name or value",
        "options",
        "every option needs a non-empty `name` and `value`",
        "custom_field_options",
        "Field option: name and value are required",
        lambda obj: blank_option(obj) is not None,
        (
            {"options": [{"name": "", "value": "catalogue_one"}]},
            {"options": [{"name": "One", "value": ""}]},
        ),
        lambda obj: f"options[{blank_option(obj)}]",
    ),
    ObjectRule(
        "ticket_fields",
        "field_needs_pattern",
        "a regexp field without regexp_for_validation",
        "type",
        "a regexp field needs `regexp_for_validation`",
        "regexp_for_validation",
        "Regexp for validation: cannot be blank",
        lambda obj: typed("regexp")(obj) and not obj.get("regexp_for_validation"),
        ({"type": "regexp", "options": None},),
    ),
    ObjectRule(
        "ticket_fields",
        "field_needs_target",
        "a lookup field without relationship_target_type",
        "type",
        "a lookup field needs `relationship_target_type`",
        "relationship_target_type",
        "Relationship target type: cannot be blank",
        lambda obj: typed("lookup")(obj) and not obj.get("relationship_target_type"),
        ({"type": "lookup", "options": None},),
    ),
)


#: Codes validate reports as warnings (see ``ObjectRule.severity``).
WARNING_CODES = frozenset(rule.code for rule in RULES if rule.severity == "warning")


_BY_KIND: dict[str, tuple[ObjectRule, ...]] = {
    kind: tuple(rule for rule in RULES if rule.kind == kind) for kind in {r.kind for r in RULES}
}


def rules_for(kind: str) -> tuple[ObjectRule, ...]:
    """The catalogue's rules of ``kind`` (none for a kind it does not list)."""
    return _BY_KIND.get(kind, ())


def issues(kind: str, attrs: Mapping[str, Any]) -> Iterator[Issue]:
    """(code, path, message) for every rule ``attrs`` (config shape) breaks."""
    for rule in rules_for(kind):
        if rule.broken(attrs):
            yield rule.code, rule.where(attrs), rule.message


def config_shape(kind: str, doc: Mapping[str, Any]) -> dict[str, Any]:
    """A Zendesk document of ``kind`` with its keys named as in the config."""
    renamed = ZENDESK_KEYS.get(kind, {})
    return {renamed.get(key, key): value for key, value in doc.items()}


def refusals(kind: str, doc: Mapping[str, Any]) -> list[ObjectRule]:
    """The rules a Zendesk document of ``kind`` breaks that Zendesk enforces (what the sandbox
    answers 422 for; a warning rule is one Zendesk does not always enforce)."""
    shaped = config_shape(kind, doc)
    return [rule for rule in rules_for(kind) if rule.severity == "error" and rule.broken(shaped)]


#: Kinds whose identity Zendesk keeps unique, compared trimmed and case-insensitively
#: ("Name: … has already been taken"): the key it checks. The sandbox refuses the same.
UNIQUE_NAMES: dict[str, str] = {
    "groups": "name",
    "trigger_categories": "name",
    "dynamic_content": "name",
}


def name_key(value: Any) -> str:
    """How Zendesk compares unique names: trimmed, case-insensitive."""
    return str(value).strip().lower()


def name_clashes(kind: str, names: list[str]) -> list[tuple[str, str]]:
    """(later name, earlier name) for every name of ``kind`` that Zendesk would refuse as
    taken by an earlier one (``Tier 1`` and ``tier 1 ``); none for kinds not unique."""
    if kind not in UNIQUE_NAMES:
        return []
    seen: dict[str, str] = {}
    out: list[tuple[str, str]] = []
    for name in names:
        first = seen.setdefault(name_key(name), name)
        if first is not name:
            out.append((name, first))
    return out
