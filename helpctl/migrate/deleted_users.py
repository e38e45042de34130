"""Deleted users keep their display name on the target.

Old systems keep a deleted person's name on their messages but no way to reach them. When the
mapping has ``users.missing_author`` (the placeholder), a deleted user *whose name the source
still knows* becomes a stand-in of their own rather than the one shared placeholder: an end user
named exactly as the source shows them, whose upsert keys are the placeholder's with a short
hash of the person's source id (``former-user@example.invalid`` →
``former-user-3f2a9c1d0b@example.invalid``; external id ``<placeholder's>-3f2a9c1d0b``, or
``deleted-3f2a9c1d0b``). The hash is stable, so every message of one person lands on one
stand-in across runs, and no real address is ever written. Authors the source knows nothing
about (no user record, or no name) still map to the shared placeholder. Pure domain.
"""

from __future__ import annotations

import hashlib

from helpctl.migrate.mapped import MappedUser
from helpctl.migrate.model import LegacyUser

__all__ = ["STAND_IN_PREFIX", "stand_in"]

#: The user key of a deleted user's stand-in is this prefix and the person's source id.
STAND_IN_PREFIX = "deleted:"


def stand_in(placeholder: MappedUser, user: LegacyUser) -> MappedUser | None:
    """The stand-in of a deleted ``user`` (None when the source lost their name too)."""
    name = user.name.strip()
    if not name:
        return None
    digest = hashlib.sha1(user.source_id.encode()).hexdigest()[:10]
    email = None
    if placeholder.email and "@" in placeholder.email:
        local, _, domain = placeholder.email.partition("@")
        email = f"{local}-{digest}@{domain}"
    external_id = f"{placeholder.external_id or 'deleted'}-{digest}"
    return MappedUser(STAND_IN_PREFIX + user.source_id, name, external_id, email, "end-user")
