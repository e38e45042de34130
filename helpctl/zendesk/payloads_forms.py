"""Ticket field options, ticket form fields/brands/conditions and dynamic content variants
between Zendesk JSON and helpctl's names.

Pure: no HTTP.
"""

from __future__ import annotations

from typing import Any

from helpctl.resources.kinds.ticket_fields import OPTION_TYPES
from helpctl.zendesk.payloads_index import Id, NameIndex, raw_value
from helpctl.zendesk.payloads_rules import RuleNames

__all__ = [
    "read_form_conditions",
    "read_options",
    "read_variants",
    "write_form_conditions",
    "write_options",
    "write_variants",
]


def read_options(obj: dict[str, Any]) -> list[dict[str, Any]] | None:
    """``custom_field_options`` → ``[{name, value, default?}]`` (``default`` only when true)."""
    if obj.get("type") not in OPTION_TYPES:
        return None
    out = []
    for opt in obj.get("custom_field_options") or []:
        item = {"name": raw_value(opt, "name"), "value": opt["value"]}
        if opt.get("default"):
            item["default"] = True
        out.append(item)
    return out


def write_options(options: Any, field_id: Id | None, index: NameIndex) -> list[dict[str, Any]]:
    """Options in order; a known option keeps its id so Zendesk updates rather than recreates."""
    out = []
    for opt in options or []:
        item: dict[str, Any] = {"name": opt["name"], "value": opt["value"]}
        known = index.option_id(field_id, opt["value"]) if field_id is not None else None
        if known is not None:
            item["id"] = known
        if opt.get("default"):
            item["default"] = True
        out.append(item)
    return out


def _field_name(index: NameIndex, field_id: Any) -> str:
    return index.name_of("ticket_fields", field_id) or str(field_id)


def _required(child: dict[str, Any]) -> tuple[bool, list[str] | None]:
    """Whether a child is required, and on which statuses when only on some."""
    ros = child.get("required_on_statuses")
    if isinstance(ros, dict) and ros.get("type"):
        if ros["type"] == "SOME_STATUSES":
            return True, list(ros.get("statuses") or [])
        return ros["type"] == "ALL_STATUSES", None
    return bool(child.get("is_required")), None


def _read_condition(cond: dict[str, Any], index: NameIndex) -> dict[str, Any]:
    parent = _field_name(index, cond.get("parent_field_id"))
    show, require, statuses = [], [], {}
    for child in cond.get("child_fields") or []:
        title = _field_name(index, child.get("id"))
        show.append(title)
        required, some = _required(child)
        if required:
            require.append(title)
        if some is not None:
            statuses[title] = some
    out: dict[str, Any] = {"when": {parent: cond.get("value")}, "show": show, "require": require}
    if statuses:
        out["required_on_statuses"] = statuses
    return out


def read_form_conditions(obj: dict[str, Any], index: NameIndex) -> dict[str, Any]:
    return {
        "agent": [_read_condition(c, index) for c in obj.get("agent_conditions") or []],
        "end_user": [_read_condition(c, index) for c in obj.get("end_user_conditions") or []],
    }


def _write_condition(cond: dict[str, Any], names: RuleNames) -> dict[str, Any]:
    (parent, value), *_ = cond["when"].items()
    require = set(cond.get("require") or [])
    statuses = cond.get("required_on_statuses") or {}
    children = []
    for title in cond.get("show") or []:
        child: dict[str, Any] = {"id": names.ref("ticket_fields", title)}
        child["is_required"] = title in require
        if title in statuses:
            child["required_on_statuses"] = {"type": "SOME_STATUSES", "statuses": statuses[title]}
        children.append(child)
    return {
        "parent_field_id": names.ref("ticket_fields", parent),
        "value": value,
        "child_fields": children,
    }


def write_form_conditions(conditions: Any, names: RuleNames) -> dict[str, Any]:
    """``conditions`` → ``agent_conditions`` / ``end_user_conditions`` (sides given only)."""
    out: dict[str, Any] = {}
    for side, key in (("agent", "agent_conditions"), ("end_user", "end_user_conditions")):
        if side in (conditions or {}):
            out[key] = [_write_condition(c, names) for c in conditions[side] or []]
    return out


def read_variants(obj: dict[str, Any], index: NameIndex) -> dict[str, str]:
    return {
        index.locale_code(v["locale_id"]): v.get("content", "") for v in obj.get("variants") or []
    }


def write_variants(attrs: dict[str, Any], names: RuleNames) -> list[dict[str, Any]]:
    default = attrs.get("default_locale")
    out = []
    for code, content in (attrs.get("variants") or {}).items():
        locale_id = names.index.locale_id(code, owner_kind=names.owner_kind, owner=names.owner)
        out.append({"locale_id": locale_id, "content": content, "default": code == default})
    return out
