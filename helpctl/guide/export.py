"""Live articles as files: the inverse of :mod:`helpctl.guide.articles`.

Each article goes to ``articles/<section>/<title>.md`` — Markdown when converting its HTML to
Markdown and back gives exactly the same HTML, else ``.html`` with the HTML as it is — with its
translations beside it (``<title>.<locale>.md``, each carrying the ``source_hash`` of the source
it matches, so none starts out outdated). Links between articles become relative links to the
other file. Attached images are referenced by file name (the caller writes their bytes beside
the article, see :func:`article_paths`). Pure: returns the files' texts, the caller writes them.
"""

from __future__ import annotations

import os
import re
from typing import Any

import yaml

from helpctl.guide import links
from helpctl.guide.articles import ARTICLE_KEYS, source_hash
from helpctl.guide.frontmatter import split
from helpctl.guide.render import markdown_to_html, round_trips

__all__ = ["article_files", "article_paths"]

_SLUG = re.compile(r"[^a-z0-9]+")


def _slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")[:60] or "untitled"


def article_paths(articles: list[dict[str, Any]]) -> dict[str, str]:
    """Title → file path (without suffix) under ``articles/``, unique."""
    taken: set[str] = set()
    out: dict[str, str] = {}
    for attrs in articles:
        base = f"{_slug(str(attrs.get('section') or 'unsorted'))}/{_slug(str(attrs['title']))}"
        path, n = base, 2
        while path in taken:
            path, n = f"{base}-{n}", n + 1
        taken.add(path)
        out[str(attrs["title"])] = path
    return out


def _file_form(html: str, here: str, paths: dict[str, str], suffixes: dict[str, str]) -> str:
    """Canonical tokens → relative paths from the file at ``here``."""

    def change(attr: str, url: str) -> str | None:
        found = links.token_title(url)
        if found is not None and found[0] in paths:
            target = paths[found[0]] + suffixes[found[0]]
            rel = os.path.relpath(target, os.path.dirname(here) or ".")
            return rel.replace(os.sep, "/") + found[1]
        if url.startswith(links.ATTACHMENT):
            return links.unquote(url[len(links.ATTACHMENT) :])
        return None

    return links.rewrite_urls(html, change)


def _markdown_or_none(
    canonical: str, here: str, paths: dict[str, str], suffixes: dict[str, str]
) -> str | None:
    """Markdown for a canonical body when it renders back to the same HTML."""
    file_html = _file_form(canonical, here, paths, suffixes)
    markdown = round_trips(file_html)
    if markdown is None or markdown_to_html(markdown) != file_html:
        return None
    return markdown


def _front(meta: dict[str, Any]) -> str:
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=100) + "---\n"


def article_files(articles: list[dict[str, Any]]) -> dict[str, str]:
    """``{path under articles/: text}`` for the canonical attrs of ``articles``."""
    paths = article_paths(articles)
    # decide each article's suffix first: links point at the file that will exist
    suffixes: dict[str, str] = {}
    for attrs in articles:
        title = str(attrs["title"])
        guess = {**suffixes, title: ".md"}
        fits = _markdown_or_none(
            str(attrs.get("body") or ""), paths[title] + ".md", paths, _all(paths, guess)
        )
        suffixes[title] = ".md" if fits is not None else ".html"
    files: dict[str, str] = {}
    for attrs in articles:
        files.update(_one(attrs, paths, suffixes))
    return files


def _all(paths: dict[str, str], known: dict[str, str]) -> dict[str, str]:
    return {t: known.get(t, ".md") for t in paths}


def _one(attrs: dict[str, Any], paths: dict[str, str], suffixes: dict[str, str]) -> dict[str, str]:
    title = str(attrs["title"])
    stem, suffix = paths[title], suffixes[title]
    here = stem + suffix
    meta = {k: attrs[k] for k in ARTICLE_KEYS if k in attrs and attrs[k] is not None}
    meta = {"title": title, **{k: v for k, v in meta.items() if k != "title"}}
    body = str(attrs.get("body") or "")
    text = _body_text(body, here, suffix, paths, suffixes)
    out = {here: _front(meta) + text}
    source = split(out[here], here).body
    for locale, tr in sorted((attrs.get("translations") or {}).items()):
        tr_body = str(tr.get("body") or "")
        md = _markdown_or_none(tr_body, f"{stem}.{locale}.md", paths, suffixes)
        tr_suffix = ".md" if md is not None else ".html"
        tr_meta: dict[str, Any] = {"title": tr.get("title")}
        if tr.get("draft"):
            tr_meta["draft"] = True
        tr_meta["source_hash"] = source_hash(source)
        tr_path = f"{stem}.{locale}{tr_suffix}"
        tr_text = md if md is not None else _file_form(tr_body, tr_path, paths, suffixes)
        out[tr_path] = _front(tr_meta) + tr_text
    return out


def _body_text(
    body: str, here: str, suffix: str, paths: dict[str, str], suffixes: dict[str, str]
) -> str:
    if suffix == ".md":
        md = _markdown_or_none(body, here, paths, suffixes)
        if md is not None:
            return md
    return _file_form(body, here, paths, suffixes)
