"""Business-rule checks the sandbox shares with ``helpctl validate``: the rule catalogue's
``check_rule`` (fields, operators, values from the recorded definitions) plus the structural
requirements Zendesk states per kind (:class:`RuleBody`: views and automations need a
ticket-property condition, automations a time-based one)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from helpctl.resources.catalogue import check_rule
from helpctl.sandbox.replies import Call, Details
from helpctl.sandbox.rule_refs import check_rule_refs, custom_fields

__all__ = ["RuleBody", "check_rule_body", "normalise_conditions"]


@dataclass(frozen=True)
class RuleBody:
    """What Zendesk requires of one business-rule kind's body (reference §10–§14).

    ``conditions`` / ``actions``: whether the kind has them (macros have no conditions, views
    no actions; a kind with actions needs one). ``needs_property``: a ticket-property condition
    in ``all``; ``needs_time``: a time-based one; ``any_needs_all``: ``any`` only beside ``all``.
    """

    conditions: bool = True
    actions: bool = True
    needs_property: bool = False
    needs_time: bool = False
    any_needs_all: bool = False


_PROPERTY_FIELDS = frozenset({"status", "type", "group_id", "assignee_id", "requester_id"})
_TIME_FIELDS = frozenset(
    {
        "NEW",
        "OPEN",
        "PENDING",
        "HOLD",
        "SOLVED",
        "CLOSED",
        "assigned_at",
        "updated_at",
        "requester_updated_at",
        "assignee_updated_at",
        "due_date",
        "until_due_date",
    }
)


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


def _fields(conditions: list[Any]) -> set[str]:
    return {str(c.get("field")) for c in conditions if isinstance(c, dict)}


def check_rule_body(
    call: Call, rule_kind: str, shape: RuleBody, doc: dict[str, Any], errors: Details
) -> None:
    """Add every reason Zendesk would reject this rule's conditions and actions to ``errors``.

    ``rule_kind`` names the kind in the rule catalogue; ``shape`` is what the kind requires."""
    if _shape_errors(shape, doc, errors):
        return
    conditions = doc.get("conditions") or {"all": [], "any": []}
    all_fields = _fields(conditions.get("all") or [])
    if shape.needs_property and not all_fields & _PROPERTY_FIELDS:
        errors.add(
            "conditions",
            "Conditions: must include a condition on status, type, group,"
            " assignee or requester in `all`",
            "InvalidValue",
        )
    if shape.needs_time and not all_fields & _TIME_FIELDS:
        errors.add(
            "conditions", "Conditions: must include a time-based condition in `all`", "InvalidValue"
        )
    if shape.any_needs_all and conditions.get("any") and not conditions.get("all"):
        errors.add("conditions", "Conditions: `any` needs at least one `all`", "InvalidValue")
    actions = doc.get("actions") if shape.actions else None
    checked = conditions if shape.conditions else None
    fields = custom_fields(call)
    types = {name: str(field.get("type")) for name, field in fields.items()}
    for path, message in check_rule(rule_kind, checked, actions, custom_field_types=types):
        errors.add("base", f"{path}: {message}" if path else message, "InvalidValue")
    check_rule_refs(call, doc, fields, errors)
