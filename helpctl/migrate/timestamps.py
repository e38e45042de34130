"""Timestamps as legacy exports write them: the ``timestamps:`` option of a source.

::

    source:
      kind: forum
      timestamps: {format: "%d.%m.%Y %H:%M", timezone: Europe/Moscow}   # every file
      posts: {path: posts.csv, timestamps: {format: ["%d.%m.%Y %H:%M:%S", iso8601]}}

``format`` is a :func:`~datetime.datetime.strptime` format or a list of them tried in order;
``iso8601`` (the default) reads ISO 8601 text, ``unix`` reads seconds since 1970 written as
text. Numbers and datetimes a source hands over (JSON numbers, SQL columns) need no format.
``timezone`` is an IANA zone name (``Europe/Moscow``, ``UTC``) read with :mod:`zoneinfo`, so a
local time gets the offset the zone had *on that date* (Moscow was UTC+4 from 2011 to 2014).

A value that carries its own offset (``+03:00``, ``Z``, ``%z``, unix seconds) is taken as
written. A value without one is read in ``timezone``; with no ``timezone`` configured it is a
``timestamp_without_zone`` problem, never silently read as UTC (``timezone: UTC`` says so).
A local time that a daylight-saving change skipped or repeated takes the offset in force before
the change (Python's ``fold=0``).

A file's ``timestamps`` wins over the source's, key by key. Pure domain.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = [
    "ISO",
    "KEYS",
    "UNIX",
    "TimestampRule",
    "rule_from_spec",
    "spec_problems",
]

ISO = "iso8601"
UNIX = "unix"
KEYS = ("format", "timezone")
#: how many parsed values a rule keeps to show in ``migrate plan``.
EXAMPLES = 3
_DIRECTIVE = re.compile(r"%[a-zA-Z]")
_SAMPLE = datetime(2001, 2, 3, 4, 5, 6, tzinfo=UTC)

SpecProblem = tuple[str, str, str]  # (key inside the spec, message, hint)


def spec_problems(spec: Any, key: str = "timestamps") -> list[SpecProblem]:
    """The offline check of one ``timestamps:`` value (keys relative to its owner)."""
    if spec is None:
        return []
    if not isinstance(spec, Mapping):
        return [(key, "timestamps is a mapping", '{format: "%d.%m.%Y %H:%M", timezone: UTC}')]
    out: list[SpecProblem] = [
        (f"{key}.{k}", f"unknown key {k!r}", "timestamps takes: format, timezone")
        for k in spec
        if k not in KEYS
    ]
    formats = spec.get("format", ISO)
    listed = formats if isinstance(formats, list) else [formats]
    if not listed:
        out.append((f"{key}.format", "format is an empty list", f"e.g. [{ISO}]"))
    for i, fmt in enumerate(listed):
        where = f"{key}.format[{i}]" if isinstance(formats, list) else f"{key}.format"
        out.extend(_format_problems(fmt, where))
        if fmt in listed[:i]:
            out.append((where, f"format {fmt!r} is listed twice", "the second is never tried"))
    zone = spec.get("timezone")
    if zone is not None and _zone(zone) is None:
        out.append(
            (f"{key}.timezone", f"unknown time zone {zone!r}", "an IANA name: Europe/Moscow, UTC")
        )
    elif zone is not None and listed and all(_has_offset(f) for f in listed):
        out.append((
            f"{key}.timezone",
            f"timezone {zone} is never used: every format reads its own offset",
            "drop timezone, or add a format without an offset (%z, unix)",
        ))  # fmt: skip
    return out


def _has_offset(fmt: Any) -> bool:
    return isinstance(fmt, str) and (fmt == UNIX or "%z" in fmt)


def _format_problems(fmt: Any, where: str) -> list[SpecProblem]:
    if not isinstance(fmt, str) or not fmt.strip():
        return [(where, "a format is a text like %d.%m.%Y %H:%M", f"or {ISO} / {UNIX}")]
    if fmt in (ISO, UNIX):
        return []
    if not _DIRECTIVE.search(fmt):
        return [(where, f"format {fmt!r} has no fields (%d, %m, %Y…)", "e.g. %d.%m.%Y %H:%M")]
    try:  # a directive strptime does not know fails on reading back what strftime wrote
        datetime.strptime(_SAMPLE.strftime(fmt), fmt)
    except ValueError as exc:
        return [(where, f"format {fmt!r} cannot be read: {exc}", "see Python's strptime codes")]
    return []


def _zone(name: Any) -> tzinfo | None:
    if not isinstance(name, str) or not name.strip():
        return None
    if name.strip().upper() in ("UTC", "Z", "GMT"):
        return UTC
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        return None


def rule_from_spec(*specs: Mapping[str, Any] | None) -> TimestampRule:
    """The rule for ``specs`` (a source's, then a file's: later ones win key by key). The specs
    were checked by :func:`spec_problems`; a bad value here falls back to the default."""
    merged: dict[str, Any] = {}
    for spec in specs:
        merged.update(spec or {})
    formats = merged.get("format", ISO)
    listed = tuple(str(f) for f in (formats if isinstance(formats, list) else [formats]))
    zone_name = merged.get("timezone")
    return TimestampRule(listed or (ISO,), str(zone_name) if zone_name else None)


@dataclass(frozen=True)
class Example:
    """One value a rule read: what was written and what it became (or why it could not)."""

    raw: str
    utc: str | None
    local: str | None
    problem: str | None

    def as_dict(self) -> dict[str, str | None]:
        return {"raw": self.raw, "utc": self.utc, "local": self.local, "problem": self.problem}


class TimestampRule:
    """How one file (or source) writes its times; see the module docstring.

    :meth:`parse` returns ``(instant, None)`` or ``(None, problem)``, problem being
    ``"invalid"`` (nothing read) or ``"without_zone"`` (read, but no zone to place it in). The
    first few values read are kept as :attr:`examples` for ``migrate plan``.
    """

    def __init__(self, formats: tuple[str, ...] = (ISO,), zone_name: str | None = None) -> None:
        self.formats = formats
        self.zone_name = zone_name
        self.zone = _zone(zone_name) if zone_name else None
        self.examples: list[Example] = []
        self._failed_examples = 0

    def describe(self, where: str) -> dict[str, Any]:
        """The rule and the values it read so far, as ``migrate plan`` shows them."""
        return {
            "where": where,
            "format": list(self.formats),
            "timezone": self.zone_name,
            "examples": [e.as_dict() for e in self.examples],
        }

    def parse(self, value: object) -> tuple[datetime | None, str | None]:
        when, problem = self._parse(value)
        self._remember(value, when, problem)
        return when, problem

    def reason(self, problem: str, value: object, what: str) -> str:
        """The quarantine reason for a value :meth:`parse` refused, on ``what`` (post 5…)."""
        if problem == "without_zone":
            return (
                f"timestamp_without_zone: {value!r} on {what} has no zone and no timezone is "
                "configured (set timestamps.timezone to the zone the export was written in)"
            )
        tried = ", ".join(self.formats)
        return f"invalid timestamp {value!r} on {what} (formats tried: {tried})"

    def _parse(self, value: object) -> tuple[datetime | None, str | None]:
        if isinstance(value, datetime):
            return self._place(value)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return _unix(value)
        if not isinstance(value, str) or not value.strip():
            return None, "invalid"
        text = value.strip()
        for fmt in self.formats:
            found = _read(text, fmt)
            if found is not None:
                return self._place(found)
        return None, "invalid"

    def _place(self, when: datetime) -> tuple[datetime | None, str | None]:
        if when.tzinfo is not None:
            return when.astimezone(UTC), None
        if self.zone is None:
            return None, "without_zone"
        return when.replace(tzinfo=self.zone).astimezone(UTC), None

    def _remember(self, value: object, when: datetime | None, problem: str | None) -> None:
        if problem is not None:
            if self._failed_examples >= 2:
                return
            self._failed_examples += 1
        elif len(self.examples) - self._failed_examples >= EXAMPLES:
            return
        local = when.astimezone(self.zone) if when is not None and self.zone else None
        self.examples.append(
            Example(
                str(value),
                when.isoformat().replace("+00:00", "Z") if when else None,
                local.isoformat() if local else None,
                problem,
            )
        )


def _read(text: str, fmt: str) -> datetime | None:
    if fmt == ISO:
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            return None
    if fmt == UNIX:
        try:
            return _unix(float(text))[0]
        except ValueError:
            return None
    try:
        return datetime.strptime(text, fmt)
    except ValueError:
        return None


def _unix(value: float) -> tuple[datetime | None, str | None]:
    try:
        return datetime.fromtimestamp(value, UTC), None
    except (OverflowError, OSError, ValueError):
        return None, "invalid"
