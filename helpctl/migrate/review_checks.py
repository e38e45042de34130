"""The checks of ``migrate review`` (:mod:`.review`): one attribute of a record, as read and as
it stands on the target, judged *same*, *explained* (the target holds what the mapping made of
it, and the note says how) or *unexplained*. Pure domain."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from helpctl.migrate.late_comments import comment_key, late_comment
from helpctl.migrate.links import body_with_links
from helpctl.migrate.mapped import MappedComment, MappedTicket
from helpctl.migrate.model import LegacyComment, LegacyTicket
from helpctl.migrate.values import iso
from helpctl.migrate.verify import body_checksum

__all__ = [
    "Check",
    "ReviewContext",
    "Verdict",
    "comment_checks",
    "instant",
    "ticket_checks",
    "when",
]

Verdict = Literal["same", "explained", "unexplained"]


@dataclass(frozen=True)
class Check:
    """One compared attribute: ``source`` as read, ``target`` as it stands, and why they
    differ (``note``) when the mapping explains it."""

    name: str
    verdict: Verdict
    source: str
    target: str
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.verdict != "unexplained"


@dataclass(frozen=True)
class ReviewContext:
    """What checks need beyond the record: target user ids, late comments, field ids."""

    users: dict[str, int]  # mapped user key → target user id
    late: dict[str, str]  # comment key → source time, comments appended after import
    field_ids: dict[str, int]
    zone: str | None = None  # the source's declared timezone, when it has one


def local(value: datetime | None, zone: str | None) -> str:
    """A source time as the legacy system wrote it: in its declared zone, when it has one."""
    written = _in_zone(value, zone)
    return when(value) if written is None else f"{written.isoformat()} ({zone})"


def _in_zone(value: datetime | None, zone: str | None) -> datetime | None:
    if value is None or not zone or zone == "UTC":
        return None
    try:
        return value.astimezone(ZoneInfo(zone))
    except (ZoneInfoNotFoundError, ValueError):
        return None


def when(value: datetime | None) -> str:
    return value.isoformat() if value is not None else "(none)"


def _compare(name: str, source: str, target: str, mapped: str, how: str) -> Check:
    """Same when equal; explained when the target holds what the mapping made of it."""
    if source == target:
        return Check(name, "same", source, target)
    if target == mapped:
        return Check(name, "explained", source, target, how)
    return Check(name, "unexplained", source, target, f"the mapping gives {mapped!r}")


def ticket_checks(
    t: LegacyTicket, m: MappedTicket, doc: dict[str, Any], ctx: ReviewContext
) -> list[Check]:
    status = str(doc.get("status"))
    checks = [
        _compare(
            "external_id",
            t.source_id,
            str(doc.get("external_id")),
            m.external_id,
            "external id built by the mapping",
        ),
        _compare(
            "subject",
            t.subject,
            str(doc.get("subject") or ""),
            m.subject,
            "subject set by the mapping",
        ),
        _compare("status", t.status, status, m.status, f"status mapped: {t.status} → {m.status}"),
        _person_check("requester", t.requester_id, m.requester, doc.get("requester_id"), ctx),
    ]
    if m.assignee or doc.get("assignee_id"):
        checks.append(
            _person_check("assignee", t.assignee_id, m.assignee, doc.get("assignee_id"), ctx)
        )
    if m.priority or doc.get("priority"):
        checks.append(
            _compare(
                "priority",
                t.priority or "",
                str(doc.get("priority") or ""),
                m.priority or "",
                "priority mapped",
            )
        )
    checks.append(_tags_check(t, m, doc))
    checks += _field_checks(m, doc, ctx.field_ids)
    created = m.created_at or t.created_at
    checks.append(_time_check("created_at", t.created_at, created, doc.get("created_at"), ctx.zone))
    return checks


def _person_check(
    name: str, legacy_key: str | None, key: str | None, target_id: Any, ctx: ReviewContext
) -> Check:
    want = ctx.users.get(key) if key else None
    source = legacy_key or "(none)"
    got = f"user #{target_id}" if target_id else "(none)"
    if want is None or target_id is None or int(target_id) != want:
        expect = f"user #{want}" if want else f"user {key!r} (not in the ledger)"
        return Check(name, "unexplained", source, got, f"the mapping gives {expect}")
    if key == legacy_key:
        return Check(name, "same", source, got, f"the user imported for {key}")
    return Check(name, "explained", source, got, f"stand-in user {key!r} (mapping)")


def _tags_check(t: LegacyTicket, m: MappedTicket, doc: dict[str, Any]) -> Check:
    source, got, want = set(t.tags), set(doc.get("tags") or []), set(m.tags)
    shown = (", ".join(sorted(source)) or "(none)", ", ".join(sorted(got)) or "(none)")
    if source == got:
        return Check("tags", "same", *shown)
    from_fields = {str(v) for v in m.fields.values()}
    missing = sorted(want - got)
    stray = sorted(got - want - source - from_fields)
    if missing or stray:
        why = [f"missing {', '.join(missing)}"] if missing else []
        why += [f"not from the mapping: {', '.join(stray)}"] if stray else []
        return Check("tags", "unexplained", *shown, "; ".join(why))
    notes = []
    if got - source:
        notes.append(f"added by the mapping: {', '.join(sorted(got - source))}")
    if source - got:
        notes.append(f"dropped by the mapping: {', '.join(sorted(source - got))}")
    return Check("tags", "explained", *shown, "; ".join(notes))


def _field_checks(m: MappedTicket, doc: dict[str, Any], field_ids: dict[str, int]) -> list[Check]:
    values = {f.get("id"): f.get("value") for f in doc.get("custom_fields") or []}
    checks = []
    for title, want in sorted(m.fields.items()):
        got = values.get(field_ids.get(title))
        verdict: Verdict = "explained" if str(got) == str(want) else "unexplained"
        note = (
            "field set by the mapping" if verdict == "explained" else f"the mapping gives {want!r}"
        )
        checks.append(Check(f"field:{title}", verdict, str(want), str(got), note))
    return checks


def _time_check(
    name: str, source: datetime | None, mapped: datetime | None, target: Any, zone: str | None
) -> Check:
    shown_source, shown_target = local(source, zone), str(target or "(none)")
    got = instant(target)
    if mapped is None:
        return Check(name, "explained", shown_source, shown_target, "no time in the source")
    if got != int(mapped.timestamp()):
        return Check(
            name, "unexplained", shown_source, shown_target, f"the mapping gives {iso(mapped)}"
        )
    if source is None or int(source.timestamp()) != got:
        return Check(name, "explained", shown_source, shown_target, "time taken by the mapping")
    written = _in_zone(source, zone)
    if written is not None and written.utcoffset():
        why = f"same instant: written in {zone} (UTC{_offset(written)} that day), shown in UTC"
        return Check(name, "explained", shown_source, shown_target, why)
    if source.utcoffset():
        why = f"same instant, converted from UTC{_offset(source)} to UTC"
        return Check(name, "explained", shown_source, shown_target, why)
    return Check(name, "same", shown_source, shown_target)


def _offset(value: datetime) -> str:
    text = value.strftime("%z")  # +0400
    return f"{text[:3]}:{text[3:]}" if text else ""


def instant(value: Any) -> int | None:
    """A target timestamp as epoch seconds (None when absent or unreadable)."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return int(parsed.timestamp())


