"""Text helpers of sources: decoding declared encodings, spotting bytes that did not decode,
timestamps in their many spellings (HTML to text and flags live in :mod:`helpctl.migrate.values`,
shared with the mapping, and are re-exported here).

Undecodable bytes never raise: files are read with ``surrogateescape`` so a bad byte survives as
a lone surrogate, :func:`clean` swaps it for U+FFFD and reports it, and the source records a
problem on the ticket (the mapping then quarantines it).
"""

from __future__ import annotations

import codecs
import re
from datetime import UTC, datetime

from helpctl.migrate.values import html_to_text, parse_bool

__all__ = [
    "check_encoding",
    "clean",
    "html_to_text",
    "normalize_id",
    "parse_bool",
    "parse_time",
]

_SURROGATE = re.compile("[\udc80-\udcff]")


def check_encoding(name: str) -> str | None:
    """The canonical codec name, or None when Python does not know ``name``."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def clean(value: str) -> tuple[str, bool]:
    """``value`` with undecodable bytes replaced by U+FFFD, and whether there were any."""
    if _SURROGATE.search(value) is None:
        return value, False
    return _SURROGATE.sub("\ufffd", value), True


def parse_time(value: object) -> datetime | None:
    """A timezone-aware UTC datetime from a datetime, ISO text or unix seconds; None if invalid.

    Reads a time without a zone as UTC: only for values a system writes in UTC by contract
    (the Zendesk API). Legacy exports go through :mod:`helpctl.migrate.timestamps`, which
    refuses a time without a zone unless ``timezone`` is configured."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(value, UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def normalize_id(value: object) -> str:
    """An id as text; exports that went through a spreadsheet write ``1004298.0``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    if text.endswith(".0") and text[:-2].isdigit():
        return text[:-2]
    return text
