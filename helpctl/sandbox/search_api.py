"""``search``, ``search/count`` and ``search/export`` over tickets, users and organizations, with
the query subset of :mod:`helpctl.sandbox.search_query` (reference part 2 §9): offset pages of at
most 100 and 1,000 results in all (422 past it), ``result_type`` on every result; the export
wants ``filter[type]`` (and no ``type:`` in the query) and pages by cursor in creation order.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from helpctl.rules.model import PRIORITY_ORDER, STATUS_ORDER
from helpctl.sandbox.crud import Route
from helpctl.sandbox.replies import ApiProblem, Call, Reply, bad_request, parse_time
from helpctl.sandbox.search_query import Query, SearchSyntaxError, Term, parse_query, parse_when
from helpctl.sandbox.store import URL_MARK

__all__ = ["search_routes"]

_KINDS = {"ticket": "tickets", "user": "users", "organization": "organizations", "group": "groups"}
_LIMIT = 1000
_SORTS = ("updated_at", "created_at", "priority", "status", "ticket_type")


class _Names:
    """Ids of named objects (brands, groups, forms, organizations, users by email or name)."""

    def __init__(self, call: Call) -> None:
        self.call = call
        self._cache: dict[str, list[dict[str, Any]]] = {}

    def docs(self, kind: str) -> list[dict[str, Any]]:
        if kind not in self._cache:
            rows = self.call.ctx.store.select(self.call.ctx.name, kind)
            self._cache[kind] = [r.doc() for r in rows]
        return self._cache[kind]

    def ids(self, kind: str, value: str) -> set[Any]:
        """Ids an id, a name (or title) or, for users, an email or ``me`` names; ``none`` is
        None."""
        text = value.lower()
        if text == "none":
            return {None}
        if kind == "users" and text == "me":
            return {self.call.ctx.account.user_id}
        if text.isdigit():
            return {int(text)}
        found: set[Any] = set()
        for doc in self.docs(kind):
            names = (doc.get("name"), doc.get("title"), doc.get("email"))
            if any(isinstance(n, str) and n.lower() == text for n in names):
                found.add(doc["id"])
        return found


def _ordered(order: dict[str, int], actual: Any, op: str, value: str) -> bool:
    if actual not in order or value.lower() not in order:
        return op == ":" and str(actual).lower() == value.lower()
    a, b = order[actual], order[value.lower()]
    return {":": a == b, "<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]


def _when(doc: dict[str, Any], key: str, op: str, value: str, now: datetime) -> bool:
    stamp = parse_time(doc.get(key))
    if stamp is None:
        return False
    at = datetime.fromtimestamp(stamp, UTC)
    limit = parse_when(value, now)
    if op == ":":
        return at.date() == limit.date() if len(value) == 10 else at >= limit
    return {"<": at < limit, ">": at > limit, "<=": at <= limit, ">=": at >= limit}[op]


def _text(term: Term, texts: list[str]) -> bool:
    word = term.value.lower()
    if term.phrase:
        return any(word in t.lower() for t in texts)
    if word.endswith("*"):
        return any(w.startswith(word[:-1]) for t in texts for w in t.lower().split())
    return any(word in t.lower().split() or word == t.lower() for t in texts)


def _custom(doc: dict[str, Any], field_id: str, value: str) -> bool:
    for item in doc.get("custom_fields") or []:
        if isinstance(item, dict) and str(item.get("id")) == field_id:
            actual = item.get("value")
            values = actual if isinstance(actual, list) else [actual]
            return any(str(v).lower() == value.lower() for v in values if v is not None)
    return False


_REFS = {
    "brand": ("brand_id", "brands"),
    "group": ("group_id", "groups"),
    "assignee": ("assignee_id", "users"),
    "requester": ("requester_id", "users"),
    "submitter": ("submitter_id", "users"),
    "organization": ("organization_id", "organizations"),
    "form": ("ticket_form_id", "ticket_forms"),
}
_DATES = {"created": "created_at", "updated": "updated_at", "solved": "solved_at"}


def _field(doc: dict[str, Any], term: Term, names: _Names, now: datetime, kind: str) -> bool:
    field, op, value = term.field or "", term.op, term.value
    if field in _DATES:
        return _when(doc, _DATES[field], op, value, now)
    if field == "tags" or field == "tag":
        return value.lower() in [t.lower() for t in doc.get("tags") or []]
    if field in ("name", "email", "subject", "description", "details", "notes"):
        return _text(Term(None, ":", value, phrase=True), [str(doc.get(field) or "")])
    if field in ("role", "via"):
        actual = (doc.get("via") or {}).get("channel") if field == "via" else doc.get("role")
        return str(actual).lower() == value.lower()
    if kind != "tickets" and field != "organization":
        raise SearchSyntaxError(f"{field} is not a searchable {kind[:-1]} field")
    if field == "status":
        return _ordered(STATUS_ORDER, doc.get("status"), op, value)
    if field == "priority":
        return _ordered(PRIORITY_ORDER, doc.get("priority"), op, value)
    if field in ("ticket_type", "tickettype"):
        return str(doc.get("type")).lower() == value.lower()
    if field in _REFS:
        key, ref_kind = _REFS[field]
        return doc.get(key) in names.ids(ref_kind, value)
    if field.startswith(("custom_field_", "custom_fields_")):
        return _custom(doc, field.rsplit("_", 1)[1], value)
    raise SearchSyntaxError(f"{field} is not a searchable field")


def _free_texts(doc: dict[str, Any], kind: str) -> list[str]:
    keys = {"tickets": ("subject", "description"), "users": ("name", "email")}.get(kind, ("name",))
    return [str(doc.get(k) or "") for k in keys]


def matcher(query: Query, kind: str, names: _Names) -> Callable[[dict[str, Any]], bool]:
    now = datetime.now(UTC)

    def holds(doc: dict[str, Any]) -> bool:
        for term in query.terms:
            if term.field is None:
                ok = _text(term, _free_texts(doc, kind))
            else:
                ok = _field(doc, term, names, now, kind)
            if ok == term.negated:
                return False
        return True

    return holds


def _results(call: Call, query: Query, types: tuple[str, ...]) -> list[dict[str, Any]]:
    names = _Names(call)
    found: list[dict[str, Any]] = []
    for type_ in types:
        kind = _KINDS[type_]
        holds = matcher(query, kind, names)
        where = "hidden = 0" if kind == "tickets" else ""
        for row in call.ctx.store.select(call.ctx.name, kind, where):
            doc = row.doc()
            if holds(doc):
                found.append({**doc, "result_type": type_})
    return found


def _query(call: Call) -> Query:
    text = call.query.get("query", "")
    if not text.strip():
        raise bad_request("invalid", "Query parameter is required")
    try:
        return parse_query(text)
    except SearchSyntaxError as ex:
        raise bad_request("invalid", f"Invalid search: {ex}") from ex


def _matching(call: Call) -> list[dict[str, Any]]:
    query = _query(call)
    types = (query.type,) if query.type else ("ticket", "user", "organization")
    try:
        return _results(call, query, types)
    except SearchSyntaxError as ex:
        raise bad_request("invalid", f"Invalid search: {ex}") from ex


def _sort(call: Call, docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    key_name = call.query.get("sort_by")
    if key_name is None:
        return docs
    if key_name not in _SORTS:
        raise bad_request("invalid", f"sort_by must be one of {', '.join(_SORTS)}")
    orders = {"priority": PRIORITY_ORDER, "status": STATUS_ORDER}

    def key(doc: dict[str, Any]) -> Any:
        if key_name in orders:
            return orders[key_name].get(str(doc.get(key_name)), 0)
        return str(doc.get("type" if key_name == "ticket_type" else key_name) or "")

    return sorted(docs, key=key, reverse=call.query.get("sort_order", "desc") != "asc")


def _int(call: Call, name: str, default: int) -> int:
    text = call.query.get(name, str(default))
    if not text.isdigit() or int(text) < 1:
        raise ApiProblem(
            400,
            {
                "error": {
                    "title": "Invalid attribute",
                    "message": f"You passed an invalid value for the {name} attribute.",
                }
            },
        )
    return int(text)


def _search(call: Call) -> Reply:
    if any(k.startswith("page[") for k in call.query):
        raise ApiProblem(
            400,
            {
                "error": {
                    "title": "Invalid attribute",
                    "message": "You passed an"
                    " invalid value for the page attribute. Invalid"
                    " parameter: page must be an integer from"
                    " api/v2/search/index",
                }
            },
        )
    page, size = _int(call, "page", 1), min(_int(call, "per_page", 100), 100)
    if page * size > _LIMIT:
        raise ApiProblem(
            422,
            {
                "error": "invalid",
                "description": "Invalid search: Requested"
                " response size was greater than Search Response Limits",
            },
        )
    docs = _sort(call, _matching(call))
    chunk = docs[(page - 1) * size : page * size]
    base = f"{URL_MARK}search.json?query={call.query.get('query', '')}&per_page={size}"
    more = page * size < min(len(docs), _LIMIT)
    return Reply(
        200,
        {
            "results": chunk,
            "facets": None,
            "next_page": f"{base}&page={page + 1}" if more else None,
            "previous_page": f"{base}&page={page - 1}" if page > 1 else None,
            "count": len(docs),
        },
    )


def _count(call: Call) -> Reply:
    return Reply(200, {"count": len(_matching(call))})


def _cursor(text: str) -> int:
    try:
        return int(base64.urlsafe_b64decode(text.encode()).decode())
    except (ValueError, binascii.Error, UnicodeDecodeError) as ex:
        raise bad_request("InvalidCursor", "The cursor is not valid") from ex


def _export(call: Call) -> Reply:
    type_ = call.query.get("filter[type]")
    if type_ not in _KINDS:
        raise bad_request(
            "InvalidParameter", "filter[type] is required: ticket, user, organization or group"
        )
    query = _query(call)
    if query.type is not None:
        raise bad_request("invalid", "Invalid search: type: belongs in filter[type]")
    size = min(_int(call, "page[size]", 100), 1000)
    start = _cursor(call.query["page[after]"]) if "page[after]" in call.query else 0
    try:
        docs = _results(call, query, (type_,))
    except SearchSyntaxError as ex:
        raise bad_request("invalid", f"Invalid search: {ex}") from ex
    docs.sort(key=lambda d: (str(d.get("created_at") or ""), d["id"]))
    chunk = docs[start : start + size]
    more = start + size < len(docs)
    after = base64.urlsafe_b64encode(str(start + size).encode()).decode() if more else None
    query_text = call.query.get("query", "")
    next_url = (
        (
            f"{URL_MARK}search/export.json?query={query_text}&filter[type]={type_}"
            f"&page[size]={size}&page[after]={after}"
        )
        if after
        else None
    )
    return Reply(
        200,
        {
            "results": chunk,
            "facets": None,
            "meta": {"has_more": more, "after_cursor": after, "before_cursor": None},
            "links": {"prev": None, "next": next_url},
        },
    )


def search_routes() -> list[Route]:
    return [
        ("GET", "/search", _search),
        ("GET", "/search/count", _count),
        ("GET", "/search/export", _export),
    ]
