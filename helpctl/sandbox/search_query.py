"""The subset of Zendesk's search query language the sandbox understands, parsed (pure: no I/O).

A query is terms separated by spaces, all of which must hold (AND). A term is
``[-]field<op>value`` with ``op`` one of ``:`` ``<`` ``>`` ``<=`` ``>=`` (``-`` negates), or
free text: a word (``*`` at its end matches a prefix) or a ``"quoted phrase"``. Values may be
quoted (``form:"Support form"``). Dates are ``YYYY-MM-DD`` or ISO date-times, or relative:
``4hours``, ``2days`` (``minutes hours days weeks months years``), meaning that long ago. The
fields are listed in ``docs/sandbox.md`` ("Search").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from helpctl.errors import HelpctlError

__all__ = ["Query", "SearchSyntaxError", "Term", "parse_query", "parse_when"]

_TOKEN = re.compile(r'(-?)(?:([A-Za-z_][\w.]*)(<=|>=|:|<|>))?("(?:[^"]*)"|\S+)')
_RELATIVE = re.compile(r"^(\d+)(minute|hour|day|week|month|year)s?$")
_UNIT_SECONDS = {
    "minute": 60,
    "hour": 3600,
    "day": 86400,
    "week": 7 * 86400,
    "month": 30 * 86400,
    "year": 365 * 86400,
}
TYPES = ("ticket", "user", "organization", "group")


class SearchSyntaxError(HelpctlError):
    """A query the sandbox cannot read (answered as Zendesk's 400 ``invalid``)."""


@dataclass(frozen=True, slots=True)
class Term:
    """One condition: ``field`` None for free text; ``op`` ``:``, ``<``, ``>``, ``<=``, ``>=``."""

    field: str | None
    op: str
    value: str
    negated: bool = False
    phrase: bool = False


@dataclass(frozen=True, slots=True)
class Query:
    type: str | None
    terms: tuple[Term, ...]


def _unquote(text: str) -> tuple[str, bool]:
    if len(text) >= 2 and text.startswith('"') and text.endswith('"'):
        return text[1:-1], True
    return text, False


def parse_query(text: str) -> Query:
    """The terms of ``text``; ``type:`` is taken out as the query's type."""
    kind: str | None = None
    terms: list[Term] = []
    if text.count('"') % 2:
        raise SearchSyntaxError("a quote is not closed")
    for match in _TOKEN.finditer(text):
        negated, field, op, raw = match.groups()
        value, phrase = _unquote(raw)
        if field is None:
            terms.append(Term(None, ":", value, bool(negated), phrase))
            continue
        field = field.lower()
        if field == "type":
            if value.lower() not in TYPES or negated or op != ":":
                raise SearchSyntaxError(f"type:{value} is not a searchable type")
            kind = value.lower()
            continue
        if not value:
            raise SearchSyntaxError(f"{field}{op} needs a value")
        terms.append(Term(field, op, value, bool(negated), phrase))
    return Query(kind, tuple(terms))


def parse_when(value: str, now: datetime) -> datetime:
    """A date term's value as a time: absolute (``2024-05-01``, ISO) or relative
    (``4hours``: four hours before ``now``)."""
    relative = _RELATIVE.match(value.lower())
    if relative:
        seconds = int(relative.group(1)) * _UNIT_SECONDS[relative.group(2)]
        return now - timedelta(seconds=seconds)
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as ex:
        raise SearchSyntaxError(f"{value} is not a date (YYYY-MM-DD or 4hours)") from ex
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
