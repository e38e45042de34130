"""Base URLs and request targets: what may be called, and how a request is named in messages.

The base URL must pass the one URL policy, :mod:`helpctl.config.urls` (``https``, plain
``http`` only to loopback, no credentials). Absolute links a server hands back (``next_page``,
``links.next``) are followed only on the base URL's own scheme, host and port, so a crafted
link cannot send the ``Authorization`` header elsewhere. Requests are named by path and a
redacted query, never by the full URL.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from helpctl.config.urls import require_url

__all__ = ["SECRET_PARAMS", "Target", "check_base_url"]

#: Query parameters whose values are never shown (upload tokens, OAuth codes…).
SECRET_PARAMS = frozenset(
    {"token", "access_token", "api_token", "password", "secret", "client_secret", "code", "key"}
)


def check_base_url(url: str, *, instance: str = "") -> str:
    """``url`` with a trailing slash, or ConfigError when :mod:`helpctl.config.urls` refuses to
    send a token to it."""
    allowed = require_url(url, instance=instance)
    return allowed if allowed.endswith("/") else allowed + "/"


def _is_absolute(path: str) -> bool:
    # Only the part before the query counts: a query value may itself hold a URL.
    return "://" in path.split("?", 1)[0]


class Target:
    """Resolves request paths against one base URL and names them safely."""

    __slots__ = ("base_path", "base_url", "origin")

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        parts = urlsplit(base_url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.base_path = parts.path

    def url(self, path: str) -> str | None:
        """The absolute URL of ``path`` (relative to the base URL, absolute on the base URL's
        origin, or rooted at it); None when ``path`` points at another origin."""
        if _is_absolute(path):
            parts = urlsplit(path)
            if f"{parts.scheme}://{parts.netloc}".lower() != self.origin.lower():
                return None
            if parts.username or parts.password:
                return None
            return path
        if path.startswith("/"):
            return self.origin + path
        return self.base_url + path

    def show(self, path: str, params: Mapping[str, Any] | None = None) -> str:
        """How a request is named in errors and logs: the path relative to the base URL and the
        query with secret values replaced by ``***``; never the scheme, host or userinfo."""
        query: list[tuple[str, Any]] = []
        if _is_absolute(path) or path.startswith("/"):
            parts = urlsplit(path)
            path = parts.path
            if path.startswith(self.base_path):
                path = path[len(self.base_path) :]
            query.extend(parse_qsl(parts.query, keep_blank_values=True))
        elif "?" in path:
            path, _, raw = path.partition("?")
            query.extend(parse_qsl(raw, keep_blank_values=True))
        if params:
            query.extend(params.items())
        if not query:
            return path
        shown = "&".join(f"{k}={'***' if k.lower() in SECRET_PARAMS else v}" for k, v in query)
        return f"{path}?{shown}"
