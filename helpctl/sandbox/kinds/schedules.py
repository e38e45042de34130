"""Schedules (business hours): one list with no pagination keys, objects without ``url``,
Rails time zones, intervals written only through ``{id}/workweek`` (a new schedule gets
Monday–Friday 09:00–17:00), and holidays as a list of their own under each schedule."""

from __future__ import annotations

import itertools
import re
from typing import Any

from helpctl.resources.business_hours import rails_time_zones
from helpctl.sandbox.crud import Collection, Route, merge, stamp, unique
from helpctl.sandbox.kinds._base import SandboxKind
from helpctl.sandbox.replies import Call, Details, Reply, not_found
from helpctl.sandbox.store import URL_MARK

__all__ = ["HOLIDAYS", "SANDBOX_KIND", "SCHEDULES"]

PATH = "business_hours/schedules"
HOLIDAYS = "business_hours/holidays"
_DAY = 24 * 60
_WEEK = 7 * _DAY
_DEFAULT_WEEK = [
    {"start_time": d * _DAY + 9 * 60, "end_time": d * _DAY + 17 * 60} for d in range(1, 6)
]
_DEFAULTS: dict[str, Any] = {"name": None, "time_zone": None, "intervals": _DEFAULT_WEEK}
_WRITABLE = frozenset({"name", "time_zone"})
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _build(call: Call, old: dict[str, Any] | None, obj: dict[str, Any]) -> dict[str, Any]:
    doc = merge(_DEFAULTS, old, obj, _WRITABLE)
    errors = Details()
    errors.require(doc, "name", "time_zone")
    zone = doc.get("time_zone")
    if isinstance(zone, str) and zone and zone not in rails_time_zones():
        errors.add("time_zone", f"Time zone: {zone} is not included in the list", "InvalidValue")
    unique(call, PATH, "name", doc, old, errors)
    errors.check()
    return doc


def _name_index(doc: dict[str, Any]) -> tuple[str | None, str | None]:
    name = doc.get("name")
    return None, str(name).strip().lower() if name else None


SCHEDULES = Collection(PATH, "schedule", "schedules", _build, index=_name_index)


def _save(call: Call, row_id: int, doc: dict[str, Any], old: dict[str, Any] | None) -> str:
    doc = stamp(doc, PATH, row_id, old)
    doc.pop("url", None)  # Zendesk's schedules carry no url
    SCHEDULES.store(call, doc)
    return str(SCHEDULES.load_id(call, row_id).body)


def _list(call: Call) -> Reply:
    rows = call.ctx.store.select(call.ctx.name, PATH)
    text = '{"schedules":[' + ",".join(r.body for r in rows) + '],"url":"' + URL_MARK + PATH + '"}'
    return Reply(text=text)


def _create(call: Call) -> Reply:
    new_id = call.new_id = call.ctx.store.new_id()
    body = _save(call, new_id, _build(call, None, call.obj("schedule")), None)
    location = f"{URL_MARK}{PATH}/{new_id}.json"
    return Reply(201, text='{"schedule":' + body + "}", headers={"location": location})


def _show(call: Call) -> Reply:
    return Reply(text='{"schedule":' + SCHEDULES.load(call).body + "}")


def _update(call: Call) -> Reply:
    row = SCHEDULES.load(call)
    old = row.doc()
    body = _save(call, row.id, _build(call, old, call.obj("schedule")), old)
    return Reply(text='{"schedule":' + body + "}")


def _delete(call: Call) -> Reply:
    row = SCHEDULES.load(call)
    call.ctx.store.delete_children(call.ctx.name, HOLIDAYS, row.id)
    call.ctx.store.delete(call.ctx.name, PATH, [row.id])
    return Reply(204)


def _interval_errors(intervals: Any, errors: Details) -> None:
    if not isinstance(intervals, list):
        errors.add("intervals", "Intervals: must be an array", "InvalidValue")
        return
    spans: list[tuple[int, int]] = []
    for item in intervals:
        start, end = (
            item.get(k) if isinstance(item, dict) else None for k in ("start_time", "end_time")
        )
        if not (isinstance(start, int) and isinstance(end, int)) or not 0 <= start < end <= _WEEK:
            errors.add("intervals", f"Intervals: {item} is not a valid interval", "InvalidValue")
        elif start // _DAY != (end - 1) // _DAY:
            errors.add("intervals", f"Intervals: {item} spans more than one day", "InvalidValue")
        else:
            spans.append((start, end))
    spans.sort()
    for (_, end), (start, _) in itertools.pairwise(spans):
        if start < end:
            errors.add("intervals", "Intervals: intervals cannot overlap", "InvalidValue")


