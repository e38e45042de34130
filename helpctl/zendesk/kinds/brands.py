"""Brands in Zendesk: ``/brands``; the default brand is a system object."""

from __future__ import annotations

from helpctl.zendesk.kinds._base import Endpoint, KindMap, ZendeskKind

__all__ = ["ZENDESK_KIND"]

ZENDESK_KIND = ZendeskKind(
    endpoint=Endpoint("brands", "brands", "brands", "brand"),
    payload=KindMap(
        plain=("name", "subdomain", "host_mapping", "active", "signature_template"),
        system=lambda obj: bool(obj.get("default")),
    ),
)
