"""Schedules in Zendesk: ``/business_hours/schedules``, one list with no pagination keys at
all; ``intervals`` (minutes since Sunday 00:00) written only through ``PUT {id}/workweek``;
holidays a list of their own under each schedule (``{id}/holidays``)."""

from __future__ import annotations

from typing import Any

from helpctl.resources.business_hours import intervals_to_week, week_to_intervals
from helpctl.zendesk.kinds._base import Endpoint, KindMap, PutPart, SubList, ZendeskKind
from helpctl.zendesk.payloads_rules import RuleNames

__all__ = ["ZENDESK_KIND"]

_HOLIDAY_KEYS = ("name", "start_date", "end_date")


def _holidays_in(obj: dict[str, Any], names: RuleNames) -> Any:
    if "holidays" not in obj:
        return None
    return [{k: h.get(k) for k in _HOLIDAY_KEYS} for h in obj.get("holidays") or []]


def _holidays_out(value: Any, attrs: dict[str, Any], names: RuleNames) -> dict[str, Any]:
    return {"holidays": [{k: h.get(k) for k in _HOLIDAY_KEYS} for h in value or []]}


ZENDESK_KIND = ZendeskKind(
    endpoint=Endpoint(
        "schedules", "business_hours/schedules", "schedules", "schedule", pagination="none"
    ),
    payload=KindMap(
        plain=("name", "time_zone"),
        readers={
            "intervals": lambda obj, names: intervals_to_week(obj.get("intervals")),
            "holidays": _holidays_in,
        },
        writers={
            "intervals": lambda v, a, names: {"intervals": week_to_intervals(v or {})},
            "holidays": _holidays_out,
        },
    ),
    sublists=(SubList("holidays", "holidays", "holidays", "holiday"),),
    put_parts=(PutPart("intervals", "workweek", "workweek"),),
)
