"""Business hours as people write them and as Zendesk stores them.

A schedule's week is written per day (``monday: "09:00-17:00"``, or a list of such spans);
Zendesk stores ``intervals`` of minutes since Sunday 00:00 in the schedule's time zone
(``1980`` is Monday 09:00) that never span two days. :func:`week_to_intervals` and
:func:`intervals_to_week` convert both ways; :func:`span_problem` and :func:`week_problems`
say what Zendesk would refuse. Time zones are the Rails (ActiveSupport) names Zendesk uses
(package data ``data/time_zones.json``); :func:`time_zone_problem` explains a name that is not
one, naming the Rails name of an IANA zone when there is one.

Pure domain: no I/O beyond reading package data once.
"""

from __future__ import annotations

import difflib
import itertools
import json
import re
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from typing import Any

from helpctl.errors import ConfigError

__all__ = [
    "DAYS",
    "intervals_to_week",
    "rails_time_zones",
    "span_minutes",
    "span_problem",
    "time_zone_problem",
    "week_problems",
    "week_to_intervals",
]

#: Days in Zendesk's order: minute 0 of the week is Sunday 00:00.
DAYS: tuple[str, ...] = (
    "sunday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
)
_DAY = 24 * 60
_SPAN_RE = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")


@lru_cache(maxsize=1)
def rails_time_zones() -> dict[str, str]:
    """Rails time zone name → IANA zone, every name Zendesk accepts for a schedule."""
    text = resources.files("helpctl.resources").joinpath("data/time_zones.json").read_text()
    zones: dict[str, str] = json.loads(text)["zones"]
    return zones


def time_zone_problem(name: str) -> str | None:
    """Why Zendesk would refuse ``name`` as a schedule's time zone, or None."""
    zones = rails_time_zones()
    if name in zones:
        return None
    rails = sorted(k for k, v in zones.items() if v == name)
    if rails:
        return f"`{name}` is an IANA name; Zendesk schedules take `{rails[0]}`"
    close = difflib.get_close_matches(name, list(zones), n=1, cutoff=0.6)
    hint = f"did you mean `{close[0]}`?" if close else "use a Rails name such as `London`"
    return f"`{name}` is not a time zone Zendesk knows; {hint}"


def span_minutes(span: str) -> tuple[int, int]:
    """``"09:00-17:00"`` → minutes of the day ``(540, 1020)``; ConfigError when malformed."""
    match = _SPAN_RE.match(span.strip())
    if not match:
        raise ConfigError(f"`{span}` is not a span like `09:00-17:00`")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 23 or m1 > 59 or m2 > 59 or h2 > 24 or (h2 == 24 and m2):
        raise ConfigError(f"`{span}` is not a time of day")
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if end <= start:
        raise ConfigError(f"`{span}` ends before it starts (a span cannot cross midnight)")
    return start, end


def span_problem(span: Any) -> str | None:
    """Why one written span is refused, or None."""
    if not isinstance(span, str):
        return f"`{span}` is not a span like `09:00-17:00`"
    try:
        span_minutes(span)
    except ConfigError as err:
        return str(err)
    return None


def _spans(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def week_problems(week: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """(code, path inside ``intervals``, message) for every span Zendesk would refuse."""
    out: list[tuple[str, str, str]] = []
    for day in DAYS:
        spans = _spans(week.get(day))
        parsed: list[tuple[int, int, str]] = []
        for i, span in enumerate(spans):
            where = day if isinstance(week.get(day), str) else f"{day}[{i}]"
            problem = span_problem(span)
            if problem:
                out.append(("schedule_bad_interval", where, problem))
            else:
                parsed.append((*span_minutes(span), span))
        parsed.sort()
        for (_, end, first), (start, _, second) in itertools.pairwise(parsed):
            if start < end:
                msg = f"`{first}` and `{second}` overlap; Zendesk refuses overlapping intervals"
                out.append(("schedule_overlap", day, msg))
    return out


def week_to_intervals(week: Mapping[str, Any]) -> list[dict[str, int]]:
    """Written week → Zendesk ``intervals`` (sorted, minutes since Sunday 00:00)."""
    out: list[dict[str, int]] = []
    for n, day in enumerate(DAYS):
        for span in _spans(week.get(day)):
            start, end = span_minutes(span)
            out.append({"start_time": n * _DAY + start, "end_time": n * _DAY + end})
    out.sort(key=lambda i: i["start_time"])
    return out


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def intervals_to_week(intervals: Any) -> dict[str, str | list[str]]:
    """Zendesk ``intervals`` → the written week: one span as text, several as a list.

    An interval that runs past midnight (Zendesk refuses them, but a reply could hold one) is
    cut at each day's end, so every span stays within its day.
    """
    days: dict[str, list[str]] = {}
    pieces: list[tuple[int, int]] = []
    for item in intervals or []:
        start, end = int(item["start_time"]), int(item["end_time"])
        while start < end:
            cut = min(end, (start // _DAY + 1) * _DAY)
            pieces.append((start, cut))
            start = cut
    for start, end in sorted(pieces):
        day = DAYS[(start // _DAY) % 7]
        offset = (start // _DAY) * _DAY
        days.setdefault(day, []).append(f"{_clock(start - offset)}-{_clock(end - offset)}")
    return {d: (days[d][0] if len(days[d]) == 1 else days[d]) for d in DAYS if d in days}
