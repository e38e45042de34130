"""``zendesk``: another Zendesk account, read through the incremental ticket export.

::

    source: {kind: zendesk, instance: old-account, start_time: 0}

Consolidating instances: tickets come from ``incremental/tickets/cursor`` (archived ones too;
deleted ones are skipped), each with its comments (``tickets/{id}/comments``); the users a page
references are fetched with ``users/show_many`` (100 ids per request); group, brand and ticket
field ids are translated to names once, so the mapping reads ``group``, ``brand`` and
``custom.<field title>`` as for any other source. After a full read :attr:`after_cursor` holds
the cursor a later delta run can resume from.

The HTTP client is not created here: ``open_source`` receives ``client_factory(spec)`` from the
caller (the CLI, which knows the project's instances and their credentials), and only needs its
``get`` and ``iter_items`` methods, so tests pass a fake and nothing here imports httpx.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from helpctl.errors import SourceError
from helpctl.migrate.model import (
    LegacyAttachment,
    LegacyComment,
    LegacyTicket,
    LegacyUser,
    RoleHint,
)
from helpctl.migrate.sources.text import parse_time

__all__ = ["OPTIONS", "ZendeskLike", "ZendeskSource", "check", "open_source"]

OPTIONS = {"instance": True, "start_time": False, "per_page": False}
_ROLES: dict[str, RoleHint] = {"end-user": "end-user", "agent": "agent", "admin": "admin"}


class ZendeskLike(Protocol):
    """The two calls of :class:`helpctl.zendesk.client.ZendeskClient` this source uses."""

    def get(self, path: str, params: Mapping[str, Any] | None = None) -> Any: ...

    def iter_items(
        self, path: str, key: str, *, pagination: Any = "cursor", params: Any = None
    ) -> Iterator[dict[str, Any]]: ...


def check(spec: dict[str, Any]) -> list[tuple[str, str, str]]:
    start = spec.get("start_time", 0)
    if not isinstance(start, int) and parse_time(start) is None:
        return [("start_time", "start_time is unix seconds or an ISO date", "e.g. 2020-01-01")]
    return []


def open_source(
    spec: dict[str, Any], _base_dir: Path, client_factory: Callable[..., Any] | None
) -> ZendeskSource:
    if client_factory is None:
        raise SourceError(
            "the zendesk source needs a connection to the old account",
            hint="run it through `helpctl migrate`, which connects to the instance named in source",
        )
    start = spec.get("start_time", 0)
    if not isinstance(start, int):
        parsed = parse_time(start)
        start = int(parsed.timestamp()) if parsed else 0
    return ZendeskSource(
        client_factory(spec), start_time=start, per_page=int(spec.get("per_page", 1000))
    )


class ZendeskSource:
    """Tickets of another account; see the module docstring."""

    kind = "zendesk"

    def __init__(self, client: ZendeskLike, *, start_time: int = 0, per_page: int = 1000) -> None:
        self.client = client
        self.start_time = start_time
        self.per_page = per_page
        self.after_cursor: str | None = None
        self._names: dict[str, dict[str, str]] | None = None

    def count(self) -> int | None:
        return None  # the export has no total; reading it to count would cost its rate limit twice

    def names(self) -> dict[str, dict[str, str]]:
        """id → name for groups, brands and ticket fields, read once."""
        if self._names is None:
            lists = (("groups", "name"), ("brands", "name"), ("ticket_fields", "title"))
            self._names = {
                kind: {
                    str(o["id"]): str(o.get(attr, "")) for o in self.client.iter_items(kind, kind)
                }
                for kind, attr in lists
            }
        return self._names

    def pages(self) -> Iterator[list[dict[str, Any]]]:
        params: dict[str, Any] = {"start_time": self.start_time, "per_page": self.per_page}
        while True:
            body = self.client.get("incremental/tickets/cursor", params=params)
            yield list(body.get("tickets") or [])
            self.after_cursor = body.get("after_cursor") or self.after_cursor
            if body.get("end_of_stream") or not body.get("after_cursor"):
                return
            params = {"cursor": body["after_cursor"], "per_page": self.per_page}

    def tickets(self) -> Iterator[LegacyTicket]:
        for page in self.pages():
            live = [t for t in page if t.get("status") != "deleted"]
            comments = {
                t["id"]: list(self.client.iter_items(f"tickets/{t['id']}/comments", "comments"))
                for t in live
            }
            ids = {t.get(k) for t in live for k in ("requester_id", "assignee_id", "submitter_id")}
            ids |= {c.get("author_id") for cs in comments.values() for c in cs}
            users = self._users({i for i in ids if i is not None})
            for t in live:
                yield self._ticket(t, comments[t["id"]], users)

    def _users(self, ids: set[Any]) -> dict[str, LegacyUser]:
        out: dict[str, LegacyUser] = {}
        ordered = sorted(ids, key=str)
        for i in range(0, len(ordered), 100):
            chunk = ",".join(str(x) for x in ordered[i : i + 100])
            body = self.client.get("users/show_many", params={"ids": chunk})
            for u in body.get("users") or []:
                key = str(u["id"])
                user = LegacyUser(key, str(u.get("name") or ""), u.get("email"))
                user.role = _ROLES.get(str(u.get("role")), "unknown")
                user.deleted = not u.get("active", True)
                out[key] = user
        return out

    def _ticket(
        self, t: dict[str, Any], comments: list[dict[str, Any]], users: dict[str, LegacyUser]
    ) -> LegacyTicket:
        names = self.names()
        problems: list[str] = []
        fields = names["ticket_fields"]
        custom = {
            fields.get(str(f["id"]), str(f["id"])): f.get("value")
            for f in t.get("custom_fields") or []
            if f.get("value") is not None
        }
        legacy = [self._comment(c, problems) for c in comments]
        wanted = {
            str(t.get("requester_id")),
            str(t.get("assignee_id")),
            *(c.author_id for c in legacy),
        }
        return LegacyTicket(
            source_id=str(t["id"]),
            subject=str(t.get("subject") or t.get("raw_subject") or ""),
            comments=legacy,
            status=str(t.get("status") or "closed"),
            priority=t.get("priority"),
            tags=[str(x) for x in t.get("tags") or []],
            custom=custom,
            requester_id=_opt(t.get("requester_id")),
            assignee_id=_opt(t.get("assignee_id")),
            group=names["groups"].get(str(t.get("group_id"))),
            brand=names["brands"].get(str(t.get("brand_id"))),
            created_at=_time(t.get("created_at"), problems),
            updated_at=_time(t.get("updated_at"), problems),
            users={k: users[k] for k in wanted if k in users},
            problems=problems,
        )

    def _comment(self, c: dict[str, Any], problems: list[str]) -> LegacyComment:
        html = c.get("html_body")
        files = [_attachment(a) for a in c.get("attachments") or []]
        return LegacyComment(
            source_id=str(c["id"]),
            author_id=_opt(c.get("author_id")),
            body=str(html if html else c.get("body") or ""),
            created_at=_time(c.get("created_at"), problems),
            public=bool(c.get("public", True)),
            html=bool(html),
            attachments=files,
        )


def _attachment(a: dict[str, Any]) -> LegacyAttachment:
    name = str(a.get("file_name") or "attachment")
    kind = str(a.get("content_type") or "application/octet-stream")
    return LegacyAttachment(name, kind, a.get("size"), url=a.get("content_url"))


def _opt(value: Any) -> str | None:
    return None if value is None else str(value)


def _time(value: Any, problems: list[str]) -> datetime | None:
    parsed = parse_time(value)
    if parsed is None and value is not None:
        problems.append(f"invalid timestamp {value!r}")
    return parsed