def comment_checks(
    legacy: LegacyComment | None,
    want: MappedComment,
    have: dict[str, Any],
    i: int,
    ctx: ReviewContext,
) -> list[Check]:
    late = comment_key(want, i) in ctx.late
    author = legacy.author_id if legacy else None
    checks = [_person_check("author", author, want.author, have.get("author_id"), ctx)]
    if late:
        checks.append(
            Check(
                "time",
                "explained",
                when(want.created_at),
                str(have.get("created_at")),
                "appended after import: time not preservable, source time in its first line",
            )
        )
    else:
        checks.append(
            _time_check(
                "time",
                legacy.created_at if legacy else None,
                want.created_at,
                have.get("created_at"),
                ctx.zone,
            )
        )
    public = bool(have.get("public", True))
    src_public = legacy.public if legacy else want.public
    checks.append(
        _compare(
            "visibility",
            _vis(src_public),
            _vis(public),
            _vis(want.public),
            "visibility set by the mapping",
        )
    )
    checks.append(_body_check(legacy, late_comment(want) if late else want, have))
    return checks


def _vis(public: bool) -> str:
    return "public" if public else "private"


def _body_check(legacy: LegacyComment | None, want: MappedComment, have: dict[str, Any]) -> Check:
    got = _target_checksum(have, want.html)
    source = legacy.body if legacy else ""
    shown = (_short(source), _short(str(have.get("body") or "")))
    converted = legacy is not None and legacy.html and not want.html
    if legacy is not None and not converted and got == body_checksum(legacy.body, legacy.html):
        return Check("body", "same", *shown)
    if got != body_checksum(body_with_links(want), want.html):
        return Check("body", "unexplained", *shown, "differs from what the mapping made of it")
    if converted:
        return Check("body", "explained", *shown, "HTML converted to text (links as text (url))")
    return Check("body", "explained", *shown, "body rewritten by the mapping")


def _target_checksum(have: dict[str, Any], html: bool) -> str:
    if html and have.get("html_body"):
        return body_checksum(str(have["html_body"]), True)
    return body_checksum(str(have.get("body") or have.get("plain_body") or ""), False)


def _short(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
