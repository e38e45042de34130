"""Webhooks and locales (dynamic content is a configuration kind: ``kinds/dynamic_content``)."""

from __future__ import annotations

from typing import Any

from helpctl.sandbox.crud import Collection, Route, merge, routes, update_handler
from helpctl.sandbox.kinds.trigger_categories import jsonapi
from helpctl.sandbox.replies import Call, Details, Reply, not_found
from helpctl.sandbox.seed import locale_docs

__all__ = ["WEBHOOKS", "content_routes"]


def _build_webhook(call: Call, old: dict[str, Any] | None, obj: dict[str, Any]) -> dict[str, Any]:
    defaults: dict[str, Any] = {
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
    doc = merge(defaults, old, obj, set(defaults))
    errors = Details()
    errors.require(doc, "name", "endpoint", "http_method", "request_format", "status")
    errors.check()
    user = str(call.ctx.account.user_id)
    doc.setdefault("created_by", user)
    doc["updated_by"] = user
    return doc


WEBHOOKS = Collection(
    "webhooks", "webhook", "webhooks", _build_webhook, string_id=True, style="cursor"
)


_WEBHOOK_PUT = update_handler(WEBHOOKS)


def _webhook_update(call: Call) -> Reply:
    """Webhook updates answer 204 with no body."""
    _WEBHOOK_PUT(call)
    return Reply(204)


def _locales(call: Call) -> Reply:
    docs = locale_docs()
    return Reply(
        200, {"locales": docs, "next_page": None, "previous_page": None, "count": len(docs)}
    )


def _locale(call: Call) -> Reply:
    key = call.params["id"]
    for doc in locale_docs():
        if key in (doc["locale"], str(doc["id"])):
            return Reply(200, {"locale": doc})
    raise not_found()


def content_routes() -> list[Route]:
    webhook_routes = [(m, p, _webhook_update if m == "PUT" else h) for m, p, h in routes(WEBHOOKS)]
    return [
        *[(m, p, jsonapi(h)) for m, p, h in webhook_routes],
        ("PATCH", "/webhooks/{id}", jsonapi(_webhook_update)),
        ("GET", "/locales", _locales),
        ("GET", "/locales/{id}", _locale),
    ]
