"""Value conversions shared by sources, the mapping and the target: flags in their many
spellings, HTML to plain text, timestamps as helpdesks write them.

A neutral module: the mapping and the target use these without importing any source module
(sources re-export them from :mod:`helpctl.migrate.sources.text`).
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

__all__ = ["html_to_text", "iso", "parse_bool"]

_BLOCK = re.compile(r"<\s*(br|/p|/div|/li|/h\d|/tr|/blockquote|/pre)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_BLANKS = re.compile(r"\n{3,}")
_TRUE = frozenset({"1", "1.0", "true", "t", "yes", "y", "on"})
_FALSE = frozenset({"0", "0.0", "false", "f", "no", "n", "off", ""})


def html_to_text(body: str) -> str:
    """A readable plain-text rendering: block ends become line breaks, tags go, entities decode."""
    text = _BLOCK.sub("\n", body)
    text = html.unescape(_TAG.sub("", text))
    return _BLANKS.sub("\n\n", text).strip()


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
