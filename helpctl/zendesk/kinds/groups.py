"""Agent groups in Zendesk: ``/groups``."""

from __future__ import annotations

from helpctl.zendesk.kinds._base import Endpoint, KindMap, ZendeskKind

__all__ = ["ZENDESK_KIND"]

ZENDESK_KIND = ZendeskKind(
    endpoint=Endpoint("groups", "groups", "groups", "group"),
    payload=KindMap(plain=("name", "description", "is_public")),
)
