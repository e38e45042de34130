"""Custom ticket statuses in Zendesk: ``/custom_statuses``, one unpaginated list; no DELETE
(a status is deactivated); the default per category is set through ``PUT custom_status/default``.
The built-in statuses carry Zendesk placeholders (``{{zd.status_new}}``) as their raw labels."""

from __future__ import annotations

from typing import Any

from helpctl.zendesk.kinds._base import Endpoint, KindMap, ZendeskKind

__all__ = ["ZENDESK_KIND"]


def _system(obj: dict[str, Any]) -> bool:
    return str(obj.get("raw_agent_label") or "").startswith("{{zd.")


ZENDESK_KIND = ZendeskKind(
    endpoint=Endpoint(
        "custom_statuses", "custom_statuses", "custom_statuses", "custom_status", pagination="none"
    ),
    payload=KindMap(
        plain=(
            "agent_label",
            "status_category",
            "end_user_label",
            "description",
            "end_user_description",
            "active",
            "default",
        ),
        system=_system,
    ),
)
