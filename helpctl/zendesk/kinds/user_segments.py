"""Help Center user segments: ``/help_center/user_segments`` (cursor pages); agent groups by
name; the built-in segments ("Signed-in users", "Agents and admins") are system objects."""

from __future__ import annotations

from typing import Any

from helpctl.zendesk.kinds._base import Endpoint, KindMap, ZendeskKind
from helpctl.zendesk.payloads_rules import RuleNames

__all__ = ["ZENDESK_KIND"]


def _groups_out(value: Any, attrs: dict[str, Any], names: RuleNames) -> dict[str, Any]:
    owner = {"owner_kind": names.owner_kind, "owner": names.owner}
    return {"group_ids": [names.index.require("groups", g, **owner) for g in value or []]}


def _groups_in(obj: dict[str, Any], names: RuleNames) -> list[str]:
    """Group names; ids of groups the account no longer has are left out (a segment keeps the
    id of a deleted group, which no config could name)."""
    found = (names.index.name_of("groups", i) for i in obj.get("group_ids") or [])
    return [name for name in found if name is not None]


ZENDESK_KIND = ZendeskKind(
    endpoint=Endpoint(
        "user_segments", "help_center/user_segments", "user_segments", "user_segment"
    ),
    payload=KindMap(
        plain=("name", "user_type", "tags", "or_tags"),
        readers={"groups": _groups_in},
        writers={"groups": _groups_out},
        system=lambda obj: bool(obj.get("built_in")),
    ),
)
