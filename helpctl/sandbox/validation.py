"""Business-rule checks the sandbox shares with ``helpctl validate``: the rule catalogue's
``check_rule`` (fields, operators, values from the recorded definitions) plus the object rules
Zendesk states per kind (:mod:`helpctl.resources.object_rules`: a trigger needs a condition,
an automation a time condition and a nullifying action, a view a ticket-state condition…)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from helpctl.resources import object_rules
from helpctl.resources.catalogue import check_rule
from helpctl.sandbox.replies import Call, Details
from helpctl.sandbox.rule_refs import check_rule_refs, custom_fields

__all__ = ["RuleBody", "check_rule_body", "normalise_conditions"]


@dataclass(frozen=True)
class RuleBody:
    """Which parts one business-rule kind's body has (reference §10–§14): ``conditions`` /
    ``actions`` (macros have no conditions, views no actions). What Zendesk requires of them
    (an action, a time condition…) is the kind's entries in
    :mod:`helpctl.resources.object_rules`, shared with ``helpctl validate``."""

    conditions: bool = True
    actions: bool = True


def normalise_conditions(obj: dict[str, Any], old: Any) -> dict[str, list[Any]] | None:
    """The conditions a body sets (``conditions: {all, any}`` or top-level ``all``/``any``);
    None when it sends none. Sending any replaces both arrays."""
    conditions = obj.get("conditions")
    if isinstance(conditions, dict):
        return {"all": _array(conditions.get("all")), "any": _array(conditions.get("any"))}
    if "all" in obj or "any" in obj:
        return {"all": _array(obj.get("all")), "any": _array(obj.get("any"))}
    return None


def _array(value: Any) -> Any:
    """``None`` reads as ``[]``; anything else is kept, for :func:`check_rule_body` to report."""
    return [] if value is None else value


def _objects(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, dict) for item in value)


def _shape_errors(shape: RuleBody, doc: dict[str, Any], errors: Details) -> bool:
    """Report conditions/actions that are not arrays of objects; True when any was found."""
    before = len(errors.details)
    conditions = doc.get("conditions")
    if shape.conditions and not (
        isinstance(conditions, dict)
        and all(_objects(conditions.get(k, [])) for k in ("all", "any"))
    ):
        errors.add(
            "conditions", "Conditions: all and any must be arrays of conditions", "InvalidValue"
        )
    if shape.actions and not _objects(doc.get("actions")):
        errors.add("actions", "Actions: must be an array of actions", "InvalidValue")
    return len(errors.details) > before


def check_rule_body(
    call: Call, rule_kind: str, shape: RuleBody, doc: dict[str, Any], errors: Details
) -> None:
    """Add every reason Zendesk would reject this rule's conditions and actions to ``errors``.

    ``rule_kind`` names the kind in the rule catalogue; ``shape`` is what the kind requires."""
    if _shape_errors(shape, doc, errors):
        return
    for rule in object_rules.refusals(rule_kind, doc):
        errors.add(rule.field, rule.zendesk, "InvalidValue")
    conditions = doc.get("conditions") or {"all": [], "any": []}
    actions = doc.get("actions") if shape.actions else None
    checked = conditions if shape.conditions else None
    fields = custom_fields(call)
    types = {name: str(field.get("type")) for name, field in fields.items()}
    for path, message in check_rule(rule_kind, checked, actions, custom_field_types=types):
        errors.add("base", f"{path}: {message}" if path else message, "InvalidValue")
    check_rule_refs(call, doc, fields, errors)
