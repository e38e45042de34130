"""Roles decided across the whole source, without holding the source in memory.

A person who is staff anywhere in the source is an agent on the target, although the source
reveals it one ticket at a time (an assignee here, a reporter there). Roles therefore only ever
go *up* as evidence arrives: within a batch the strongest role seen for a user wins, and the
ledger remembers each user's highest role so far, so a later batch that sees the same person
as a plain reporter does not demote them. A user whose role is raised is upserted again (its
upsert hash changes), so the target follows the evidence. Pure domain.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from helpctl.migrate.mapped import MappedTicket, MappedUser

__all__ = ["RANK", "highest", "merge_users", "raise_to_known"]

#: The order roles are raised in (an admin stays an admin).
RANK: dict[str, int] = {"end-user": 0, "agent": 1, "admin": 2}


def highest(a: str, b: str | None) -> str:
    """The stronger of two roles (``b`` may be unknown: None or empty)."""
    return b if b and RANK.get(b, 0) > RANK.get(a, 0) else a


def merge_users(tickets: Iterable[MappedTicket]) -> dict[str, MappedUser]:
    """Every user the tickets reference, each with the strongest role any ticket gives it."""
    users: dict[str, MappedUser] = {}
    for t in tickets:
        for key, user in t.users.items():
            seen = users.get(key)
            if seen is None or RANK.get(user.role, 0) > RANK.get(seen.role, 0):
                users[key] = user
    return users


def raise_to_known(
    users: Mapping[str, MappedUser], known: Mapping[str, str]
) -> dict[str, MappedUser]:
    """``users`` with each role raised to the highest the ledger remembers (never lowered)."""
    out: dict[str, MappedUser] = {}
    for key, user in users.items():
        role = highest(user.role, known.get(key))
        out[key] = user if role == user.role else replace(user, role=role)  # type: ignore[arg-type]
    return out
