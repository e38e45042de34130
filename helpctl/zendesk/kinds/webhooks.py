"""Webhooks in Zendesk: ``/webhooks`` (cursor pages, string ids), updated with PATCH (merge:
an omitted key keeps its value, so a credential not re-sent is kept). ``authentication.data`` is
never returned; helpctl's credential fingerprint rides in the description (see
:mod:`helpctl.resources.kinds.webhooks`). The credential itself is resolved and added by the
apply (:mod:`helpctl.secrets.webhooks`), never by this mapping."""

from __future__ import annotations

from typing import Any

from helpctl.resources.kinds.webhooks import split_fingerprint, with_fingerprint
from helpctl.secrets.webhooks import ROTATED
from helpctl.zendesk.kinds._base import Endpoint, KindMap, ZendeskKind
from helpctl.zendesk.payloads_rules import RuleNames

__all__ = ["ZENDESK_KIND"]


def _description_in(obj: dict[str, Any], names: RuleNames) -> Any:
    return split_fingerprint(obj.get("description"))[0]


def _auth_in(obj: dict[str, Any], names: RuleNames) -> Any:
    auth = obj.get("authentication")
    if not isinstance(auth, dict) or not auth.get("type"):
        return None
    out = {"type": auth["type"], "add_position": auth.get("add_position") or "header"}
    fp = split_fingerprint(obj.get("description"))[1]
    if fp:
        out["credential_fingerprint"] = fp
    return out


def _fingerprint_of(attrs: dict[str, Any]) -> str | None:
    """The fingerprint to keep in the description; none for a credential being (re)sent
    (``(rotated)``): the apply writes the fingerprint of what it sends."""
    auth = attrs.get("authentication")
    fp = auth.get("credential_fingerprint") if isinstance(auth, dict) else None
    return None if fp == ROTATED else fp


def _description_out(value: Any, attrs: dict[str, Any], names: RuleNames) -> dict[str, Any]:
    return {"description": with_fingerprint(value, _fingerprint_of(attrs))}


def _auth_out(value: Any, attrs: dict[str, Any], names: RuleNames) -> dict[str, Any]:
    out: dict[str, Any] = {"authentication": None}
    if value:
        # the references stay references here; the apply swaps in the secret just before sending
        out["authentication"] = {
            k: v for k, v in value.items() if k in ("type", "add_position", "data")
        }
    if "description" not in attrs and _fingerprint_of(attrs):
        out["description"] = with_fingerprint("", _fingerprint_of(attrs))
    return out


ZENDESK_KIND = ZendeskKind(
    endpoint=Endpoint("webhooks", "webhooks", "webhooks", "webhook", update_verb="PATCH"),
    payload=KindMap(
        plain=(
            "name",
            "endpoint",
            "http_method",
            "request_format",
            "status",
            "subscriptions",
            "custom_headers",
        ),
        readers={"description": _description_in, "authentication": _auth_in},
        writers={"description": _description_out, "authentication": _auth_out},
    ),
)
