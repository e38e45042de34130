"""Markdown ↔ HTML for articles.

Rendering uses markdown-it-py's CommonMark preset with raw HTML allowed (CommonMark allows it)
and nothing that depends on the environment, so the same text always gives the same HTML and
plans stay empty. Export converts HTML back with markdownify; :func:`round_trips` tells whether
the Markdown it gives renders to exactly the same HTML (only then is Markdown written).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # both libraries are imported on first use: `validate` of a project without
    # Markdown articles never needs them, and they are most of its start-up (bs4 alone 0.1 s)
    from markdown_it import MarkdownIt

__all__ = ["markdown_to_html", "round_trips", "to_markdown"]


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True})


def markdown_to_html(text: str) -> str:
    """The HTML of a Markdown text (CommonMark), deterministic."""
    html: str = _parser().render(text)
    return html


def to_markdown(html: str) -> str:
    """Markdown for ``html`` (ATX headings, ``-`` bullets, ``*`` emphasis)."""
    from markdownify import markdownify

    text: str = markdownify(html, heading_style="ATX", bullets="-", strong_em_symbol="*")
    lines = [line.rstrip() for line in text.strip("\n").splitlines()]
    out: list[str] = []
    for line in lines:  # at most one blank line in a row
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out) + "\n"


def round_trips(html: str) -> str | None:
    """The Markdown for ``html`` when it renders back to exactly ``html``, else None."""
    markdown = to_markdown(html)
    return markdown if markdown_to_html(markdown) == html else None
