"""The option list of a dropdown or multiselect field (ticket, user or organization field) as a
create or update sends it: a PUT replaces the whole list; a kept option is matched by its value,
then by its id, and keeps its id; a new one gets a fresh id."""

from __future__ import annotations

from typing import Any

from helpctl.sandbox.replies import Call, Details

__all__ = ["replace_options"]


def replace_options(
    call: Call,
    old: list[dict[str, Any]],
    sent: Any,
    errors: Details,
    *,
    report: bool,
    defaults: bool,
) -> list[Any]:
    """The new option list. A blank name or value, or a value sent twice, is left out, and
    reported in ``errors`` when ``report`` (ticket fields leave that to the object-rule
    catalogue); ``defaults`` keeps each option's ``default`` flag (ticket fields have one)."""
    if not isinstance(sent, list):
        errors.add("custom_field_options", "Custom field options: must be a list", "InvalidValue")
        return old
    by_value = {o["value"]: o for o in old}
    by_id = {o["id"]: o for o in old}
    seen: set[str] = set()
    out: list[dict[str, Any]] = []
    for i, item in enumerate(sent):
        item = item if isinstance(item, dict) else {}
        name, value = item.get("name"), item.get("value")
        if not name or not value:
            if report:
                errors.add(f"custom_field_options.{i}", "Field option: name and value are required")
            continue
        if value in seen:
            if report:
                errors.duplicate("custom_field_options", value)
            continue
        seen.add(value)
        kept = by_value.get(value) or by_id.get(item.get("id"))
        option = {
            "id": kept["id"] if kept else call.ctx.store.new_id(),
            "name": name,
            "raw_name": item.get("raw_name") or name,
            "value": value,
        }
        if defaults:
            option["default"] = bool(item.get("default", kept.get("default") if kept else False))
        out.append(option)
    return out
