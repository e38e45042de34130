"""Reading one article file, and the translations beside it, into one ``hc_articles`` object.

An article is ``<name>.md`` (Markdown) or ``<name>.html`` (raw HTML) under an ``articles/``
folder, starting with a front matter. Its translations sit beside it as ``<name>.<locale>.md``
(or ``.html``), each with its own front matter (``title``, ``draft``, ``source_hash``).
The object's data is the front matter plus ``body`` (canonical HTML), ``translations``
(locale → title, body, draft) and ``files`` (attachment name → path of the image to upload).
Every problem is reported with file:line, all at once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from helpctl.config.loader import suggest
from helpctl.config.yamlpos import PosDict, YamlFileError, read_yaml_text
from helpctl.errors import Position, Problem
from helpctl.guide import links
from helpctl.guide.frontmatter import split
from helpctl.guide.render import markdown_to_html
from helpctl.guide.sources import (
    ARTICLE_KIND,
    LOCALE,
    SUFFIXES,
    is_article_file,
    is_translation_file,
)

__all__ = [
    "ARTICLE_KEYS",
    "ARTICLE_KIND",
    "MAX_ATTACHMENT_BYTES",
    "TRANSLATION_KEYS",
    "Article",
    "ArticleReader",
    "is_article_file",
    "is_translation_file",
    "source_hash",
]

ARTICLE_KEYS = (
    "title",
    "section",
    "position",
    "labels",
    "promoted",
    "comments_disabled",
    "user_segment",
    "permission_group",
    "draft",
    "locale",
)
TRANSLATION_KEYS = ("title", "draft", "source_hash")
#: Zendesk refuses article attachments over 20 MB.
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


def source_hash(body: str) -> str:
    """What a translation records of the source it was written from (its ``source_hash``)."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:12]


@dataclass
class Article:
    """One article read from files: the data of its ``hc_articles`` object and its problems."""

    data: PosDict | None
    problems: list[Problem] = field(default_factory=list)


class ArticleReader:
    """Reads articles; remembers each file's title so links between them resolve."""

    def __init__(self, display: Any) -> None:
        self._display = display  # Path -> str shown in positions
        self._titles: dict[Path, str | None] = {}
        self._listings: dict[Path, dict[str, list[Path]]] = {}

    def _beside(self, path: Path) -> list[Path]:
        """The files beside ``path`` named ``<its stem>.<something>`` (one listing per folder)."""
        folder = path.parent
        if folder not in self._listings:
            by_stem: dict[str, list[Path]] = {}
            for other in sorted(folder.iterdir()):
                by_stem.setdefault(other.name.split(".", 1)[0], []).append(other)
            self._listings[folder] = by_stem
        prefix = path.stem + "."
        return [
            p
            for p in self._listings[folder].get(path.name.split(".", 1)[0], [])
            if p.name.startswith(prefix)
        ]

    def title_of(self, path: Path) -> str | None:
        """The title in the front matter of the article file ``path`` (None if unreadable)."""
        if path not in self._titles:
            title = None
            try:
                meta = split(path.read_text(encoding="utf-8"), self._display(path)).meta
                value = meta.get("title")
                title = value if isinstance(value, str) and value else None
            except (OSError, UnicodeDecodeError):
                title = None
            self._titles[path] = title
        return self._titles[path]

    def read(self, path: Path) -> Article:
        display = self._display(path)
        try:
            text = read_yaml_text(path, display)
        except YamlFileError as ex:
            return Article(None, [ex.problem])
        parts = split(text, display)
        problems = list(parts.problems)
        meta = parts.meta
        problems += _unknown_keys(meta, ARTICLE_KEYS, "article")
        for key in [k for k in meta if k not in ARTICLE_KEYS]:
            del meta[key]  # reported once, here, with its did-you-mean
        # an overlay: the title of an article another folder defines, no body of its own; it
        # changes front matter keys and adds (or replaces) translations per locale
        is_overlay = not parts.body.strip() and "section" not in meta
        wanted = ("title",) if is_overlay else ("title", "section")
        missing = [k for k in wanted if not isinstance(meta.get(k), str) or not meta[k]]
        problems += [_missing(key, meta, display) for key in missing]
        files: dict[str, str] = {}
        body = self._body(path, parts.body, parts.body_line, files, problems)
        if missing:  # an article without a title or section cannot be planned
            return Article(None, problems)
        data = meta
        if not is_overlay:
            data["body"] = body
        source = None if is_overlay else parts.body
        translations = self._translations(path, source, files, problems)
        if translations:
            data["translations"] = _posdict(meta, translations)
        if files:
            data["files"] = _posdict(meta, files)
        return Article(data, problems)

    def _body(
        self,
        path: Path,
        text: str,
        first_line: int,
        files: dict[str, str],
        problems: list[Problem],
    ) -> str:
        html = markdown_to_html(text) if path.suffix == ".md" else text
        display = self._display(path)
        lines = text.splitlines()

        def where(url: str) -> Position:
            for n, line in enumerate(lines):
                if url in line:
                    return Position(display, first_line + n, line.index(url) + 1)
            return Position(display, first_line)

        def change(attr: str, url: str) -> str | None:
            if not links.is_relative(url):
                return None
            rel, _, anchor = links.unquote(url.replace("&amp;", "&")).partition("#")
            target = (path.parent / rel).resolve()
            if attr == "href" and target.suffix in SUFFIXES:
                title = self.title_of(target) if target.is_file() else None
                if title is None:
                    problems.append(_broken_link(rel, target, where(rel), display))
                    return None
                return links.article_token(title, "#" + anchor if anchor else "")
            if attr == "src":
                return _image(target, rel, where(rel), files, problems)
            return None

        return links.rewrite_urls(html, change)

    def _translations(
        self, path: Path, source: str | None, files: dict[str, str], problems: list[Problem]
    ) -> dict[str, dict[str, Any]]:
        found = PosDict()  # each locale marked at its own file, for problems about it
        for other in self._beside(path):
            locale = other.stem.rpartition(".")[2]
            if other == path or other.suffix not in SUFFIXES or not LOCALE.match(locale):
                continue
            if other.stem.rpartition(".")[0] != path.stem:
                continue
            entry = self._translation(other, source, files, problems)
            if entry is not None:
                found[locale] = entry
                if entry._mark is not None:
                    found.key_marks[locale] = entry._mark
        return found

    def _translation(
        self, path: Path, source: str | None, files: dict[str, str], problems: list[Problem]
    ) -> PosDict | None:
        display = self._display(path)
        try:
            text = read_yaml_text(path, display)
        except YamlFileError as ex:
            problems.append(ex.problem)
            return None
        parts = split(text, display)
        problems += parts.problems
        meta = parts.meta
        problems += _unknown_keys(meta, TRANSLATION_KEYS, "translation")
        title = meta.get("title")
        if not isinstance(title, str) or not title:
            problems.append(_missing("title", meta, display))
            return None
        entry = PosDict(meta._mark)
        entry["title"] = title
        entry["body"] = self._body(path, parts.body, parts.body_line, files, problems)
        if isinstance(meta.get("draft"), bool):
            entry["draft"] = meta["draft"]
        recorded = meta.get("source_hash")
        if source is not None and recorded is not None and str(recorded) != source_hash(source):
            problems.append(
                Problem(
                    "hc_translation_outdated",
                    f"translation written from an older source (source_hash {recorded}, "
                    f"the source is now {source_hash(source)})",
                    meta.key_position("source_hash"),
                    "source_hash",
                    hint=f"update the translation, then set `source_hash: {source_hash(source)}`",
                    severity="warning",
                )
            )
        return entry


