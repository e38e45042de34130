"""The ``/<rule kind>/definitions`` documents (triggers, macros), rendered from the rule
catalogue (the same facts ``helpctl validate`` checks against) plus the account's own custom
fields."""

from __future__ import annotations

from typing import Any

from helpctl.sandbox.replies import Call

__all__ = ["definitions"]

from helpctl.resources.catalogue import catalogue


def _title(name: str) -> str:
    return name.replace("_id", "").replace("_", " ").capitalize()


def _values(entry: dict[str, Any]) -> list[dict[str, Any]] | None:
    values = entry.get("values")
    if not values:
        return None
    return [{"value": v, "title": str(v).capitalize(), "enabled": True} for v in values]


def _type(entry: dict[str, Any]) -> str:
    return "list" if entry.get("values") else "text"


def _condition(name: str, entry: dict[str, Any], terminal: set[str]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "title": _title(name),
        "subject": name,
        "type": _type(entry),
        "group": "ticket",
        "nullable": bool(entry.get("nullable")),
        "repeatable": False,
        "operators": [
            {"value": op, "title": _title(op), "terminal": op in terminal}
            for op in entry.get("operators", [])
        ],
    }
    values = _values(entry)
    if values is not None:
        out["values"] = values
    return out


def _action(name: str, entry: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "title": _title(name),
        "type": _type(entry),
        "subject": name,
        "group": "ticket",
        "nullable": bool(entry.get("nullable")),
        "repeatable": False,
    }
    values = _values(entry)
    if values is not None:
        out["values"] = values
    return out


def _custom_fields(call: Call) -> list[tuple[str, str, list[str]]]:
    rows = call.ctx.store.select(
        call.ctx.name, "ticket_fields", "json_extract(body, '$.removable')", order="position, id"
    )
    out = []
    for row in rows:
        doc = row.doc()
        values = [o["value"] for o in doc.get("custom_field_options") or []]
        out.append((f"custom_fields_{row.id}", str(doc.get("title")), values))
    return out


def definitions(call: Call, rule_kind: str, *, conditions: bool = True) -> dict[str, Any]:
    """The definitions document of a rule kind: ``actions``, and ``conditions_*`` for a kind
    that has conditions (triggers; macros have none)."""
    kind = catalogue()["kinds"][rule_kind]
    terminal = set(catalogue()["terminal_operators"])
    actions = [_action(n, e) for n, e in kind["actions"].items()]
    conds = [_condition(n, e, terminal) for n, e in kind["conditions"].items()]
    for name, title, values in _custom_fields(call):
        entry: dict[str, Any] = {"values": values} if values else {}
        actions.append({**_action(name, entry), "title": title})
        if conds:
            ops = {"operators": ["is", "is_not", "present", "not_present"], **entry}
            conds.append({**_condition(name, ops, terminal), "title": title})
    if not conditions:
        return {"actions": actions}
    return {"actions": actions, "conditions_all": conds, "conditions_any": conds}
