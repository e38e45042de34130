"""Value conversions shared by sources, the mapping and the target: flags in their many
spellings, HTML to plain text, timestamps as helpdesks write them.

A neutral module: the mapping and the target use these without importing any source module
(sources re-export them from :mod:`helpctl.migrate.sources.text`).
"""

from __future__ import annotations

from datetime import UTC, datetime

from helpctl.migrate.html_text import html_to_text as _html_to_text

__all__ = ["html_to_text", "iso", "parse_bool"]

_TRUE = frozenset({"1", "1.0", "true", "t", "yes", "y", "on"})
_FALSE = frozenset({"0", "0.0", "false", "f", "no", "n", "off", ""})


def html_to_text(body: str) -> str:
    """A readable plain-text rendering keeping links, lists and line breaks
    (:func:`helpctl.migrate.html_text.html_to_text`)."""
    return _html_to_text(body)


def parse_bool(value: object, default: bool = False) -> bool:
    """Flags as exports write them: ``1``/``0``, ``1.0``, ``true``, ``yes``…"""
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return default


def iso(value: datetime | None) -> str | None:
    """ISO-8601 UTC with a ``Z``, as Zendesk writes timestamps (naive values are UTC)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
