"""User and organization fields in Zendesk: ``/user_fields`` and ``/organization_fields``, the
same shape; listed with cursor pages in position order, written in order through ``reorder``
(``user_field_ids`` / ``organization_field_ids``); dropdown options as
``custom_field_options`` that keep their ids (a PUT replaces the whole list)."""

from __future__ import annotations

from typing import Any

from helpctl.resources.kinds._custom_fields import OPTION_TYPES
from helpctl.zendesk.kinds._base import Endpoint, KindMap, ZendeskKind
from helpctl.zendesk.payloads_index import raw_value
from helpctl.zendesk.payloads_rules import RuleNames

__all__ = ["custom_field_kind"]

PLAIN = ("key", "title", "type", "description", "active", "tag")
#: Keys Zendesk returns on every field but that only mean something on one type (a date field
#: carries Zendesk's own date pattern, a text field an empty lookup target): read there only.
ONLY_ON = {
    "regexp_for_validation": "regexp",
    "relationship_target_type": "lookup",
    "relationship_filter": "lookup",
}


def _only_on(key: str, ftype: str) -> Any:
    def read(obj: dict[str, Any], names: RuleNames) -> Any:
        return obj.get(key) if obj.get("type") == ftype else None

    return read


def _plain_out(key: str) -> Any:
    return lambda value, attrs, names: {key: value}


def _options_in(obj: dict[str, Any], names: RuleNames) -> list[dict[str, Any]] | None:
    if obj.get("type") not in OPTION_TYPES:
        return None
    return [
        {"name": raw_value(opt, "name"), "value": opt["value"]}
        for opt in obj.get("custom_field_options") or []
    ]


def _options_out(kind: str) -> Any:
    def write(value: Any, attrs: dict[str, Any], names: RuleNames) -> dict[str, Any]:
        field_id = names.live_id
        if field_id is None:
            field_id = names.index.id_of(kind, str(attrs.get("key", "")))
        out = []
        for opt in value or []:
            item: dict[str, Any] = {"name": opt["name"], "value": opt["value"]}
            known = names.index.option_id(field_id, opt["value"]) if field_id else None
            if known is not None:
                item["id"] = known
            out.append(item)
        return {"custom_field_options": out}

    return write


def custom_field_kind(kind: str, singular: str) -> ZendeskKind:
    """The Zendesk entry of ``user_fields`` or ``organization_fields``."""
    return ZendeskKind(
        endpoint=Endpoint(
            kind,
            kind,
            kind,
            singular,
            reorder="reorder",
            reorder_key=f"{singular}_ids",
            position="position",
        ),
        payload=KindMap(
            plain=PLAIN,
            readers={"options": _options_in} | {k: _only_on(k, t) for k, t in ONLY_ON.items()},
            writers={"options": _options_out(kind)} | {k: _plain_out(k) for k in ONLY_ON},
            system=lambda obj: bool(obj.get("system")),
        ),
    )
