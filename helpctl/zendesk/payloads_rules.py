"""Business-rule parts (conditions, actions, restrictions, view output) between Zendesk JSON and
helpctl's names: ``custom_fields_<id>`` ↔ ``custom_fields.<title>``, group/brand/form ids ↔
names, user ids ↔ emails, organization ids ↔ names. An id whose object is gone (a deleted user
or organization) stays as it is.

Pure: no HTTP.
"""

from __future__ import annotations

import re
from typing import Any

from helpctl.resources.common import CUSTOM_FIELD_PREFIX
from helpctl.resources.rules import (
    LIST_HEAD_KINDS,
    ORGANIZATION_FIELDS,
    RECORD_FIELD_KINDS,
    USER_FIELDS,
    USER_HEAD_FIELDS,
    VALUE_KINDS,
    is_special,
)
from helpctl.zendesk.payloads_index import Id, NameIndex

__all__ = [
    "RuleNames",
    "read_actions",
    "read_conditions",
    "read_output",
    "read_restriction",
    "write_actions",
    "write_conditions",
    "write_output",
    "write_restriction",
]

_CUSTOM_RE = re.compile(r"^custom_fields_(\d+)$")


class RuleNames:
    """Translates one rule's fields and values, naming the rule in errors."""

    def __init__(
        self, index: NameIndex, owner_kind: str, owner: str, live_id: Id | None = None
    ) -> None:
        self.index, self.owner_kind, self.owner = index, owner_kind, owner
        self.live_id = live_id

    # -- read ----------------------------------------------------------------------------------
    def field_in(self, name: str) -> str:
        match = _CUSTOM_RE.match(name)
        if match:
            title = self.index.name_of("ticket_fields", match[1])
            return CUSTOM_FIELD_PREFIX + title if title is not None else name
        return name

    def _record_field(self, field: str) -> Id | None:
        """The id of the dropdown user/organization field a rule field names, else None."""
        for prefix, kind in RECORD_FIELD_KINDS.items():
            if field.startswith(prefix):
                field_id = self.index.id_of(kind, field[len(prefix) :])
                if field_id is not None and self.index.field_type(field_id) == "dropdown":
                    return field_id
        return None

    def value_in(self, field: str, value: Any) -> Any:
        if field in VALUE_KINDS and isinstance(value, list):
            return [self.value_in(field, item) for item in value]
        record = self._record_field(field) if isinstance(value, str | int) else None
        if record is not None and not is_special(value):
            return self.index.option_value(record, value) or value
        if field in VALUE_KINDS and not is_special(value):
            return self.index.name_of(VALUE_KINDS[field], value) or value
        if field in USER_FIELDS and not is_special(value):
            return self.index.user_name(value)
        if field in ORGANIZATION_FIELDS and isinstance(value, str | int) and not is_special(value):
            return self.index.organization_name(value)
        if isinstance(value, list) and value and not is_special(value[0]):
            if field in LIST_HEAD_KINDS:
                head = self.index.name_of(LIST_HEAD_KINDS[field], value[0]) or value[0]
                return [head, *value[1:]]
            if field in USER_HEAD_FIELDS:
                return [self.index.user_name(value[0]), *value[1:]]
        return value

    # -- write ---------------------------------------------------------------------------------
    def field_out(self, name: str) -> str:
        if name.startswith(CUSTOM_FIELD_PREFIX):
            title = name[len(CUSTOM_FIELD_PREFIX) :]
            field_id = self.ref("ticket_fields", title)
            return f"custom_fields_{field_id}"
        return name

    def ref(self, kind: str, name: str) -> Id:
        return self.index.require(kind, name, owner_kind=self.owner_kind, owner=self.owner)

    def value_out(self, field: str, value: Any) -> Any:
        record = self._record_field(field) if isinstance(value, str) else None
        if record is not None and not is_special(value):
            option = self.index.option_id(record, value)
            return str(option) if option is not None else value
        if field in VALUE_KINDS and isinstance(value, str) and not is_special(value):
            return str(self.ref(VALUE_KINDS[field], value))
        if field in VALUE_KINDS and isinstance(value, list):
            return [self.value_out(field, item) for item in value]
        if field in USER_FIELDS and isinstance(value, str) and not is_special(value):
            return self.index.user_id(value)
        if field in ORGANIZATION_FIELDS and isinstance(value, str) and not is_special(value):
            return self.index.organization_id(value, owner_kind=self.owner_kind, owner=self.owner)
        if isinstance(value, list) and value and isinstance(value[0], str):
            if field in LIST_HEAD_KINDS and not is_special(value[0]):
                return [str(self.ref(LIST_HEAD_KINDS[field], value[0])), *value[1:]]
            if field in USER_HEAD_FIELDS and not is_special(value[0]):
                return [self.index.user_id(value[0]), *value[1:]]
        return value


