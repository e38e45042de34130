"""HTML bodies as plain text that keeps what a reader needs: links, lists and line breaks.

``comments.body: text`` sends a legacy HTML body as a plain Zendesk comment, where Markdown is
not rendered, so the rendering is plain text, not Markdown:

- a link keeps its visible text and its target: ``настройки DNS: <a href="http://example.ru">
  пример</a>`` → ``настройки DNS: пример (http://example.ru)``; a link whose text is its target
  (or its ``mailto:`` address) is written once; in-page (``#…``) and ``javascript:`` links keep
  their text only;
- list items become ``- item`` (``1. item`` in a numbered list), nested lists indented by two
  spaces per level;
- ``<br>`` is a line break; paragraphs, headings, quotes, ``<pre>`` and tables are separated by
  a blank line, ``<div>`` and table rows by a line break; ``<pre>`` keeps its spacing;
- an image becomes its alt text and its address: ``[image: logo] (https://…/logo.png)``;
- ``<script>``, ``<style>`` and comments go; entities are decoded; other whitespace collapses.

Built on the standard library's :class:`html.parser.HTMLParser`, which tolerates the broken
markup old forums write. Pure domain.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["html_to_text"]

_BLOCK = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table",
                    "ul", "ol", "dl", "hr"})  # fmt: skip
_LINE = frozenset({"div", "tr", "li", "dt", "dd", "section", "article", "header", "footer"})
_DROP = frozenset({"script", "style", "head", "title"})
_SPACE = re.compile(r"[ \t\r\n\f\v]+")
_TRAILING = re.compile(r"[ \t]+\n")
_BLANKS = re.compile(r"\n{3,}")


def html_to_text(body: str) -> str:
    """``body`` (HTML) as readable plain text; see the module docstring."""
    parser = _Renderer()
    parser.feed(body)
    parser.close()
    return parser.text()


class _Renderer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._out: list[str] = []
        self._breaks = 0  # line breaks owed before the next text
        self._lists: list[list[int]] = []  # per open list: [next number] or [] for bullets
        self._links: list[tuple[str, int]] = []  # (href, index in _out where its text starts)
        self._drop = 0
        self._pre = 0

    def close(self) -> None:
        super().close()
        while self._links:  # a link never closed still shows its target
            self._end_link()

    def text(self) -> str:
        joined = _TRAILING.sub("\n", "".join(self._out))
        return _BLANKS.sub("\n\n", joined).strip()

    # -- structure ---------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP:
            self._drop += 1
        elif tag == "br":
            self._write_break(1)
        elif tag in ("ul", "ol"):
            self._lists.append([1] if tag == "ol" else [])
            self._block(2 if len(self._lists) == 1 else 1)
        elif tag == "li":
            self._item()
        elif tag == "a":
            self._links.append((dict(attrs).get("href") or "", len(self._out)))
        elif tag == "img":
            self._image(dict(attrs))
        elif tag in ("td", "th"):
            self._emit(" ")
        else:
            self._pre += tag == "pre"
            self._block(2 if tag in _BLOCK else 1 if tag in _LINE else 0)

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP:
            self._drop = max(0, self._drop - 1)
        elif tag in ("ul", "ol"):
            if self._lists:
                self._lists.pop()
            self._block(2 if not self._lists else 1)
        elif tag == "a":
            self._end_link()
        else:
            if tag == "pre":
                self._pre = max(0, self._pre - 1)
            self._block(2 if tag in _BLOCK else 1 if tag in _LINE else 0)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "img", "hr"):
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self._drop:
            return
        if not self._pre:
            data = _SPACE.sub(" ", data)
            if self._breaks or self._at_line_start():
                data = data.lstrip(" ")
        if data:
            self._emit(data)

    # -- pieces ------------------------------------------------------------------------------
    def _block(self, breaks: int) -> None:
        if breaks and self._out:
            self._breaks = max(self._breaks, breaks)

    def _write_break(self, n: int) -> None:
        self._out.append("\n" * n)
        self._breaks = 0

    def _emit(self, text: str) -> None:
        if self._breaks and self._out:
            self._out.append("\n" * self._breaks)
        self._breaks = 0
        self._out.append(text)

    def _at_line_start(self) -> bool:
        last = next((s for s in reversed(self._out) if s), "")
        return not last or last.endswith("\n")

    def _item(self) -> None:
        self._breaks = max(self._breaks, 1) if self._out else 0
        depth = max(0, len(self._lists) - 1)
        numbers = self._lists[-1] if self._lists else []
        marker = f"{numbers[0]}. " if numbers else "- "
        if numbers:
            numbers[0] += 1
        self._emit("  " * depth + marker)

    def _end_link(self) -> None:
        if not self._links:
            return
        href, start = self._links.pop()
        label = "".join(self._out[start:]).strip()
        target = href.strip()
        if not target or target.startswith(("#", "javascript:")):
            return
        shown = target.removeprefix("mailto:")
        if label in (target, shown) or label.rstrip("/") == target.rstrip("/"):
            return
        if not label:
            self._emit(shown)
        else:
            self._emit(f" ({shown})")

    def _image(self, attrs: dict[str, str | None]) -> None:
        alt = (attrs.get("alt") or "").strip()
        src = (attrs.get("src") or "").strip()
        if src.startswith("data:"):
            src = ""
        if alt or src:
            self._emit(f"[image: {alt}] ({src})" if alt and src else f"[image: {alt or src}]")
