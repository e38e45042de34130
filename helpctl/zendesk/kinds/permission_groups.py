"""Guide permission groups: ``/guide/permission_groups`` (account-level, offset pages); the
``edit``/``publish`` lists hold user segment ids, named here."""

from __future__ import annotations

from typing import Any

from helpctl.zendesk.kinds._base import Endpoint, KindMap, Writer, ZendeskKind, ids_in
from helpctl.zendesk.payloads_rules import RuleNames

__all__ = ["ZENDESK_KIND"]


def _segments_out(key: str) -> Writer:
    def write(value: Any, attrs: dict[str, Any], names: RuleNames) -> dict[str, Any]:
        owner = {"owner_kind": names.owner_kind, "owner": names.owner}
        return {key: [names.index.require("user_segments", s, **owner) for s in value or []]}

    return write


ZENDESK_KIND = ZendeskKind(
    endpoint=Endpoint(
        "permission_groups",
        "guide/permission_groups",
        "permission_groups",
        "permission_group",
        pagination="offset",
    ),
    payload=KindMap(
        plain=("name",),
        readers={
            "edit": ids_in("user_segments", "edit"),
            "publish": ids_in("user_segments", "publish"),
        },
        writers={"edit": _segments_out("edit"), "publish": _segments_out("publish")},
        system=lambda obj: bool(obj.get("built_in")),
    ),
)
