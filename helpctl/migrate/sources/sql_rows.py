"""Turning SQL result rows into the canonical model: the column conventions of the ``sql`` source.

Queries alias their columns to these names (``SELECT t.ref AS source_id, …``); any other column
is kept (``custom`` on tickets, ``extra`` on comments and users).

- tickets: ``source_id`` (or ``id``), ``subject``, ``status``, ``priority``, ``topic``, ``tags``
  (a JSON list or comma-separated text), ``requester_id``, ``assignee_id``, ``group``, ``brand``,
  ``created_at``, ``updated_at``, ``solved_at``.
- messages: ``source_id`` (or ``id``), ``ticket_id``, ``author_id``, ``body``, ``html``,
  ``public`` (or ``is_public``, or ``private``/``is_private``), ``created_at``.
- users: ``source_id`` (or ``id``), ``name``, ``email``, ``role`` (kept as the source role, and a
  role hint when it is agent/admin/staff/end-user/customer), ``is_staff``, ``organization``,
  ``deleted``.
- attachments: ``message_id``, ``name``, ``content_type``, ``size``, ``path`` (relative to
  ``attachments_dir``), ``url``, ``data`` (bytes).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from helpctl.migrate.model import LegacyAttachment, LegacyComment, LegacyUser, RoleHint
from helpctl.migrate.safe_files import Confinement
from helpctl.migrate.sources.text import clean, parse_bool
from helpctl.migrate.timestamps import TimestampRule

__all__ = ["COLUMNS", "RowReader"]

#: query → the columns this source reads from its rows (queries alias theirs to these names);
#: any other column of a tickets, messages or users row is kept (``custom`` / ``extra``).
COLUMNS: dict[str, tuple[str, ...]] = {
    "tickets": ("source_id", "id", "subject", "status", "priority", "topic", "tags",
                "requester_id", "assignee_id", "group", "brand", "created_at", "updated_at",
                "solved_at"),
    "messages": ("source_id", "id", "ticket_id", "author_id", "body", "html", "public",
                 "is_public", "private", "is_private", "created_at"),
    "users": ("source_id", "id", "name", "email", "role", "is_staff", "organization", "deleted"),
    "attachments": ("message_id", "name", "content_type", "size", "path", "url", "data"),
}  # fmt: skip
_TICKET_COLUMNS = frozenset(COLUMNS["tickets"])
_COMMENT_COLUMNS = frozenset(COLUMNS["messages"])
_USER_COLUMNS = frozenset(COLUMNS["users"])
_ROLES: dict[str, RoleHint] = {
    "agent": "agent",
    "staff": "agent",
    "admin": "admin",
    "end-user": "end-user",
    "end_user": "end-user",
    "customer": "end-user",
}


def key_of(row: Mapping[str, Any]) -> str:
    value = row.get("source_id", row.get("id"))
    return "" if value is None else str(value)


def _opt(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


class RowReader:
    """Builds model objects from row mappings, noting problems (bad timestamps, bad bytes)."""

    def __init__(self, attachments_dir: Path, allow_outside: bool = False) -> None:
        self.attachments_dir = attachments_dir
        self.files = Confinement.of([attachments_dir], allow_outside)
        self.times = TimestampRule()

    def text(self, value: Any, what: str, problems: list[str]) -> str:
        if value is None:
            return ""
        if isinstance(value, bytes):
            value = value.decode("utf-8", "surrogateescape")
        text, bad = clean(str(value))
        if bad:
            problems.append(f"undecodable bytes in {what}")
        return text

    def time(self, value: Any, what: str, problems: list[str]) -> Any:
        if value in (None, ""):
            return None
        parsed, problem = self.times.parse(value)
        if problem is not None:
            problems.append(self.times.reason(problem, value, what))
        return parsed

    def ticket_fields(self, row: Mapping[str, Any], problems: list[str]) -> dict[str, Any]:
        sid = key_of(row)
        return {
            "source_id": sid,
            "subject": self.text(row.get("subject"), f"ticket {sid} subject", problems),
            "status": str(row.get("status") or "closed"),
            "priority": _opt(row.get("priority")),
            "topic": _opt(row.get("topic")),
            "tags": parse_tags(row.get("tags")),
            "requester_id": _opt(row.get("requester_id")),
            "assignee_id": _opt(row.get("assignee_id")),
            "group": _opt(row.get("group")),
            "brand": _opt(row.get("brand")),
            "created_at": self.time(row.get("created_at"), f"ticket {sid}", problems),
            "updated_at": self.time(row.get("updated_at"), f"ticket {sid}", problems),
            "solved_at": self.time(row.get("solved_at"), f"ticket {sid}", problems),
            "custom": {k: v for k, v in row.items() if k not in _TICKET_COLUMNS},
        }

    def comment(self, row: Mapping[str, Any], problems: list[str]) -> LegacyComment:
        sid = key_of(row)
        if "public" in row or "is_public" in row:
            public = parse_bool(row.get("public", row.get("is_public")), True)
        else:
            public = not parse_bool(row.get("private", row.get("is_private")), False)
        return LegacyComment(
            source_id=sid,
            author_id=_opt(row.get("author_id")),
            body=self.text(row.get("body"), f"message {sid}", problems),
            created_at=self.time(row.get("created_at"), f"message {sid}", problems),
            public=public,
            html=parse_bool(row.get("html"), False),
            extra={k: v for k, v in row.items() if k not in _COMMENT_COLUMNS},
        )

    def user(self, row: Mapping[str, Any]) -> LegacyUser:
        sid = key_of(row)
        role = str(row.get("role") or "")
        hint: RoleHint = _ROLES.get(role.lower(), "unknown")
        if parse_bool(row.get("is_staff"), False) and hint not in ("agent", "admin"):
            hint = "agent"
        extra = {k: v for k, v in row.items() if k not in _USER_COLUMNS}
        extra["source_role"] = role
        name, _ = clean(str(row.get("name") or ""))
        return LegacyUser(
            source_id=sid,
            name=name,
            email=_opt(row.get("email")),
            role=hint,
            organization=_opt(row.get("organization")),
            deleted=parse_bool(row.get("deleted"), False),
            extra=extra,
        )

    def attachment(self, row: Mapping[str, Any]) -> LegacyAttachment:
        data = row.get("data")
        raw_path = row.get("path")
        path, problem = self.files.locate(raw_path) if raw_path else (None, None)
        # a declared size is never trusted: the bytes' own length, a file's is measured later
        declared = row.get("size")
        size = len(data) if data is not None else None
        if size is None and path is None and type(declared) is int:
            size = declared  # a linked file's size, which decides on_too_large
        return LegacyAttachment(
            name=str(row.get("name") or "attachment"),
            content_type=str(row.get("content_type") or "application/octet-stream"),
            size=size,
            path=path,
            data=bytes(data) if data is not None else None,
            url=_opt(row.get("url")),
            problem=problem,
        )


def parse_tags(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    text = str(value).strip()
    if text.startswith("["):
        try:
            loaded = json.loads(text)
        except ValueError:
            loaded = None
        if isinstance(loaded, list):
            return [str(v) for v in loaded]
    return [t for t in (p.strip() for p in text.replace(",", " ").split()) if t]
