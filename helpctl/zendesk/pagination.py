"""Where the next page of a Zendesk list is, read from one page's body (reference §5).

Cursor pages carry ``meta.has_more`` and ``links.next`` (which may be non-null on the last page,
so ``has_more`` decides); offset pages carry ``next_page`` (a URL or null). An endpoint asked for
cursor pages may still answer in the offset shape, so both are read whatever was asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, Literal

from helpctl.errors import HelpctlError

__all__ = ["PageError", "Pagination", "first_page_params", "iter_pages", "next_page"]

Pagination = Literal["cursor", "offset", "none"]


def first_page_params(
    style: Pagination, params: dict[str, Any] | None, page_size: int
) -> dict[str, Any]:
    """The query of the first page: the caller's params plus the page size of ``style``."""
    query = dict(params) if params else {}
    if style == "cursor":
        query.setdefault("page[size]", page_size)
    elif style == "offset":
        query.setdefault("per_page", page_size)
    return query


class NextPage:
    """The continuation of a list: an absolute or relative ``url``, or a cursor to add to the
    first page's query (``after``) when the server gave ``has_more`` but no link."""

    __slots__ = ("after", "url")

    def __init__(self, url: str | None = None, after: str | None = None) -> None:
        self.url = url
        self.after = after

    @property
    def token(self) -> str:
        """What identifies this page, to notice a server handing out the same page again."""
        return self.url if self.url is not None else f"after:{self.after}"


class MissingContinuation(HelpctlError):
    """The page says there is more but does not say where."""

    code = "api_error"


class PageError(HelpctlError):
    """A list cannot be read completely: ``why``, at which request (``path`` and ``params``).

    The client turns it into an :class:`~helpctl.errors.ApiError` naming the request safely;
    the message holds ``why`` only (``path`` may be a server's absolute link)."""

    code = "api_error"

    def __init__(self, why: str, path: str, params: Mapping[str, Any] | None) -> None:
        super().__init__(why, hint="the helpdesk answered in an unexpected shape; report it")
        self.why = why
        self.path = path
        self.params = params


#: Fetches one page: (path or absolute link, query or None) → the parsed body.
Fetch = Callable[[str, Mapping[str, Any] | None], Any]


def next_page(body: dict[str, Any]) -> NextPage | None:
    """The next page after ``body``, or None when the list is complete.

    Raises :class:`MissingContinuation` when ``meta.has_more`` is true but neither ``links.next``
    nor ``meta.after_cursor`` is given (stopping there would silently drop objects).
    """
    meta = body.get("meta")
    if isinstance(meta, dict) and "has_more" in meta:
        if not meta.get("has_more"):
            return None
        links = body.get("links")
        url = links.get("next") if isinstance(links, dict) else None
        if isinstance(url, str) and url:
            return NextPage(url=url)
        after = meta.get("after_cursor")
        if isinstance(after, str) and after:
            return NextPage(after=after)
        raise MissingContinuation("meta.has_more is true but there is no links.next")
    url = body.get("next_page")
    if isinstance(url, str) and url:
        return NextPage(url=url)
    return None


def iter_pages(
    fetch: Fetch,
    path: str,
    key: str,
    style: Pagination,
    params: Mapping[str, Any] | None = None,
    page_size: int = 100,
) -> Iterator[dict[str, Any]]:
    """Every item under ``key`` of the list at ``path``, fetching pages only as they are needed.

    Raises :class:`PageError` rather than stop early (a page without the list, ``has_more``
    with nowhere to go) or loop (the same next page handed out twice).
    """
    query = first_page_params(style, dict(params) if params else None, page_size)
    target: str = path
    target_params: Mapping[str, Any] | None = query
    seen: set[str] = set()
    while True:
        body = fetch(target, target_params)
        items = body.get(key) if isinstance(body, dict) else None
        if not isinstance(items, list):
            raise PageError(f"the answer has no {key!r} list", target, target_params)
        yield from items
        if style == "none":
            return
        try:
            following = next_page(body)
        except MissingContinuation as exc:
            raise PageError(str(exc), target, target_params) from None
        if following is None:
            return
        if following.token in seen:
            raise PageError("the server handed out the same page twice", path, query)
        seen.add(following.token)
        if following.url is not None:
            target, target_params = following.url, None
        else:
            target, target_params = path, {**query, "page[after]": following.after}
