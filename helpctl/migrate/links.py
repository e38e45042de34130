"""Attachments that are not uploaded but linked from their comment.

The mapping keeps an attachment without bytes (``on_too_large: link``, or a source that only
knows a file's URL, such as another Zendesk account) as a name and a URL. Such a file is not
uploaded: its comment's body gets a short "Attachments" list with the links. The runner sends
that body and ``verify`` expects it, both through :func:`body_with_links`.
"""

from __future__ import annotations

import html

from helpctl.migrate.mapped import MappedComment
from helpctl.migrate.model import LegacyAttachment

__all__ = ["body_with_links", "uploadable"]


def uploadable(att: LegacyAttachment) -> bool:
    """Whether the file's bytes are at hand (inline or in a file) to be uploaded."""
    return att.data is not None or att.path is not None


def body_with_links(comment: MappedComment) -> str:
    """The comment's body, followed by links to its attachments that are not uploaded."""
    linked = [a for a in comment.attachments if not uploadable(a)]
    if not linked:
        return comment.body
    if comment.html:
        items = "".join(
            f'<li><a href="{html.escape(a.url or "", quote=True)}">{html.escape(a.name)}</a></li>'
            if a.url else f"<li>{html.escape(a.name)} (not available)</li>"
            for a in linked
        )  # fmt: skip
        return f"{comment.body}<p>Attachments:</p><ul>{items}</ul>"
    lines = "\n".join(f"- {a.name}: {a.url or '(not available)'}" for a in linked)
    return f"{comment.body}\n\nAttachments:\n{lines}"
