"""Links and images in article bodies, in three forms.

- **File form**: what an author writes, a relative link to another article file
  (``../billing/refunds.md#fees``) and an image beside the file (``screenshot.png``).
- **Canonical form** (what plans compare): ``hc:article/<title>`` for a link to another
  article (the title is its identity, URL-quoted) and ``hc:attachment/<file name>`` for an
  image attached to the article. No numeric id appears in files or plans.
- **Live form**: Zendesk's URLs, ``https://<host>/hc/<locale>/articles/<id>-<slug>`` and
  ``https://<host>/hc/article_attachments/<id>/<file name>``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote, unquote, urlsplit

__all__ = [
    "ARTICLE",
    "ATTACHMENT",
    "attachment_names",
    "canonical_links",
    "live_links",
    "rewrite_urls",
    "unquote",
]

ARTICLE = "hc:article/"
ATTACHMENT = "hc:attachment/"

_URL_ATTR = re.compile(r'(?P<attr>\b(?:href|src))="(?P<url>[^"]*)"')
# the host, then any path prefix (a sandbox account's /accounts/<name>), then /hc/…
_LIVE_ARTICLE = re.compile(r"^https?://[^\s]*?/hc/(?:[A-Za-z-]+/)?articles/(\d+)[^#]*(#.*)?$")
_LIVE_ATTACHMENT = re.compile(r"^https?://[^\s]*?/hc/article_attachments/(\d+)/([^/?#]+)$")


def rewrite_urls(html: str, change: Callable[[str, str], str | None]) -> str:
    """``html`` with every ``href``/``src`` value passed through ``change(attr, url)`` (None
    keeps the value)."""

    def one(match: re.Match[str]) -> str:
        new = change(match["attr"], match["url"])
        return match[0] if new is None else f'{match["attr"]}="{new}"'

    return _URL_ATTR.sub(one, html)


def is_relative(url: str) -> bool:
    """A link to a file beside the article (no scheme, no host, not an anchor)."""
    parts = urlsplit(url)
    return not (parts.scheme or parts.netloc or url.startswith(("#", "/")) or not parts.path)


def article_token(title: str, anchor: str = "") -> str:
    return ARTICLE + quote(title, safe="") + anchor


def attachment_token(name: str) -> str:
    return ATTACHMENT + quote(name, safe="")


def token_title(url: str) -> tuple[str, str] | None:
    """(title, anchor) of a canonical article link, else None."""
    if not url.startswith(ARTICLE):
        return None
    rest, _, anchor = url[len(ARTICLE) :].partition("#")
    return unquote(rest), ("#" + anchor if anchor else "")


def attachment_names(html: str) -> list[str]:
    """The attachment file names a canonical body uses, in order, once each."""
    names: list[str] = []
    for match in _URL_ATTR.finditer(html):
        url = match["url"]
        if url.startswith(ATTACHMENT):
            name = unquote(url[len(ATTACHMENT) :])
            if name not in names:
                names.append(name)
    return names


def canonical_links(html: str, title_of: Callable[[str], str | None]) -> str:
    """A live body in canonical form: links to articles ``title_of(id)`` knows and attached
    images become tokens; every other URL is kept."""

    def change(attr: str, url: str) -> str | None:
        hit = _LIVE_ATTACHMENT.match(url.replace("&amp;", "&"))
        if attr == "src" and hit:
            return attachment_token(unquote(hit[2]))
        hit = _LIVE_ARTICLE.match(url)
        if attr == "href" and hit:
            title = title_of(hit[1])
            if title is not None:
                return article_token(title, hit[2] or "")
        return None

    return rewrite_urls(html, change)


def live_links(
    html: str,
    url_of: Callable[[str], str | None],
    image_url: Callable[[str], str | None],
) -> tuple[str, list[str]]:
    """A canonical body in live form, and the titles whose URL is not known yet (their links
    are written as ``#`` until the article exists, then filled in)."""
    pending: list[str] = []

    def change(attr: str, url: str) -> str | None:
        found = token_title(url)
        if found is not None:
            target = url_of(found[0])
            if target is None:
                pending.append(found[0])
                return "#"
            return target + found[1]
        if url.startswith(ATTACHMENT):
            return image_url(unquote(url[len(ATTACHMENT) :]))
        return None

    return rewrite_urls(html, change), pending