def read_conditions(conditions: Any, names: RuleNames) -> dict[str, list[dict[str, Any]]]:
    """Zendesk ``conditions`` → canonical ``{all, any}`` (both always present)."""
    out: dict[str, list[dict[str, Any]]] = {"all": [], "any": []}
    for group in ("all", "any"):
        for cond in (conditions or {}).get(group) or []:
            field = str(cond.get("field", ""))
            out[group].append(
                {
                    "field": names.field_in(field),
                    "operator": cond.get("operator"),
                    "value": names.value_in(field, cond.get("value")),
                }
            )
    return out


def write_conditions(conditions: Any, names: RuleNames) -> dict[str, list[dict[str, Any]]]:
    """Canonical ``{all, any}`` → Zendesk ``conditions`` (both lists always sent)."""
    out: dict[str, list[dict[str, Any]]] = {"all": [], "any": []}
    for group in ("all", "any"):
        for cond in (conditions or {}).get(group) or []:
            field = names.field_out(str(cond["field"]))
            value = names.value_out(str(cond["field"]), cond.get("value"))
            out[group].append({"field": field, "operator": cond["operator"], "value": value})
    return out


def read_actions(actions: Any, names: RuleNames) -> list[dict[str, Any]]:
    return [
        {
            "field": names.field_in(str(a.get("field", ""))),
            "value": names.value_in(str(a.get("field", "")), a.get("value")),
        }
        for a in actions or []
    ]


def write_actions(actions: Any, names: RuleNames) -> list[dict[str, Any]]:
    return [
        {
            "field": names.field_out(str(a["field"])),
            "value": names.value_out(str(a["field"]), a.get("value")),
        }
        for a in actions or []
    ]


def read_restriction(restriction: Any, names: RuleNames) -> dict[str, Any] | None:
    """``{type: Group, id, ids}`` → ``{type: Group, ids: [names]}``; users by email."""
    if not restriction:
        return None
    if restriction.get("type") == "Group":
        ids = restriction.get("ids") or [restriction.get("id")]
        return {
            "type": "Group",
            "ids": [names.index.name_of("groups", i) or str(i) for i in ids if i is not None],
        }
    user = restriction.get("id")
    return {"type": restriction.get("type"), "id": names.index.user_name(user)}


def write_restriction(restriction: Any, names: RuleNames) -> dict[str, Any] | None:
    if not restriction:
        return None
    if restriction.get("type") == "Group":
        ids = [names.ref("groups", str(name)) for name in restriction.get("ids") or []]
        return {"type": "Group", "id": ids[0] if ids else None, "ids": ids}
    user = names.index.user_id(str(restriction.get("id")))
    return {"type": restriction.get("type"), "id": int(user) if str(user).isdigit() else user}


def _column_in(column: Any, names: RuleNames) -> Any:
    if isinstance(column, int) or (isinstance(column, str) and column.isdigit()):
        title = names.index.name_of("ticket_fields", column)
        return CUSTOM_FIELD_PREFIX + title if title else str(column)
    return column


def _column_out(column: Any, names: RuleNames) -> Any:
    if isinstance(column, str) and column.startswith(CUSTOM_FIELD_PREFIX):
        return names.ref("ticket_fields", column[len(CUSTOM_FIELD_PREFIX) :])
    return column


def read_output(execution: Any, names: RuleNames) -> dict[str, Any] | None:
    """A view's ``execution`` (what Zendesk returns) → canonical ``output``."""
    if not execution:
        return None
    return {
        "columns": [_column_in(c.get("id"), names) for c in execution.get("columns") or []],
        "group_by": _column_in(execution.get("group_by"), names),
        "group_order": execution.get("group_order") or "asc",
        "sort_by": _column_in(execution.get("sort_by"), names),
        "sort_order": execution.get("sort_order") or "desc",
    }


def write_output(output: Any, names: RuleNames) -> dict[str, Any] | None:
    """Canonical ``output`` → the ``output`` object Zendesk takes on create/update."""
    if not output:
        return None
    out = dict(output)
    out["columns"] = [_column_out(c, names) for c in output.get("columns") or []]
    for key in ("group_by", "sort_by"):
        if key in out:
            out[key] = _column_out(out[key], names)
    return out
