"""Mapping one legacy ticket, checking it as it goes: every reason to refuse it is collected.

A :class:`TicketBuilder` lives for one ticket. It resolves authors (deleted or unknown ones to
the placeholder when configured), converts bodies, applies the attachment limit, maps status,
priority, tags, fields, group and brand, and returns a :class:`Quarantined` record instead when
anything is wrong: missing subject, empty body, unknown author, invalid or future timestamp,
attachment over the limit, undecodable bytes reported by the source.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any, Protocol

from helpctl.migrate.deleted_users import stand_in
from helpctl.migrate.mapped import MappedComment, MappedTicket, MappedUser, Quarantined
from helpctl.migrate.mapping_rules import Lookup, Template
from helpctl.migrate.mapping_spec import MappingSpec
from helpctl.migrate.model import LegacyAttachment, LegacyComment, LegacyTicket, LegacyUser
from helpctl.migrate.safe_files import UnsafeFile, measure
from helpctl.migrate.values import html_to_text, parse_bool

__all__ = ["MappingRules", "TicketBuilder"]

_SUBJECT_MAX = 150


def normalize_tag(tag: str) -> str:
    """Zendesk tags are single lower-case words: spaces would split one tag into several."""
    return "_".join(tag.strip().lower().split())


class MappingRules(Protocol):
    """What a :class:`TicketBuilder` reads of its :class:`~helpctl.migrate.mapping.Mapping`
    (a protocol, so this module does not import the mapping that imports it)."""

    @property
    def spec(self) -> MappingSpec: ...

    @property
    def placeholder(self) -> MappedUser | None: ...

    @property
    def future_limit(self) -> datetime: ...

    def map_user(self, user: LegacyUser) -> MappedUser: ...


class TicketBuilder:
    """Maps one ticket; see the module docstring."""

    def __init__(self, mapping: MappingRules, ticket: LegacyTicket) -> None:
        self.mapping = mapping
        self.spec = mapping.spec
        self.ticket = ticket
        self.reasons: list[str] = list(ticket.problems)
        self.users: dict[str, MappedUser] = {}

    def build(self) -> MappedTicket | Quarantined:
        t = self.ticket
        comments = self.comments()
        requester = self.author(t.requester_id if t.requester_id else _first_author(t))
        subject = self.subject(comments)
        created = t.created_at or (comments[0].created_at if comments else None)
        if created is None and not self.reasons:
            self.reasons.append("invalid timestamp: the ticket has no creation time")
        status = self.status()
        if self.reasons or requester is None or created is None:
            return Quarantined(t.source_id, self.reasons)
        fields = {
            name: v
            for name, rule in self.spec.tickets.fields.items()
            if (v := rule.resolve(t)) is not None
        }
        return MappedTicket(
            source_id=t.source_id,
            external_id=self.spec.tickets.external_id.render(t),
            subject=subject,
            status=status,
            requester=requester,
            comments=comments,
            users=self.users,
            priority=self.priority(),
            assignee=self.assignee(),
            group=_pick(self.spec.tickets.group, t, t.group),
            brand=_pick(self.spec.tickets.brand, t, t.brand),
            tags=self.tags(),
            fields=fields,
            created_at=created,
            updated_at=t.updated_at,
            solved_at=t.solved_at,
            archive=self.spec.tickets.archive_closed and status == "closed",
            topic=t.topic,
        )

    def author(self, source_id: str | None) -> str | None:
        """The user key for an author: the user; a deleted one's stand-in keeping their name
        (:mod:`.deleted_users`); the placeholder for unknown ones."""
        if source_id is not None and source_id in self.users:
            return source_id
        user = self.ticket.users.get(source_id) if source_id is not None else None
        if user is not None and not user.deleted:
            self.users[user.source_id] = self.mapping.map_user(user)
            return user.source_id
        placeholder = self.mapping.placeholder
        kept = stand_in(placeholder, user) if placeholder and user is not None else None
        if kept is not None:  # a deleted user the source still names keeps that name
            self.users[kept.key] = kept
            return kept.key
        if placeholder is not None:
            self.users[placeholder.key] = placeholder
            return placeholder.key
        if user is not None:  # deleted, but no placeholder configured: keep the person
            self.users[user.source_id] = self.mapping.map_user(user)
            return user.source_id
        self.reasons.append(
            f"unknown author {source_id!r} (not among the source's users; "
            "configure users.missing_author to import such records)"
            if source_id is not None
            else "unknown author: a message has no author (configure users.missing_author)"
        )
        return None

    def comments(self) -> list[MappedComment]:
        out: list[MappedComment] = []
        content = False
        for c in self.ticket.comments:
            body, html = self.body(c)
            attachments = self.attachments(c)
            if not body.strip() and not attachments:
                continue
            content = True
            author = self.author(c.author_id)
            created = c.created_at
            if created is None:
                if not self.ticket.problems:  # a source that saw the bad value already said so
                    self.reasons.append(f"invalid timestamp on comment {c.source_id}")
            elif created > self.mapping.future_limit:
                self.reasons.append(
                    f"comment {c.source_id} is dated in the future ({created.isoformat()})"
                )
            if author is None or created is None:
                continue
            out.append(
                MappedComment(author, body, html, self.public(c), created, attachments, c.source_id)
            )
        if not content:
            self.reasons.append("empty body: no comment has any content")
        return out

    def body(self, c: LegacyComment) -> tuple[str, bool]:
        if c.html and self.spec.comments.body == "text":
            return html_to_text(c.body), False
        return c.body, c.html

    def public(self, c: LegacyComment) -> bool:
        rules = self.spec.comments
        if rules.public_from is None:
            return rules.public_default
        if rules.public_from in ("public", "is_public"):
            return c.public
        return parse_bool(c.extra.get(rules.public_from), rules.public_default)

    def attachments(self, c: LegacyComment) -> list[LegacyAttachment]:
        if not c.attachments:
            return c.attachments
        limit = self.spec.attachments.max_bytes
        keep: list[LegacyAttachment] = []
        for a in map(self._measured, c.attachments):
            if a.problem is not None:
                self.reasons.append(f"comment {c.source_id}: {a.problem}")
                continue
            size = a.size if a.size is not None else (len(a.data) if a.data is not None else None)
            if size is None or size <= limit:
                keep.append(a)
            elif self.spec.attachments.on_too_large == "quarantine":
                self.reasons.append(
                    f"attachment {a.name!r} on comment {c.source_id} is over the limit "
                    f"({size} > {limit} bytes)"
                )
            elif self.spec.attachments.on_too_large == "link":
                keep.append(LegacyAttachment(a.name, a.content_type, size, url=a.url))
        return keep

    @staticmethod
    def _measured(a: LegacyAttachment) -> LegacyAttachment:
        """A file's size measured on the file itself (a declared size is never trusted); a
        file that cannot be read safely carries the reason as its ``problem``."""
        if a.problem is not None or a.data is not None or a.path is None:
            return a
        try:
            return replace(a, size=measure(a.path))
        except UnsafeFile as exc:
            return replace(a, problem=str(exc))

    def subject(self, comments: list[MappedComment]) -> str:
        subject = self.ticket.subject.strip()
        if subject:
            return subject
        if self.spec.tickets.subject_fallback == "first_line" and comments:
            body = comments[0].body
            text = html_to_text(body) if comments[0].html else body
            line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
            if line:
                return line if len(line) <= _SUBJECT_MAX else line[: _SUBJECT_MAX - 1] + "…"
        self.reasons.append(
            "missing subject (configure tickets.subject_fallback: first_line to derive one)"
        )
        return ""

    def status(self) -> str:
        rules = self.spec.tickets
        raw = (self.ticket.status or "").strip().lower()
        if not rules.status and rules.status_default is None:
            return (
                raw if raw in ("new", "open", "pending", "hold", "solved", "closed") else "closed"
            )
        mapped = rules.status.get(raw, rules.status_default)
        if mapped is None:
            self.reasons.append(f"status {raw!r} is not in tickets.status and there is no default")
            return "closed"
        return mapped

    def priority(self) -> str | None:
        rules = self.spec.tickets
        raw = (self.ticket.priority or "").strip().lower()
        if not rules.priority and rules.priority_default is None:
            return raw if raw in ("low", "normal", "high", "urgent") else None
        return rules.priority.get(raw, rules.priority_default)

    def assignee(self) -> str | None:
        source_id = self.ticket.assignee_id
        user = self.ticket.users.get(source_id) if source_id else None
        if user is None or user.deleted:
            return None
        mapped = self.users.get(user.source_id) or self.mapping.map_user(user)
        if mapped.role == "end-user":
            return None
        self.users[mapped.key] = mapped
        return mapped.key

    def tags(self) -> list[str]:
        out: dict[str, None] = {}
        for rule in self.spec.tickets.tags:
            if isinstance(rule, Template):
                values: Any = rule.render(self.ticket)
            else:
                values = rule.resolve(self.ticket)
            for v in [values] if isinstance(values, str) else values or ():
                tag = normalize_tag(str(v))
                if tag:
                    out[tag] = None
        for v in self.ticket.tags:
            tag = normalize_tag(v)
            if tag:
                out[tag] = None
        return list(out)


def _pick(rule: Lookup | None, ticket: LegacyTicket, fallback: str | None) -> str | None:
    value = rule.resolve(ticket) if rule is not None else None
    return fallback if value is None else str(value)


def _first_author(ticket: LegacyTicket) -> str | None:
    return ticket.comments[0].author_id if ticket.comments else None
