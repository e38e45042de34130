"""Views in Zendesk: ``/views``; conditions, a restriction, and the layout read from
``execution`` but written as ``output``; order written as ``update_many`` positions."""

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
from helpctl.zendesk.payloads_rules import read_output, write_output

__all__ = ["ZENDESK_KIND"]

ZENDESK_KIND = ZendeskKind(
    endpoint=Endpoint(
        "views", "views", "views", "view", reorder="update_many", position="position"
    ),
    payload=KindMap(
        plain=RULE_PLAIN,
        readers={
            "conditions": RULE_READERS["conditions"],
            "output": lambda obj, names: read_output(obj.get("execution"), names),
            **RESTRICTION_READER,
        },
        writers={
            "conditions": RULE_WRITERS["conditions"],
            "output": lambda v, a, names: {"output": write_output(v, names)},
            **RESTRICTION_WRITER,
        },
    ),
)
