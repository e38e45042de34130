"""Help Center user segments: ``/help_center/user_segments`` (cursor pages); agent groups by
name; the built-in segments ("Signed-in users", "Agents and admins") are system objects."""

from __future__ import annotations

from typing import Any

from helpctl.zendesk.kinds._base import Endpoint, KindMap, ZendeskKind, ids_in
from helpctl.zendesk.payloads_rules import RuleNames

__all__ = ["ZENDESK_KIND"]


def _groups_out(value: Any, attrs: dict[str, Any], names: RuleNames) -> dict[str, Any]:
    owner = {"owner_kind": names.owner_kind, "owner": names.owner}
    return {"group_ids": [names.index.require("groups", g, **owner) for g in value or []]}


ZENDESK_KIND = ZendeskKind(
    endpoint=Endpoint(
        "user_segments", "help_center/user_segments", "user_segments", "user_segment"
    ),
    payload=KindMap(
        plain=("name", "user_type", "tags", "or_tags"),
        readers={"groups": ids_in("groups", "group_ids")},
        writers={"groups": _groups_out},
        system=lambda obj: bool(obj.get("built_in")),
    ),
)
