"""Schedules (business hours): identity ``name``; a Rails time zone, the week written per day,
holidays as date ranges.

```yaml
schedules:
  - name: Spain business hours
    time_zone: Madrid
    intervals: {monday: "09:00-18:00", friday: ["09:00-14:00", "15:00-17:00"]}
    holidays:
      - {name: Christmas Day, start_date: 2026-12-25}
```

Zendesk keeps holidays as a list under each schedule (``schedules/{id}/holidays``); here they
are part of their schedule, sorted by date, and a one-day holiday may leave out ``end_date``.
Rules name a schedule by its name (``schedule_id``, ``within_schedule``, ``set_schedule``).
"""

from collections.abc import Iterator
from datetime import date
from typing import Any, Self

from pydantic import model_validator

from helpctl.resources.base import Issue, KindSpec, UnknownRef
from helpctl.resources.business_hours import DAYS, time_zone_problem, week_problems
from helpctl.resources.common import ConfigModel, ResourceModel, all_placeholder_refs

__all__ = ["SPEC", "Holiday", "Schedule", "Week"]

Spans = str | list[str]


class Week(ConfigModel):
    """Opening hours per day: ``"09:00-17:00"`` or a list of spans; a day left out is closed."""

    sunday: Spans | None = None
    monday: Spans | None = None
    tuesday: Spans | None = None
    wednesday: Spans | None = None
    thursday: Spans | None = None
    friday: Spans | None = None
    saturday: Spans | None = None

    @model_validator(mode="after")
    def _canonical(self) -> Self:
        # one span is written as text, several sorted; a day with none is closed (left out)
        for day in DAYS:
            value = getattr(self, day)
            if isinstance(value, list):
                spans = sorted(str(s) for s in value)
                setattr(self, day, spans[0] if len(spans) == 1 else (spans or None))
                if not spans:
                    self.__pydantic_fields_set__.discard(day)
        return self


class Holiday(ConfigModel):
    """A holiday from ``start_date`` to ``end_date`` inclusive (``end_date`` defaults to the
    start: a one-day holiday)."""

    always_dump = ("end_date",)

    name: str
    start_date: date
    end_date: date | None = None

    @model_validator(mode="after")
    def _one_day(self) -> Self:
        if self.end_date is None:
            self.end_date = self.start_date
        return self


class Schedule(ResourceModel):
    """One schedule as written in YAML."""

    name: str
    time_zone: str
    intervals: Week | None = None
    holidays: list[Holiday] | None = None

    @model_validator(mode="after")
    def _sorted_holidays(self) -> Self:
        if self.holidays:
            self.holidays.sort(key=lambda h: (h.start_date, h.name))
        return self


def checks(key: str, attrs: dict[str, Any]) -> Iterator[Issue]:
    """What Zendesk refuses in one schedule: an unknown time zone, malformed or overlapping
    spans, a holiday that ends before it starts, two holidays of one name."""
    problem = time_zone_problem(str(attrs.get("time_zone", "")))
    if problem:
        yield "schedule_bad_time_zone", "time_zone", problem
    for code, where, message in week_problems(attrs.get("intervals") or {}):
        yield code, f"intervals.{where}", message
    seen: set[str] = set()
    for i, holiday in enumerate(attrs.get("holidays") or []):
        if str(holiday.get("end_date")) < str(holiday.get("start_date")):
            msg = f"holiday `{holiday.get('name')}` ends before it starts"
            yield "schedule_bad_holiday", f"holidays[{i}].end_date", msg
        if holiday.get("name") in seen:
            msg = f"two holidays are named `{holiday.get('name')}`"
            yield "schedule_bad_holiday", f"holidays[{i}].name", msg
        seen.add(str(holiday.get("name")))


SPEC = KindSpec(
    name="schedules",
    identity="name",
    model=Schedule,
    references=all_placeholder_refs,
    singular="schedule",
    export_order=45,
    unknown_ref=UnknownRef(
        "ref_unknown_schedule",
        "schedule",
        "a schedule named here is neither in the config nor declared external",
    ),
    checks=checks,
)
