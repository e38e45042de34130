"""Dynamic content in Zendesk: ``/dynamic_content/items`` in ``items``/``item`` envelopes; the
default locale by id, variants per locale id (written one by one on update)."""

from __future__ import annotations

from typing import Any

from helpctl.zendesk.kinds._base import Endpoint, KindMap, ZendeskKind
from helpctl.zendesk.payloads_forms import read_variants, write_variants
from helpctl.zendesk.payloads_rules import RuleNames

__all__ = ["ZENDESK_KIND"]


def _locale_out(value: Any, attrs: dict[str, Any], names: RuleNames) -> dict[str, Any]:
    owner = {"owner_kind": names.owner_kind, "owner": names.owner}
    return {"default_locale_id": names.index.locale_id(str(value), **owner)}


ZENDESK_KIND = ZendeskKind(
    endpoint=Endpoint("dynamic_content", "dynamic_content/items", "items", "item"),
    payload=KindMap(
        plain=("name",),
        readers={
            "default_locale": lambda obj, n: n.index.locale_code(obj.get("default_locale_id", "")),
            "variants": lambda obj, names: read_variants(obj, names.index),
        },
        writers={
            "default_locale": _locale_out,
            "variants": lambda v, attrs, names: {"variants": write_variants(attrs, names)},
        },
    ),
)
