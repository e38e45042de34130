"""The values the rule engine works on: a ticket, its people, a comment, and an update.

Ids are integers and field names are Zendesk's, so a sandbox ticket row or a scenario maps onto
them one to one. Values are plain dataclasses; the engine never mutates what it is given (it
works on :meth:`Ticket.copy`).

Pure domain: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from typing import Any

from helpctl.rules.errors import NotSettable

__all__ = [
    "EPOCH",
    "PRIORITY_ORDER",
    "STATUS_ORDER",
    "Comment",
    "Organization",
    "Ticket",
    "Update",
    "User",
]

#: Status and priority order for ``less_than`` / ``greater_than`` (reference part 1 §10).
STATUS_ORDER: dict[str, int] = {
    "new": 0,
    "open": 1,
    "pending": 2,
    "hold": 3,
    "solved": 4,
    "closed": 5,
}
PRIORITY_ORDER: dict[str, int] = {"low": 1, "normal": 2, "high": 3, "urgent": 4}

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(slots=True)
class User:
    """A requester, assignee or actor. ``role`` is ``end-user``, ``agent`` or ``admin``;
    ``user_fields`` holds user field values by field key (as ``user.user_fields``)."""

    id: int
    name: str = ""
    email: str = ""
    locale: str = "en-US"
    locale_id: int | None = None
    role: str = "end-user"
    time_zone: str = ""
    organization_id: int | None = None
    user_fields: dict[str, Any] = field(default_factory=dict)

    @property
    def first_name(self) -> str:
        return self.name.split(" ", 1)[0] if self.name else ""

    @property
    def last_name(self) -> str:
        parts = self.name.split(" ", 1)
        return parts[1] if len(parts) > 1 else ""

    @property
    def is_agent(self) -> bool:
        return self.role in ("agent", "admin")


@dataclass(slots=True)
class Organization:
    """An organization with its field values by key (as ``organization.organization_fields``)."""

    id: int
    name: str = ""
    organization_fields: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Comment:
    """One comment; ``author_id`` None means the requester (a ticket's first comment)."""

    body: str
    public: bool = True
    author_id: int | None = None
    created_at: datetime | None = None


@dataclass(slots=True)
class Ticket:
    """A ticket as rules see it.

    ``custom_fields`` maps a ticket field id to its value as the API carries it (the option tag
    of a dropdown, a list of tags for a multiselect, a bool for a checkbox). ``status_changed_at``
    is when the current status was set (automations' hours since open/pending/solved…). The
    metrics (``reopens``, ``replies``, ``assignee_stations``, ``group_stations``) and
    ``incidents`` (of a problem ticket) are counts Zendesk keeps per ticket.
    """

    id: int = 0
    subject: str = ""
    description: str = ""
    status: str = "new"
    custom_status_id: int | None = None
    priority: str | None = None
    type: str | None = None
    group_id: int | None = None
    assignee_id: int | None = None
    requester: User = field(default_factory=lambda: User(id=0))
    organization: Organization | None = None
    brand_id: int | None = None
    ticket_form_id: int | None = None
    tags: list[str] = field(default_factory=list)
    custom_fields: dict[int, Any] = field(default_factory=dict)
    via_id: int = 0
    recipient: str | None = None
    is_public: bool = True
    schedule_id: int | None = None
    locale_id: int | None = None
    created_at: datetime = EPOCH
    updated_at: datetime = EPOCH
    status_changed_at: datetime | None = None
    solved_at: datetime | None = None
    assigned_at: datetime | None = None
    requester_updated_at: datetime | None = None
    assignee_updated_at: datetime | None = None
    due_at: datetime | None = None
    comments: list[Comment] = field(default_factory=list)
    followers: list[int] = field(default_factory=list)
    cc_ids: list[int] = field(default_factory=list)
    sharing_agreement_ids: list[int] = field(default_factory=list)
    satisfaction_score: str | None = None
    reopens: int = 0
    replies: int = 0
    assignee_stations: int = 0
    group_stations: int = 0
    incidents: int = 0

    @property
    def requester_id(self) -> int:
        return self.requester.id

    @property
    def organization_id(self) -> int | None:
        return self.organization.id if self.organization else None

    def copy(self) -> Ticket:
        """A copy whose lists, dicts and people can be changed without touching this one."""
        out: Ticket = _copy_ticket(self)
        requester = out.requester = _copy_user(self.requester)
        requester.user_fields = dict(requester.user_fields)
        if self.organization is not None:
            org = out.organization = replace(self.organization)
            org.organization_fields = dict(org.organization_fields)
        out.tags = list(self.tags)
        out.custom_fields = dict(self.custom_fields)
        out.comments = list(self.comments)
        out.followers = list(self.followers)
        out.cc_ids = list(self.cc_ids)
        out.sharing_agreement_ids = list(self.sharing_agreement_ids)
        return out


def _shallow_copier(cls: type[Any]) -> Any:
    """A function copying every field of the slots dataclass ``cls`` (shallow). Generated once,
    as :mod:`dataclasses` generates ``__init__``: the engine copies a ticket per update and per
    automation hour, and :func:`dataclasses.replace` costs twenty times as much."""
    names = [f.name for f in fields(cls)]
    body = "".join(f"    out.{name} = src.{name}\n" for name in names)
    source = (
        f"def copy(src, new=object.__new__, cls=cls):\n    out = new(cls)\n{body}    return out\n"
    )
    scope: dict[str, Any] = {"cls": cls}
    exec(source, scope)  # field names of our own dataclass, nothing from outside
    return scope["copy"]


_copy_ticket = _shallow_copier(Ticket)
_copy_user = _shallow_copier(User)


@dataclass(slots=True)
class Update:
    """One ticket create or update, as triggers see it.

    ``ticket`` is the state after the change the user (or API client) made, before triggers;
    ``previous`` the state before it (None for a create: every field counts as changed from
    empty). ``comment`` is the comment added by this update, ``current_user`` who made it (None:
    the system), ``via_id`` the channel of this update (``current_via_id``), ``at`` its time.
    """

    ticket: Ticket
    previous: Ticket | None = None
    comment: Comment | None = None
    current_user: User | None = None
    via_id: int = 0
    at: datetime = EPOCH

    @property
    def update_type(self) -> str:
        return "Create" if self.previous is None else "Change"

    @classmethod
    def create(
        cls,
        ticket: Ticket,
        *,
        comment: Comment | None = None,
        current_user: User | None = None,
        at: datetime | None = None,
    ) -> Update:
        """A create: the first comment defaults to the description, by the requester."""
        when = at or ticket.created_at
        first = comment or Comment(ticket.description, True, ticket.requester.id, when)
        return cls(
            ticket=ticket,
            comment=first if first.body else None,
            current_user=current_user or ticket.requester,
            via_id=ticket.via_id,
            at=when,
        )

    @classmethod
    def change(
        cls,
        before: Ticket,
        *,
        comment: Comment | None = None,
        current_user: User | None = None,
        via_id: int = 0,
        at: datetime | None = None,
        **changes: Any,
    ) -> Update:
        """An update of ``before`` setting ``changes`` (ticket attribute names) and adding
        ``comment``; the returned update's ``ticket`` is a new object."""
        after = before.copy()
        for key, value in changes.items():
            if not hasattr(after, key) or key in ("requester_id", "organization_id"):
                raise NotSettable(f"a ticket has no settable attribute `{key}`")
            setattr(after, key, value)
        when = at or before.updated_at
        after.updated_at = when
        if comment is not None:
            after.comments.append(comment)
        return cls(after, before, comment, current_user, via_id, when)
