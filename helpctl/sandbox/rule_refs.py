"""Rule values that name other objects must name existing ones: a group, brand, form, user,
organization, custom status or webhook id, a custom ticket field, and (for dropdowns) one of
that field's option values — the checks the rule catalogue leaves to whoever knows the
account's objects."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from helpctl.sandbox.replies import Call, Details

__all__ = ["check_rule_refs", "custom_fields"]

_REF_KINDS = {
    "group_id": "groups",
    "brand_id": "brands",
    "ticket_form_id": "ticket_forms",
    "assignee_id": "users",
    "requester_id": "users",
    "organization_id": "organizations",
    "schedule_id": "business_hours/schedules",
    "within_schedule": "business_hours/schedules",
    "set_schedule": "business_hours/schedules",
    "custom_status_id": "custom_statuses",
}
_CUSTOM = re.compile(r"^custom_fields_(\d+)$")


def custom_fields(call: Call) -> dict[str, dict[str, Any]]:
    """The account's custom ticket fields by rule field name (``custom_fields_<id>``)."""
    rows = call.ctx.store.select(
        call.ctx.name, "ticket_fields", "json_extract(body, '$.removable')"
    )
    return {f"custom_fields_{r.id}": r.doc() for r in rows}


def _items(doc: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    conditions = doc.get("conditions")
    lists = (
        [(f"conditions.{g}", conditions.get(g)) for g in ("all", "any")]
        if isinstance(conditions, dict)
        else []
    )
    lists.append(("actions", doc.get("actions")))
    for where, items in lists:
        for i, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict):
                yield f"{where}[{i}]", item


def _id(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return int(value) if isinstance(value, str) and value.isdigit() else None


def _option_problem(field: dict[str, Any], value: Any) -> str | None:
    if field.get("type") not in ("tagger", "multiselect") or value in (None, ""):
        return None
    allowed = {o.get("value") for o in field.get("custom_field_options") or []}
    values = value if isinstance(value, list) else [value]
    unknown = [v for v in values if v not in allowed]
    return f"{unknown[0]!r} is not an option of field {field.get('title')!r}" if unknown else None


def _check_webhook(call: Call, path: str, value: Any, errors: Details) -> None:
    """``notification_webhook`` takes ``[webhook id, body]`` naming an existing webhook."""
    hook = _id(value[0]) if isinstance(value, list) and len(value) == 2 else None
    if hook is None:
        errors.add("base", f"{path}.value: notification_webhook takes [id, body]", "InvalidValue")
    elif call.ctx.store.get(call.ctx.name, "webhooks", hook) is None:
        errors.add("base", f"{path}.value: webhook {hook} does not exist", "InvalidValue")


def check_rule_refs(
    call: Call, doc: dict[str, Any], fields: dict[str, dict[str, Any]], errors: Details
) -> None:
    """Add an error for every reference in the rule to an object the account does not have."""
    store, name = call.ctx.store, call.ctx.name
    for path, item in _items(doc):
        field, value = str(item.get("field")), item.get("value")
        if field in _REF_KINDS and (ref := _id(value)) is not None:
            if store.get(name, _REF_KINDS[field], ref) is None:
                errors.add("base", f"{path}.value: {field} {ref} does not exist", "InvalidValue")
        elif field == "notification_webhook":
            _check_webhook(call, path, value, errors)
        elif _CUSTOM.match(field):
            if field not in fields:
                errors.add(
                    "base", f"{path}.field: {field} is not a custom ticket field", "InvalidValue"
                )
            elif problem := _option_problem(fields[field], value):
                errors.add("base", f"{path}.value: {problem}", "InvalidValue")
