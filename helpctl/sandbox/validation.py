"""Business-rule checks the sandbox shares with ``helpctl validate``: the rule catalogue's
``check_rule`` (fields, operators, values from the recorded definitions) plus the structural
requirements Zendesk states per kind (views and automations need a ticket-property condition,
automations a time-based one)."""

from __future__ import annotations

from typing import Any

from helpctl.sandbox.replies import Call, Details

__all__ = ["check_rule_body", "normalise_conditions"]

from helpctl.resources.catalogue import check_rule

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
        return {"all": list(conditions.get("all") or []), "any": list(conditions.get("any") or [])}
    if "all" in obj or "any" in obj:
        return {"all": list(obj.get("all") or []), "any": list(obj.get("any") or [])}
    return None


def _custom_types(call: Call) -> dict[str, str]:
    rows = call.ctx.store.select(
        call.ctx.name, "ticket_fields", "json_extract(body, '$.removable')"
    )
    return {f"custom_fields_{r.id}": str(r.doc().get("type")) for r in rows}


def _fields(conditions: list[Any]) -> set[str]:
    return {str(c.get("field")) for c in conditions if isinstance(c, dict)}


def check_rule_body(call: Call, rule_kind: str, doc: dict[str, Any], errors: Details) -> None:
    """Add every reason Zendesk would reject this rule's conditions and actions to ``errors``."""
    conditions = doc.get("conditions") or {"all": [], "any": []}
    all_fields = _fields(conditions.get("all") or [])
    if rule_kind in ("views", "automations") and not all_fields & _PROPERTY_FIELDS:
        errors.add(
            "conditions",
            "Conditions: must include a condition on status, type, group,"
            " assignee or requester in `all`",
            "InvalidValue",
        )
    if rule_kind == "automations" and not all_fields & _TIME_FIELDS:
        errors.add(
            "conditions", "Conditions: must include a time-based condition in `all`", "InvalidValue"
        )
    if rule_kind == "views" and conditions.get("any") and not conditions.get("all"):
        errors.add("conditions", "Conditions: `any` needs at least one `all`", "InvalidValue")
    actions = doc.get("actions") if rule_kind != "views" else None
    checked = conditions if rule_kind != "macros" else None
    for path, message in check_rule(
        rule_kind, checked, actions, custom_field_types=_custom_types(call)
    ):
        errors.add("base", f"{path}: {message}" if path else message, "InvalidValue")
