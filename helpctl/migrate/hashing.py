"""Content hashes of mapped records, as the ledger stores them.

A delta run compares a record's hash now with the one recorded when it was sent, so the hash
covers everything that would be sent (subject, status, people, tags, fields, timestamps, every
comment and its attachments' names, sizes and types). It is computed for every record of every
run, so it is built by hand rather than through ``dataclasses.asdict`` (which deep-copies, at
about a millisecond per ticket: the whole budget of a 1,000 tickets/s run).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from helpctl.migrate.mapped import MappedTicket, MappedUser

__all__ = ["ticket_hash", "user_hash"]


def _when(value: Any) -> str | None:
    return None if value is None else str(value)


def ticket_hash(t: MappedTicket) -> str:
    """A SHA-256 of everything :class:`MappedTicket` would send (see the module docstring)."""
    comments = [
        [c.author, c.body, c.html, c.public, _when(c.created_at), c.source_id,
         [[a.name, a.size, a.content_type] for a in c.attachments]]
        for c in t.comments
    ]  # fmt: skip
    users = sorted([k, u.name, u.external_id, u.email, u.role] for k, u in t.users.items())
    doc = [
        t.source_id, t.external_id, t.subject, t.status, t.requester, t.priority, t.assignee,
        t.group, t.brand, t.tags, sorted(t.fields.items()), _when(t.created_at),
        _when(t.updated_at), _when(t.solved_at), t.archive, t.topic, users, comments,
    ]  # fmt: skip
    text = json.dumps(doc, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def user_hash(user: MappedUser) -> str:
    """What a user upsert sends; a changed user is upserted again."""
    text = "\x1f".join([user.name, user.email or "", user.external_id or "", user.role])
    return hashlib.sha1(text.encode()).hexdigest()
