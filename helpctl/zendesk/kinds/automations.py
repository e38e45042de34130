"""Automations in Zendesk: ``/automations``; order written as ``update_many`` positions."""

from __future__ import annotations

from helpctl.zendesk.kinds._base import (
    RULE_PLAIN,
    RULE_READERS,
    RULE_WRITERS,
    Endpoint,
    KindMap,
    ZendeskKind,
)

__all__ = ["ZENDESK_KIND"]

ZENDESK_KIND = ZendeskKind(
    endpoint=Endpoint(
        "automations",
        "automations",
        "automations",
        "automation",
        reorder="update_many",
        position="position",
    ),
    payload=KindMap(plain=RULE_PLAIN, readers=RULE_READERS, writers=RULE_WRITERS),
)
