"""Zendesk's two pagination styles over stored rows, answered by joining stored JSON text.

Cursor: ``page[size]`` (≤ 100), ``page[after]``/``page[before]``, ``meta`` + ``links``.
Offset: ``page`` + ``per_page`` (≤ 100), ``next_page``/``previous_page``/``count``, and a 400
for any page that starts past the first 10,000 records.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal
from urllib.parse import urlencode

from helpctl.sandbox.replies import ApiProblem, Call, Reply, bad_request, too_many_values
from helpctl.sandbox.store import URL_MARK, Row

__all__ = ["MAX_OFFSET_RECORDS", "Listing", "envelope", "ids_param", "paginate", "unpaged"]

MAX_PAGE = 100
MAX_OFFSET_RECORDS = 10_000

#: both: cursor when asked (``page[size]``), else offset; offset: ``*/search`` endpoints;
#: cursor: job statuses, variants; cursor_or_all: ticket fields; all: ticket forms, locales.
Style = Literal["both", "offset", "cursor", "cursor_or_all", "all"]


@dataclass(frozen=True)
class Listing:
    """What to list: the stored kind, the URL path of the list, its envelope key and its order."""

    kind: str
    path: str
    key: str
    style: Style = "both"
    ordered: bool = False
    where: str = ""
    params: Sequence[Any] = ()


def envelope(key: str, bodies: Sequence[str], extra: Mapping[str, Any] | None = None) -> str:
    """``{"key": [bodies...], **extra}`` built from already-serialised bodies."""
    head = '{"' + key + '":[' + ",".join(bodies) + "]"
    if not extra:
        return head + "}"
    return head + "," + json.dumps(dict(extra))[1:]


def unpaged(key: str, bodies: Sequence[str]) -> str:
    """A whole list in one answer, with the offset keys saying there is nothing more."""
    return envelope(key, bodies, {"next_page": None, "previous_page": None, "count": len(bodies)})


def _size(text: str | None, name: str) -> int:
    try:
        value = int(text) if text is not None else MAX_PAGE
    except ValueError as ex:
        raise bad_request("InvalidPaginationParameter", f"{name} must be a number") from ex
    if value < 1:
        raise bad_request("InvalidPaginationParameter", f"{name} must be positive")
    return min(value, MAX_PAGE)


def _cursor_of(row: Row, ordered: bool) -> str:
    keys = [row.position, row.id] if ordered else [row.id]
    return base64.urlsafe_b64encode(json.dumps(keys).encode()).decode()


def _decode(cursor: str) -> list[int]:
    try:
        keys = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, binascii.Error) as ex:
        raise bad_request("InvalidPaginationParameter", "invalid cursor") from ex
    if not isinstance(keys, list) or not all(isinstance(k, int) for k in keys):
        raise bad_request("InvalidPaginationParameter", "invalid cursor")
    return keys


def _link(listing: Listing, query: Mapping[str, str], **page: str) -> str:
    kept = {k: v for k, v in query.items() if not k.startswith("page") and k != "per_page"}
    return f"{URL_MARK}{listing.path}.json?" + urlencode({**kept, **page})


def _cursor_page(call: Call, listing: Listing) -> Reply:
    store, q = call.ctx.store, call.query
    size = _size(q.get("page[size]"), "page[size]")
    cols = "(position, id)" if listing.ordered else "(id)"
    marks = "(?, ?)" if listing.ordered else "(?)"
    where, params = listing.where, list(listing.params)
    before = q.get("page[before]")
    after = q.get("page[after]")
    if after or before:
        op = ">" if after else "<"
        cond = f"{cols} {op} {marks}"
        where = f"({where}) AND {cond}" if where else cond
        params += _decode(after or before or "")
    asc = "position, id" if listing.ordered else "id"
    desc = "position DESC, id DESC" if listing.ordered else "id DESC"
    rows = store.select(
        call.ctx.name, listing.kind, where, params, desc if before else asc, limit=size + 1
    )
    has_more = len(rows) > size
    rows = rows[:size]
    if before:
        rows.reverse()
    first = _cursor_of(rows[0], listing.ordered) if rows else None
    last = _cursor_of(rows[-1], listing.ordered) if rows else None
    meta = {"has_more": has_more, "after_cursor": last, "before_cursor": first}
    size_text = str(size)
    links = {
        "prev": _link(listing, q, **{"page[before]": first, "page[size]": size_text})
        if first
        else None,
        "next": _link(listing, q, **{"page[after]": last, "page[size]": size_text})
        if last
        else None,
    }
    return Reply(text=envelope(listing.key, [r.body for r in rows], {"meta": meta, "links": links}))


def _offset_page(call: Call, listing: Listing) -> Reply:
    q = call.query
    per_page = _size(q.get("per_page"), "per_page")
    try:
        page = max(1, int(q.get("page", "1")))
    except ValueError as ex:
        raise bad_request("InvalidPaginationParameter", "page must be a number") from ex
    offset = (page - 1) * per_page
    if offset >= MAX_OFFSET_RECORDS:
        raise bad_request(
            "InvalidPaginationParameter",
            "Offset pagination is limited to the first 10000 records; use cursor pagination",
        )
    order = "position, id" if listing.ordered else "id"
    store, name = call.ctx.store, call.ctx.name
    rows = store.select(name, listing.kind, listing.where, listing.params, order, per_page, offset)
    count = store.count(name, listing.kind, listing.where, listing.params)
    more = offset + len(rows) < count
    extra = {
        "next_page": _link(listing, q, page=str(page + 1), per_page=str(per_page))
        if more
        else None,
        "previous_page": _link(listing, q, page=str(page - 1), per_page=str(per_page))
        if page > 1
        else None,
        "count": count,
    }
    return Reply(text=envelope(listing.key, [r.body for r in rows], extra))


def _all(call: Call, listing: Listing) -> Reply:
    order = "position, id" if listing.ordered else "id"
    rows = call.ctx.store.select(call.ctx.name, listing.kind, listing.where, listing.params, order)
    return Reply(text=unpaged(listing.key, [r.body for r in rows]))


def paginate(call: Call, listing: Listing) -> Reply:
    """Answer a list request in the style the endpoint supports and the client asked for."""
    q = call.query
    wants_cursor = any(k in q for k in ("page[size]", "page[after]", "page[before]"))
    if listing.style == "cursor_or_all" and wants_cursor:
        # ticket fields: all of them by position, or cursor pages by id
        return _cursor_page(call, replace(listing, ordered=False))
    if listing.style == "cursor" or (wants_cursor and listing.style in ("both", "cursor")):
        return _cursor_page(call, listing)
    if listing.style in ("all", "cursor_or_all"):
        return _all(call, listing)
    return _offset_page(call, listing)


def ids_param(call: Call, name: str = "ids") -> list[int]:
    """A comma-separated id list from the query (``?ids=1,2``); 400 past 100 values."""
    text = call.query.get(name, "")
    values = [v for v in text.split(",") if v.strip()]
    if len(values) > 100:
        raise too_many_values()
    try:
        return [int(v) for v in values]
    except ValueError as ex:
        raise ApiProblem(400, {"error": "InvalidParameter", "description": f"{name}: ids"}) from ex
