"""Business hours: a schedule's weekly intervals and holidays, in its time zone.

Zendesk stores intervals as minutes since Sunday 00:00 in the schedule's time zone (``1980`` is
Monday 09:00) and holidays as inclusive ``YYYY-MM-DD`` ranges (reference part 2 §3). Time zones
are Rails names ("Central Time (US & Canada)"); an IANA name ("Europe/Madrid") is accepted too.

Pure domain: no I/O (zoneinfo reads the system's time zone database).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from helpctl.rules.errors import CannotEvaluate

__all__ = ["RAILS_TIME_ZONES", "Holiday", "Schedule", "zone"]

#: Rails (ActiveSupport) time zone names Zendesk uses, to IANA. Extend as accounts need.
RAILS_TIME_ZONES: dict[str, str] = {
    "UTC": "Etc/UTC",
    "London": "Europe/London",
    "Dublin": "Europe/Dublin",
    "Lisbon": "Europe/Lisbon",
    "Madrid": "Europe/Madrid",
    "Paris": "Europe/Paris",
    "Brussels": "Europe/Brussels",
    "Amsterdam": "Europe/Amsterdam",
    "Berlin": "Europe/Berlin",
    "Rome": "Europe/Rome",
    "Stockholm": "Europe/Stockholm",
    "Copenhagen": "Europe/Copenhagen",
    "Warsaw": "Europe/Warsaw",
    "Vienna": "Europe/Vienna",
    "Prague": "Europe/Prague",
    "Athens": "Europe/Athens",
    "Helsinki": "Europe/Helsinki",
    "Istanbul": "Europe/Istanbul",
    "Moscow": "Europe/Moscow",
    "Jerusalem": "Asia/Jerusalem",
    "Abu Dhabi": "Asia/Muscat",
    "Mumbai": "Asia/Kolkata",
    "New Delhi": "Asia/Kolkata",
    "Singapore": "Asia/Singapore",
    "Hong Kong": "Asia/Hong_Kong",
    "Beijing": "Asia/Shanghai",
    "Tokyo": "Asia/Tokyo",
    "Seoul": "Asia/Seoul",
    "Sydney": "Australia/Sydney",
    "Auckland": "Pacific/Auckland",
    "Eastern Time (US & Canada)": "America/New_York",
    "Central Time (US & Canada)": "America/Chicago",
    "Mountain Time (US & Canada)": "America/Denver",
    "Pacific Time (US & Canada)": "America/Los_Angeles",
    "Alaska": "America/Juneau",
    "Hawaii": "Pacific/Honolulu",
    "Mexico City": "America/Mexico_City",
    "Bogota": "America/Bogota",
    "Lima": "America/Lima",
    "Santiago": "America/Santiago",
    "Buenos Aires": "America/Argentina/Buenos_Aires",
    "Brasilia": "America/Sao_Paulo",
    "Caracas": "America/Caracas",
}

_MINUTES_PER_DAY = 24 * 60


def zone(name: str) -> ZoneInfo:
    """The time zone of a Rails or IANA name; :class:`CannotEvaluate` when unknown."""
    try:
        return ZoneInfo(RAILS_TIME_ZONES.get(name, name))
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise CannotEvaluate(
            f"time zone `{name}` is not known (use an IANA name, e.g. Europe/Madrid)"
        ) from exc


@dataclass(frozen=True, slots=True)
class Holiday:
    """A holiday, ``start`` to ``end`` inclusive (dates in the schedule's time zone)."""

    name: str
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class Schedule:
    """A schedule: ``intervals`` as ``(start_minute, end_minute)`` since Sunday 00:00."""

    id: int
    name: str = ""
    time_zone: str = "UTC"
    intervals: tuple[tuple[int, int], ...] = ()
    holidays: tuple[Holiday, ...] = field(default=())

    @classmethod
    def from_api(
        cls, obj: Mapping[str, Any], holidays: Iterable[Mapping[str, Any]] = ()
    ) -> Schedule:
        """From Zendesk's ``schedule`` object and its ``holidays`` list."""
        return cls(
            id=int(obj["id"]),
            name=str(obj.get("name", "")),
            time_zone=str(obj.get("time_zone") or "UTC"),
            intervals=tuple(
                (int(i["start_time"]), int(i["end_time"])) for i in obj.get("intervals") or []
            ),
            holidays=tuple(
                Holiday(
                    str(h.get("name", "")),
                    date.fromisoformat(str(h["start_date"])),
                    date.fromisoformat(str(h["end_date"])),
                )
                for h in holidays
            ),
        )

    def local(self, at: datetime) -> datetime:
        return at.astimezone(zone(self.time_zone))

    def on_holiday(self, at: datetime) -> bool:
        """Whether ``at`` falls on one of the schedule's holidays (in its time zone)."""
        day = self.local(at).date()
        return any(h.start <= day <= h.end for h in self.holidays)

    def in_business_hours(self, at: datetime) -> bool:
        """Whether ``at`` is inside a weekly interval and not on a holiday."""
        local = self.local(at)
        if any(h.start <= local.date() <= h.end for h in self.holidays):
            return False
        weekday = (local.weekday() + 1) % 7  # Sunday = 0, as Zendesk counts
        minute = weekday * _MINUTES_PER_DAY + local.hour * 60 + local.minute
        return any(start <= minute < end for start, end in self.intervals)
