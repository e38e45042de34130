"""Webhooks: string ids, cursor lists, PATCH merges (``null`` removes a custom header or the
authentication), PUT replaces; updates answer 204. ``authentication.data`` is kept apart from
the document (never in any answer) and required whenever an authentication type is set."""

from __future__ import annotations

from typing import Any

from helpctl.sandbox.crud import Collection, Route, merge, routes, update_handler
from helpctl.sandbox.kinds._base import SandboxKind
from helpctl.sandbox.kinds.trigger_categories import jsonapi
from helpctl.sandbox.replies import Call, Details, Reply
from helpctl.sandbox.store import Row

__all__ = ["SANDBOX_KIND", "WEBHOOKS", "credential_of"]

_DEFAULTS: dict[str, Any] = {
    "name": None,
    "description": "",
    "status": "active",
    "subscriptions": [],
    "endpoint": None,
    "http_method": "POST",
    "request_format": "json",
    "authentication": None,
    "custom_headers": {},
}
_CHOICES = {
    "http_method": ("GET", "POST", "PUT", "PATCH", "DELETE"),
    "request_format": ("json", "xml", "form_encoded"),
    "status": ("active", "inactive"),
}
_AUTH_DATA = {
    "basic_auth": ("username", "password"),
    "bearer_token": ("token",),
    "api_key": ("name", "value"),
}
_TICKET_EVENTS = "conditional_ticket_events"
#: Where the credentials sent with a webhook are kept (never part of its document).
_SECRETS = "webhook_credentials"


def _check_auth(doc: dict[str, Any], old: dict[str, Any] | None, errors: Details) -> Any:
    """The ``data`` sent (or None) after checking the authentication object."""
    auth = doc.get("authentication")
    if auth is None:
        return None
    if not isinstance(auth, dict) or auth.get("type") not in _AUTH_DATA:
        errors.add("authentication", "Authentication type is not valid", "InvalidValue")
        return None
    data = auth.get("data")
    old_type = ((old or {}).get("authentication") or {}).get("type")
    if data is None and old_type != auth["type"]:
        errors.add("authentication", "Authentication data is required", "InvalidValue")
    elif data is not None and (
        not isinstance(data, dict)
        or sorted(data) != sorted(_AUTH_DATA[auth["type"]])
        or not all(isinstance(v, str) and v for v in data.values())
    ):
        errors.add("authentication", "Authentication data is not valid", "InvalidValue")
    doc["authentication"] = {
        "type": auth["type"],
        "add_position": auth.get("add_position") or "header",
    }
    return data


def _check_subscriptions(doc: dict[str, Any], old: dict[str, Any] | None, errors: Details) -> None:
    subs = doc.get("subscriptions") or []
    tickets = _TICKET_EVENTS in subs
    if tickets and len(subs) > 1:
        errors.add(
            "subscriptions", "Subscriptions cannot mix ticket and other events", "InvalidValue"
        )
    if old is not None and (_TICKET_EVENTS in (old.get("subscriptions") or [])) != tickets:
        errors.add("subscriptions", "The connection method cannot change", "InvalidValue")
    if subs and not tickets and (doc["http_method"], doc["request_format"]) != ("POST", "json"):
        errors.add("http_method", "Event webhooks must use POST with JSON", "InvalidValue")


def _merge_headers(old: dict[str, Any] | None, obj: dict[str, Any], patch: bool) -> Any:
    headers = obj.get("custom_headers")
    if not patch or old is None or not isinstance(headers, dict):
        return headers
    out = dict(old.get("custom_headers") or {})
    for key, value in headers.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = value
    return out


def _build_webhook(call: Call, old: dict[str, Any] | None, obj: dict[str, Any]) -> dict[str, Any]:
    patch = call.method == "PATCH"
    # PATCH merges into the stored webhook; PUT replaces every writable key
    base = old if patch or old is None else {**old, **_DEFAULTS}
    doc = merge(_DEFAULTS, base, obj, set(_DEFAULTS))
    if "custom_headers" in obj:
        doc["custom_headers"] = _merge_headers(old, obj, patch) or {}
    errors = Details()
    errors.require(doc, "name", "endpoint", "http_method", "request_format", "status")
    for key, allowed in _CHOICES.items():
        if doc.get(key) is not None and doc[key] not in allowed:
            errors.add(key, f"{key} must be one of {', '.join(allowed)}", "InvalidValue")
    _check_subscriptions(doc, old, errors)
    data = _check_auth(doc, old, errors)
    errors.check()
    user = str(call.ctx.account.user_id)
    doc.setdefault("created_by", user)
    doc["updated_by"] = user
    webhook_id = int(old["id"]) if old else call.new_id
    if data is not None:
        call.ctx.store.put(call.ctx.name, _SECRETS, webhook_id, data)
    elif doc.get("authentication") is None:
        call.ctx.store.delete(call.ctx.name, _SECRETS, [webhook_id])
    return doc


def _forget_credential(call: Call, row: Row) -> None:
    call.ctx.store.delete(call.ctx.name, _SECRETS, [row.id])


def credential_of(call: Call, webhook_id: int) -> dict[str, Any] | None:
    """The credential last sent for a webhook (for tests and for signing deliveries)."""
    row = call.ctx.store.get(call.ctx.name, _SECRETS, webhook_id)
    return row.doc() if row is not None else None


WEBHOOKS = Collection(
    "webhooks",
    "webhook",
    "webhooks",
    _build_webhook,
    string_id=True,
    style="cursor",
    before_delete=_forget_credential,
)

_UPDATE = update_handler(WEBHOOKS)


def _webhook_update(call: Call) -> Reply:
    """Webhook updates answer 204 with no body."""
    _UPDATE(call)
    return Reply(204)


def _routes() -> list[Route]:
    out = [(m, p, _webhook_update if m == "PUT" else h) for m, p, h in routes(WEBHOOKS)]
    return [
        *[(m, p, jsonapi(h)) for m, p, h in out],
        ("PATCH", "/webhooks/{id}", jsonapi(_webhook_update)),
    ]


SANDBOX_KIND = SandboxKind(WEBHOOKS, _routes)
