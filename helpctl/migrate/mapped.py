"""What the mapping produces from a legacy ticket: a target-shaped record, still by names.

This is the contract between :mod:`helpctl.migrate.mapping` (legacy → mapped, pure) and the
runner, whose :class:`~helpctl.migrate.target.ImportTarget` turns mapped records into import
documents, resolving users, fields, brands and groups to ids on the target. Pure domain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from helpctl.migrate.model import LegacyAttachment

__all__ = ["MappedComment", "MappedTicket", "MappedUser", "Quarantined"]


@dataclass
class MappedUser:
    """A user to upsert on the target. ``key`` is the legacy source id (or the placeholder key
    for missing authors); ``external_id`` and/or ``email`` are the upsert keys."""

    key: str
    name: str
    external_id: str | None
    email: str | None
    role: Literal["end-user", "agent", "admin"] = "end-user"


@dataclass
class MappedComment:
    author: str  # a MappedUser.key
    body: str
    html: bool
    public: bool
    created_at: datetime
    attachments: list[LegacyAttachment] = field(default_factory=list)
    source_id: str = ""


@dataclass
class MappedTicket:
    """A ticket ready to import, with references by name/key (resolved by the runner).

    ``fields`` maps a ticket field title to its value (an option value for dropdowns);
    ``archive`` asks for ``archive_immediately`` (closed history). Its content hash (what a
    delta run compares) is :func:`helpctl.migrate.hashing.ticket_hash`.
    """

    source_id: str
    external_id: str
    subject: str
    status: str
    requester: str  # a MappedUser.key
    comments: list[MappedComment]
    users: dict[str, MappedUser]
    priority: str | None = None
    assignee: str | None = None
    group: str | None = None
    brand: str | None = None
    tags: list[str] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    solved_at: datetime | None = None
    archive: bool = False
    topic: str | None = None


@dataclass
class Quarantined:
    """A legacy record that cannot be imported, with every reason found."""

    source_id: str
    reasons: list[str]
