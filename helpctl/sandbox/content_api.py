"""Locales (webhooks and dynamic content are configuration kinds: ``kinds/``)."""

from __future__ import annotations

from helpctl.sandbox.crud import Route
from helpctl.sandbox.replies import Call, Reply, not_found
from helpctl.sandbox.seed import locale_docs

__all__ = ["content_routes"]


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
    return [
        ("GET", "/locales", _locales),
        ("GET", "/locales/{id}", _locale),
    ]
