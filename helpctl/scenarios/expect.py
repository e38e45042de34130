"""Checking what must hold after a step: each expectation that does not hold is one message
naming the key path inside the scenario, so the report can point at its line.

Pure domain: no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from helpctl.rules import Notification, OfflineAccount, Ticket
from helpctl.scenarios.model import Expect, FieldValue, NotificationExpect
from helpctl.scenarios.names import option_tag

__all__ = ["Mismatch", "check_expect"]


@dataclass(frozen=True)
class Mismatch:
    """One expectation that did not hold: ``path`` inside the step's ``expect``."""

    path: str
    message: str


def check_expect(
    expect: Expect,
    account: OfflineAccount,
    options: dict[str, dict[str, str]],
    ticket: Ticket,
    notifications: Sequence[Notification],
    fired: Sequence[str],
) -> list[Mismatch]:
    """Every expectation of ``expect`` that ``ticket`` (after the step), the step's
    ``notifications`` and the rules that ``fired`` in it do not meet."""
    out: list[Mismatch] = []
    said = expect.model_fields_set
    for key in ("status", "priority", "type"):
        if key in said and getattr(ticket, key) != getattr(expect, key):
            out.append(_differs(key, getattr(expect, key), getattr(ticket, key)))
    if "group" in said:
        want = account.id_of("groups", expect.group) if expect.group is not None else None
        if ticket.group_id != want:
            got = account.name_of("groups", ticket.group_id) if ticket.group_id else None
            out.append(_differs("group", expect.group, got or ticket.group_id))
    if "custom_status" in said:
        out += _custom_status(expect.custom_status, account, ticket)
    for title, value in expect.fields.items():
        out += _field(title, value, account, options.get(title), ticket)
    if expect.tags is not None:
        out += _tags(expect, ticket)
    if expect.notifications is not None:
        out += _notifications(expect.notifications, ticket, notifications)
    if expect.fired is not None and list(fired) != list(expect.fired):
        out.append(_differs("fired", expect.fired, list(fired)))
    return out


def _differs(path: str, want: Any, got: Any) -> Mismatch:
    return Mismatch(path, f"expected {path} {_show(want)}, got {_show(got)}")


def _show(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return f"`{value}`"


def _custom_status(label: str | None, account: OfflineAccount, ticket: Ticket) -> list[Mismatch]:
    statuses = account.directory.custom_statuses
    if label is None:
        want = None
    else:
        found = [s.id for s in statuses.values() if s.agent_label == label]
        if not found:
            return [Mismatch("custom_status", f"custom status `{label}` is not known here")]
        want = found[0]
    if ticket.custom_status_id == want:
        return []
    got = statuses.get(ticket.custom_status_id) if ticket.custom_status_id else None
    return [_differs("custom_status", label, got.agent_label if got else ticket.custom_status_id)]


def _field(
    title: str,
    value: FieldValue,
    account: OfflineAccount,
    options: dict[str, str] | None,
    ticket: Ticket,
) -> list[Mismatch]:
    got = ticket.custom_fields.get(account.id_of("ticket_fields", title))
    want: Any = value
    if options is not None and isinstance(value, list):
        want = sorted(str(option_tag(options, v)) for v in value)
        got = sorted(got) if isinstance(got, list) else got
    elif options is not None and value is not None:
        want = option_tag(options, value)
    if _same(got, want):
        return []
    return [_differs(f"fields.{title}", want, got)]


def _same(got: Any, want: Any) -> bool:
    if got == want:
        return True
    if got in (None, "", []) and want in (None, "", []):
        return True
    return not isinstance(want, list | bool) and str(got) == str(want)


def _tags(expect: Expect, ticket: Ticket) -> list[Mismatch]:
    assert expect.tags is not None
    have, out = set(ticket.tags), []
    missing = [t for t in expect.tags.include if t not in have]
    if missing:
        out.append(
            Mismatch("tags.include", f"expected tags {_show(missing)} among {_show(ticket.tags)}")
        )
    unwanted = [t for t in expect.tags.exclude if t in have]
    if unwanted:
        out.append(
            Mismatch("tags.exclude", f"expected no tag {_show(unwanted)}, got {_show(ticket.tags)}")
        )
    if expect.tags.exact is not None and set(expect.tags.exact) != have:
        out.append(_differs("tags.exact", sorted(expect.tags.exact), sorted(have)))
    return out


def _recipient(to: str, ticket: Ticket, note: Notification) -> bool:
    if to == "requester":
        return note.user_id == ticket.requester.id or note.to == ticket.requester.email
    if to == "assignee":
        return ticket.assignee_id is not None and note.user_id == ticket.assignee_id
    return note.to.lower() == to.lower()


def _matches(want: NotificationExpect, ticket: Ticket, note: Notification) -> bool:
    if want.to is not None and not _recipient(want.to, ticket, note):
        return False
    if want.subject is not None and note.subject != want.subject:
        return False
    if want.subject_contains is not None and want.subject_contains not in note.subject:
        return False
    body = want.body_contains
    parts = [body] if isinstance(body, str) else body or []
    return all(part in note.body for part in parts)


def _notifications(
    wanted: Sequence[NotificationExpect], ticket: Ticket, sent: Sequence[Notification]
) -> list[Mismatch]:
    if not wanted:
        if not sent:
            return []
        listed = "; ".join(f"{n.to}: {n.subject}" for n in sent)
        return [Mismatch("notifications", f"expected no notification, got {len(sent)}: {listed}")]
    left, out = list(sent), []
    for i, want in enumerate(wanted):
        match = next((n for n in left if _matches(want, ticket, n)), None)
        if match is not None:
            left.remove(match)
            continue
        asked = ", ".join(f"{k} {v!r}" for k, v in want.model_dump(exclude_none=True).items())
        listed = "; ".join(f"{n.to}: {n.subject!r}" for n in sent) or "none"
        out.append(
            Mismatch(f"notifications[{i}]", f"no notification with {asked} (sent: {listed})")
        )
    return out
