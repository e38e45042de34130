"""The generic REST collection: list, create, show, update and delete one kind of object.

Each kind describes itself with a :class:`Collection` (envelope keys, pagination style, how a
body becomes a stored document); the handlers here do the rest the same way for every kind:
ids, ``url``, timestamps, 201 + ``Location``, 404 and 204.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from helpctl.sandbox.paging import Listing, Style, paginate
from helpctl.sandbox.replies import ApiProblem, Call, Details, Handler, Reply, iso, not_found
from helpctl.sandbox.store import URL_MARK, Row

__all__ = [
    "Build",
    "Collection",
    "Route",
    "merge",
    "now",
    "one",
    "reorder",
    "routes",
    "stamp",
    "sync_raw",
    "taken",
    "unique",
    "update_handler",
    "wrap",
]

#: Turns a request object (and the stored document on update) into the document to store.
Build = Callable[[Call, dict[str, Any] | None, dict[str, Any]], dict[str, Any]]
Route = tuple[str, str, Handler]


def now() -> float:
    return time.time()


@dataclass(frozen=True)
class Collection:
    """How one kind is stored and answered."""

    kind: str  # storage kind and URL path, e.g. "brands", "dynamic_content/items"
    singular: str
    plural: str
    build: Build
    style: Style = "both"
    ordered: bool = False
    string_id: bool = False
    delete_status: int = 204
    before_delete: Callable[[Call, Row], None] | None = None
    filters: Callable[[Call], tuple[str, list[Any]]] | None = None
    index: Callable[[dict[str, Any]], tuple[str | None, str | None]] | None = None
    after_write: Callable[[Call], None] | None = None  # keeps derived data of others in step

    def store(self, call: Call, doc: dict[str, Any], parent: int | None = None) -> None:
        ext, lookup = self.index(doc) if self.index else (None, None)
        position = doc.get("position")
        call.ctx.store.put(
            call.ctx.name,
            self.kind,
            int(doc["id"]),
            doc,
            parent=parent,
            position=position if isinstance(position, int) else 0,
            ext=ext,
            lookup=lookup,
        )

    def load(self, call: Call, param: str = "id") -> Row:
        return self.load_id(call, call.int_param(param))

    def load_id(self, call: Call, id: int) -> Row:
        row = call.ctx.store.get(call.ctx.name, self.kind, id)
        if row is None:
            raise not_found()
        return row


def merge(
    defaults: Mapping[str, Any],
    old: Mapping[str, Any] | None,
    obj: Mapping[str, Any],
    writable: frozenset[str] | set[str],
) -> dict[str, Any]:
    """The stored document: defaults, then the old document, then the writable keys sent."""
    doc = dict(old) if old is not None else dict(defaults)
    for key, value in obj.items():
        if key in writable:
            doc[key] = value
    return doc


def stamp(
    doc: dict[str, Any],
    path: str,
    id: int,
    old: Mapping[str, Any] | None,
    *,
    string_id: bool = False,
) -> dict[str, Any]:
    """Set the read-only keys every object has: id, url, created_at, updated_at (first)."""
    ts = iso(now())
    head: dict[str, Any] = {
        "url": f"{URL_MARK}{path}/{id}.json",
        "id": str(id) if string_id else id,
    }
    doc.pop("url", None)
    doc.pop("id", None)
    out = {**head, **doc}
    out["created_at"] = old["created_at"] if old else ts
    out["updated_at"] = ts
    return out


def one(key: str, body: str) -> str:
    return '{"' + key + '":' + body + "}"


def _list(coll: Collection) -> Handler:
    def handle(call: Call) -> Reply:
        where, params = coll.filters(call) if coll.filters else ("", [])
        listing = Listing(
            coll.kind, coll.kind, coll.plural, coll.style, coll.ordered, where, params
        )
        return paginate(call, listing)

    return handle


def _create(coll: Collection) -> Handler:
    def handle(call: Call) -> Reply:
        new_id = call.new_id = call.ctx.store.new_id()
        doc = coll.build(call, None, call.obj(coll.singular))
        doc = stamp(doc, coll.kind, new_id, None, string_id=coll.string_id)
        coll.store(call, doc)
        if coll.after_write:
            coll.after_write(call)
            doc = coll.load_id(call, new_id).doc()
        location = f"{URL_MARK}{coll.kind}/{new_id}.json"
        return Reply(201, {coll.singular: doc}, headers={"location": location})

    return handle


def _show(coll: Collection) -> Handler:
    def handle(call: Call) -> Reply:
        return Reply(text=one(coll.singular, coll.load(call).body))

    return handle


def update_handler(coll: Collection) -> Handler:
    def handle(call: Call) -> Reply:
        row = coll.load(call)
        old = row.doc()
        doc = coll.build(call, old, call.obj(coll.singular))
        doc = stamp(doc, coll.kind, row.id, old, string_id=coll.string_id)
        coll.store(call, doc, row.parent)
        if coll.after_write:
            coll.after_write(call)
            doc = coll.load_id(call, row.id).doc()
        return Reply(200, {coll.singular: doc})

    return handle


def _delete(coll: Collection) -> Handler:
    def handle(call: Call) -> Reply:
        row = coll.load(call)
        if coll.before_delete:
            coll.before_delete(call, row)
        call.ctx.store.delete(call.ctx.name, coll.kind, [row.id])
        if coll.after_write:
            coll.after_write(call)
        if coll.delete_status == 204:
            return Reply(204)
        return Reply(coll.delete_status, text=one(coll.singular, row.body))

    return handle


def routes(coll: Collection, *, update_method: str = "PUT") -> list[Route]:
    """The five standard routes of a collection."""
    base = "/" + coll.kind
    return [
        ("GET", base, _list(coll)),
        ("POST", base, _create(coll)),
        ("GET", base + "/{id}", _show(coll)),
        (update_method, base + "/{id}", update_handler(coll)),
        ("DELETE", base + "/{id}", _delete(coll)),
    ]


def wrap(fn: Callable[[Call], Any]) -> Handler:
    """A handler answering the document ``fn`` returns with 200."""

    def handle(call: Call) -> Reply:
        return Reply(200, fn(call))

    return handle


def sync_raw(doc: dict[str, Any], obj: dict[str, Any], pairs: tuple[tuple[str, str], ...]) -> None:
    """Keep ``raw_x`` in step with ``x`` unless the client sent ``raw_x`` (a placeholder)."""
    for plain, raw in pairs:
        if plain in obj and raw not in obj:
            doc[raw] = obj[plain]
        if raw in obj and plain not in obj and "{{" not in str(obj[raw]):
            doc[plain] = obj[raw]
        if doc.get(raw) is None and doc.get(plain) is not None:
            doc[raw] = doc[plain]


def reorder(kind: str, key: str) -> Any:
    """``PUT /{kind}/reorder``: the listed ids take the first positions, the rest follow."""

    def handle(call: Call) -> Reply:
        ids = call.body.get(key) if isinstance(call.body, dict) else None
        if not isinstance(ids, list):
            raise ApiProblem(400, {"error": "InvalidParameter", "description": f"{key} required"})
        rows = call.ctx.store.select(call.ctx.name, kind, order="position, id")
        order = {int(i): n for n, i in enumerate(ids)}
        ranked = sorted(rows, key=lambda r: (order.get(r.id, len(order)), r.position, r.id))
        updated = []
        for position, row in enumerate(ranked, start=1):
            doc = row.doc()
            doc["position"] = position
            updated.append((row.id, doc, row.parent, position, row.ext, row.lookup, False, 0.0))
        call.ctx.store.put_many(call.ctx.name, kind, updated)
        return Reply(200, {})

    return handle


def taken(call: Call, kind: str, lookup: str, own_id: int | str | None) -> bool:
    """Whether another object of ``kind`` already has this lookup value (a unique name).

    ``own_id`` may be a string (trigger categories have string ids): compared as text."""
    rows = call.ctx.store.find(call.ctx.name, kind, "lookup", lookup)
    return any(str(r.id) != str(own_id) for r in rows)


def unique(
    call: Call,
    kind: str,
    field: str,
    doc: dict[str, Any],
    old: dict[str, Any] | None,
    errors: Details,
) -> None:
    """Report a DuplicateValue when another object of ``kind`` has the same (trimmed) value."""
    value = doc.get(field)
    own = old["id"] if old else None
    if isinstance(value, str) and value.strip() and taken(call, kind, value.strip().lower(), own):
        errors.duplicate(field, value)