def _workweek(call: Call) -> Reply:
    row = SCHEDULES.load(call)
    week = call.obj("workweek")
    errors = Details()
    _interval_errors(week.get("intervals"), errors)
    errors.check()
    old = row.doc()
    doc = {**old, "intervals": sorted(week["intervals"], key=lambda i: i["start_time"])}
    _save(call, row.id, doc, old)
    return Reply(200, {"workweek": {"intervals": doc["intervals"]}})


def _holiday_doc(call: Call, hid: int, old: dict[str, Any] | None) -> dict[str, Any]:
    obj = call.obj("holiday")
    doc = {**(old or {"name": None, "start_date": None, "end_date": None}), "id": hid}
    doc.update({k: obj[k] for k in ("name", "start_date", "end_date") if k in obj})
    errors = Details()
    errors.require(doc, "name", "start_date", "end_date")
    for key in ("start_date", "end_date"):
        if isinstance(doc.get(key), str) and not _DATE.match(doc[key]):
            errors.add(key, f"{key}: must be a date (YYYY-MM-DD)", "InvalidValue")
    if not errors and str(doc["end_date"]) < str(doc["start_date"]):
        errors.add("end_date", "End date: must not be before the start date", "InvalidValue")
    errors.check()
    return {k: doc[k] for k in ("id", "name", "start_date", "end_date")}


def _holidays(call: Call) -> Reply:
    row = SCHEDULES.load(call)
    rows = call.ctx.store.select(call.ctx.name, HOLIDAYS, "parent = ?", [row.id])
    url = f"{URL_MARK}{PATH}/{row.id}/holidays"
    return Reply(text='{"holidays":[' + ",".join(r.body for r in rows) + '],"url":"' + url + '"}')


def _add_holiday(call: Call) -> Reply:
    row = SCHEDULES.load(call)
    hid = call.new_id = call.ctx.store.new_id()
    doc = _holiday_doc(call, hid, None)
    call.ctx.store.put(call.ctx.name, HOLIDAYS, hid, doc, parent=row.id)
    return Reply(201, {"holiday": doc})


def _holiday_row(call: Call) -> tuple[int, Any]:
    row = SCHEDULES.load(call)
    found = call.ctx.store.get(call.ctx.name, HOLIDAYS, call.int_param("holiday_id"))
    if found is None or found.parent != row.id:
        raise not_found()
    return row.id, found


def _show_holiday(call: Call) -> Reply:
    _, found = _holiday_row(call)
    return Reply(text='{"holiday":' + found.body + "}")


def _update_holiday(call: Call) -> Reply:
    parent, found = _holiday_row(call)
    doc = _holiday_doc(call, found.id, found.doc())
    call.ctx.store.put(call.ctx.name, HOLIDAYS, found.id, doc, parent=parent)
    return Reply(200, {"holiday": doc})


def _delete_holiday(call: Call) -> Reply:
    _, found = _holiday_row(call)
    call.ctx.store.delete(call.ctx.name, HOLIDAYS, [found.id])
    return Reply(204)


def _routes() -> list[Route]:
    base, one, holiday = f"/{PATH}", f"/{PATH}/{{id}}", f"/{PATH}/{{id}}/holidays"
    return [
        ("PUT", f"{one}/workweek", _workweek),
        ("GET", holiday, _holidays),
        ("POST", holiday, _add_holiday),
        ("GET", f"{holiday}/{{holiday_id}}", _show_holiday),
        ("PUT", f"{holiday}/{{holiday_id}}", _update_holiday),
        ("DELETE", f"{holiday}/{{holiday_id}}", _delete_holiday),
        ("GET", base, _list),
        ("POST", base, _create),
        ("GET", one, _show),
        ("PUT", one, _update),
        ("DELETE", one, _delete),
    ]


SANDBOX_KIND = SandboxKind(SCHEDULES, _routes)