def _posdict(meta: PosDict, values: dict[str, Any]) -> PosDict:
    """``values`` as a mapping an overlay merges into by key (a market adds one locale)."""
    out = PosDict(meta._mark)
    out.update(values)
    if isinstance(values, PosDict):
        out.key_marks.update(values.key_marks)
    return out


def _image(
    target: Path, rel: str, at: Position, files: dict[str, str], problems: list[Problem]
) -> str | None:
    if not target.is_file():
        problems.append(
            Problem(
                "hc_image_missing",
                f"image `{rel}` is not there",
                at,
                hint="put the image beside the article, or fix the path",
            )
        )
        return None
    size = target.stat().st_size
    if size > MAX_ATTACHMENT_BYTES:
        problems.append(
            Problem(
                "hc_image_too_large",
                f"image `{rel}` is {size / 1048576:.1f} MB; Zendesk accepts article "
                "attachments up to 20 MB",
                at,
                hint="shrink or compress the image",
            )
        )
        return None
    files[target.name] = str(target)
    return links.attachment_token(target.name)


def _broken_link(rel: str, target: Path, at: Position, display: str) -> Problem:
    siblings = sorted(p.name for p in target.parent.glob("*") if p.suffix in SUFFIXES)
    hint = suggest(target.name, siblings) if siblings else "check the path"
    return Problem("hc_link_broken", f"link to `{rel}`: no article file there", at, hint=hint)


def _unknown_keys(meta: PosDict, allowed: tuple[str, ...], what: str) -> list[Problem]:
    return [
        Problem(
            "hc_front_matter_key",
            f"unknown {what} front matter key `{key}`",
            meta.key_position(key),
            key,
            hint=suggest(key, list(allowed)),
        )
        for key in meta
        if key not in allowed
    ]


def _missing(key: str, meta: PosDict, display: str) -> Problem:
    return Problem(
        "hc_front_matter_missing",
        f"the front matter has no `{key}`",
        meta.mark or Position(display, 1),
        key,
        hint=f"add `{key}: …` between the `---` lines",
    )
