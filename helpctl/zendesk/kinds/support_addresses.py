"""Support addresses in Zendesk: ``/recipient_addresses``, cursor pages; ``brand_id`` ↔ brand
name. The verification statuses (``forwarding_status``, ``spf_status``, ``cname_status``,
``domain_verification_*``) are Zendesk's: never read into attrs, never sent."""

from __future__ import annotations

from typing import Any

from helpctl.zendesk.kinds._base import Endpoint, KindMap, ZendeskKind
from helpctl.zendesk.payloads_rules import RuleNames

__all__ = ["ZENDESK_KIND"]


def _brand_in(obj: dict[str, Any], names: RuleNames) -> str | None:
    brand_id = obj.get("brand_id")
    if brand_id is None:
        return None
    return names.index.name_of("brands", brand_id) or str(brand_id)


def _brand_out(value: Any, attrs: dict[str, Any], names: RuleNames) -> dict[str, Any]:
    return {"brand_id": names.ref("brands", str(value)) if value else None}


ZENDESK_KIND = ZendeskKind(
    endpoint=Endpoint(
        "support_addresses", "recipient_addresses", "recipient_addresses", "recipient_address"
    ),
    payload=KindMap(
        plain=("email", "name", "default"),
        readers={"brand": _brand_in},
        writers={"brand": _brand_out},
    ),
)
