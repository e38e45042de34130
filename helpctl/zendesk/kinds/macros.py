"""Macros in Zendesk: ``/macros``; actions and a restriction, no conditions; order written as
``update_many`` positions."""

from __future__ import annotations

from helpctl.zendesk.kinds._base import (
    RESTRICTION_READER,
    RESTRICTION_WRITER,
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
        "macros", "macros", "macros", "macro", reorder="update_many", position="position"
    ),
    payload=KindMap(
        plain=RULE_PLAIN,
        readers={"actions": RULE_READERS["actions"], **RESTRICTION_READER},
        writers={"actions": RULE_WRITERS["actions"], **RESTRICTION_WRITER},
    ),
)
