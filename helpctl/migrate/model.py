"""The canonical legacy model every migration source yields.

Sources yield :class:`LegacyTicket` objects one at a time (with their comments, and users
referenced by ``source_id``); nothing here holds a whole history in memory. Pure domain.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, Protocol

from helpctl.errors import SourceError
from helpctl.migrate.safe_files import MAX_READ, read_limited

__all__ = [
    "LegacyAttachment",
    "LegacyComment",
    "LegacyTicket",
    "LegacyUser",
    "RoleHint",
    "Source",
]

RoleHint = Literal["end-user", "agent", "admin", "unknown"]


@dataclass
class LegacyUser:
    """A person of the old system. ``email`` may be None (forums often have none)."""

    source_id: str
    name: str
    email: str | None = None
    role: RoleHint = "unknown"
    organization: str | None = None
    deleted: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class LegacyAttachment:
    """A file on a comment; bytes are read lazily from ``path`` (or given inline as ``data``).

    ``problem``: why the source refused the file its record names (a path outside the source's
    folders…); the mapping quarantines the ticket with it. ``read()`` goes through
    :func:`~helpctl.migrate.safe_files.read_limited`: regular files only, never more than
    ``size`` bytes (the size the mapping measured) or :data:`~helpctl.migrate.safe_files.MAX_READ`.
    """

    name: str
    content_type: str = "application/octet-stream"
    size: int | None = None
    path: Path | None = None
    data: bytes | None = None
    url: str | None = None
    problem: str | None = None

    def read(self) -> bytes:
        if self.data is not None:
            return self.data
        if self.path is not None:
            return read_limited(self.path, MAX_READ if self.size is None else self.size)
        raise SourceError(
            f"attachment {self.name!r} has neither data nor a path",
            hint="the source must give an attachment's bytes or a file to read them from",
        )


@dataclass
class LegacyComment:
    """One message of a ticket. ``body`` is text, or HTML when ``html`` is true."""

    source_id: str
    author_id: str | None
    body: str
    created_at: datetime | None
    public: bool = True
    html: bool = False
    attachments: list[LegacyAttachment] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class LegacyTicket:
    """One conversation: a forum thread, a homegrown request, another helpdesk's ticket.

    ``users`` carries the users this ticket references that the source knows about (requester,
    assignee, comment authors), so a streaming runner can upsert them without a global pass.
    ``problems`` lists what a source already knows is wrong with the record (undecodable bytes,
    an unparsable timestamp…): the runner quarantines such records with those reasons.
    ``origin`` says where the record was read (``tickets.jsonl:12``, ``posts.csv lines 3-7``)
    when the source knows it (``migrate review`` shows it beside the record).
    """

    source_id: str
    subject: str
    comments: list[LegacyComment]
    status: str = "closed"
    priority: str | None = None
    topic: str | None = None
    tags: list[str] = field(default_factory=list)
    custom: dict[str, Any] = field(default_factory=dict)
    requester_id: str | None = None
    assignee_id: str | None = None
    group: str | None = None
    brand: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    solved_at: datetime | None = None
    users: dict[str, LegacyUser] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    origin: str | None = None


class Source(Protocol):
    """A legacy system, read as a stream of tickets.

    ``kind`` is the name used in mapping files (``stackexchange``); ``tickets()`` yields every
    ticket in a stable order; ``count()`` may return None when counting would mean reading twice.
    """

    kind: str

    def tickets(self) -> Iterator[LegacyTicket]: ...

    def count(self) -> int | None: ...
