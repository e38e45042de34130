"""How a comment appended after import carries its source time.

Zendesk stamps a comment added by a ticket update with the time of the update; only import can
set ``created_at``. A delta run therefore writes the source time into the comment itself, as
its first line (``Originally posted 2011-11-04 14:49 UTC``, emphasised in HTML bodies), and
records it in the ledger (:mod:`.ledger_extras`). ``verify`` expects exactly this body. Pure
domain.
"""

from __future__ import annotations

import html
from dataclasses import replace
from datetime import UTC

from helpctl.migrate.links import body_with_links
from helpctl.migrate.mapped import MappedComment

__all__ = ["LATE_MARK", "comment_key", "late_comment"]

#: The words that open the first line of a late comment.
LATE_MARK = "Originally posted"


def comment_key(comment: MappedComment, index: int) -> str:
    """How the ledger names a comment of a record: its source id, else its position."""
    return comment.source_id or f"#{index}"


def late_comment(comment: MappedComment) -> MappedComment:
    """The comment as a delta run appends it: its source time as the first line, links to
    files that are not uploaded kept in the body (an update uploads nothing)."""
    when = comment.created_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    line = f"{LATE_MARK} {when}"
    body = body_with_links(comment)
    text = f"<p><em>{html.escape(line)}</em></p>{body}" if comment.html else f"{line}\n\n{body}"
    return replace(comment, body=text, attachments=[])
