"""One bad record never stops a run: what a source does with a record it cannot read.

Sources parse record by record; whatever is wrong with one record (not JSON, the wrong shape,
nested absurdly deep, a field over a size limit, a duplicate source id) becomes a
:class:`~helpctl.migrate.model.LegacyTicket` carrying a problem with the record's position
(``file:line`` or row id), which the mapping quarantines, and the stream goes on. Only a broken
*file structure* (a quote never closed) stops the run, with the line it started on.

:class:`DuplicateIds` is the runner's guard against one source id appearing twice in one
source: the second record is quarantined (``duplicate_source_id``) under a ledger key of its
own, so the first one's ticket is neither replaced nor duplicated. The ids seen are kept on
disk (a temporary SQLite file), not in memory: a run's memory does not grow with the source.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from helpctl.errors import SourceError
from helpctl.migrate.mapped import MappedTicket, Quarantined
from helpctl.migrate.model import LegacyTicket

__all__ = [
    "MAX_DEPTH",
    "DuplicateIds",
    "RecordError",
    "bad_record",
    "map_unique",
    "parse_record",
    "shape_error",
]

#: The deepest nesting a JSON record may have (the canonical model needs 5).
MAX_DEPTH = 32


class RecordError(SourceError):
    """One record cannot be read (the run quarantines it and goes on); ``doc``: what was parsed
    of it, if anything (its ``source_id`` keys the quarantined record)."""

    doc: Any = None


def parse_record(text: str) -> dict[str, Any]:
    """A JSON object of at most :data:`MAX_DEPTH` levels, or :class:`RecordError`."""
    try:
        doc = json.loads(text)
    except RecursionError:
        raise RecordError(f"nested deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:
        raise RecordError(f"not valid JSON: {exc}") from None
    if not isinstance(doc, dict):
        raise RecordError(f"a record must be a JSON object, not {type(doc).__name__}")
    # nesting needs an opening bracket per level: a text with few of them is shallow enough
    if text.count("{") + text.count("[") > MAX_DEPTH and _depth(doc) > MAX_DEPTH:
        err = RecordError(f"nested deeper than {MAX_DEPTH} levels")
        err.doc = doc
        raise err
    return doc


def _depth(doc: Any) -> int:
    deepest = 0
    stack: list[tuple[Any, int]] = [(doc, 1)]
    while stack:
        value, level = stack.pop()
        deepest = max(deepest, level)
        if level > MAX_DEPTH:
            return level
        children = value.values() if isinstance(value, dict) else value
        if isinstance(value, dict | list):
            stack.extend((child, level + 1) for child in children if isinstance(child, dict | list))
    return deepest


def shape_error(exc: BaseException) -> str:
    """A record of the wrong shape, said plainly (a key missing, a list where an object
    belongs…)."""
    if isinstance(exc, KeyError):
        return f"wrong shape: required key {exc.args[0]!r} is missing"
    return f"wrong shape: {exc}"


def bad_record(doc: Any, line: int, problem: str) -> LegacyTicket:
    """The stand-in for an unreadable record: keyed by its own ``source_id`` when it has a
    usable one, else by its line; its one problem quarantines it."""
    sid = doc.get("source_id") if isinstance(doc, dict) else None
    key = str(sid) if isinstance(sid, str | int) and not isinstance(sid, bool) and sid != "" else ""
    return LegacyTicket(key or f"line-{line}", "", [], problems=[problem])


class DuplicateIds:
    """Source ids seen so far in one pass, kept in a temporary SQLite file of their own (SQLite
    deletes it on close) behind a small page cache: memory stays flat whatever the source's
    size, where a set of ids would grow with every record. Records are checked a block at a
    time (two statements per block): a statement per record would hand the GIL to the other
    threads of a run at every record. Use it as a context manager."""

    def __init__(self) -> None:
        # "" opens a private temporary on-disk database (scratch: no journal, no fsync)
        self._db = sqlite3.connect("", check_same_thread=False, isolation_level=None)
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-1024"):
            self._db.execute(f"PRAGMA {pragma}")
        self._db.execute(
            "CREATE TABLE seen (source_id TEXT PRIMARY KEY, ordinal INTEGER NOT NULL,"
            " repeats INTEGER NOT NULL) WITHOUT ROWID"
        )
        self.count = 0

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> DuplicateIds:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def check(self, ticket: LegacyTicket, ordinal: int) -> Quarantined | None:
        """None the first time ``ticket.source_id`` is met; after that, the record quarantined
        under ``<id>#dup<n>`` with the position of the first one."""
        return self.check_block([(ordinal, ticket)])[0]

    def check_block(self, block: Sequence[tuple[int, LegacyTicket]]) -> list[Quarantined | None]:
        """:meth:`check` for each ``(ordinal, ticket)`` of ``block``, in order."""
        seen = self._known(list({t.source_id for _, t in block}))
        touched: set[str] = set()
        out: list[Quarantined | None] = []
        for ordinal, ticket in block:
            sid = ticket.source_id
            touched.add(sid)
            first = seen.get(sid)
            if first is None:
                seen[sid] = [ordinal, 1]
                out.append(None)
                continue
            first[1] += 1
            self.count += 1
            out.append(_duplicate(sid, ordinal, first[0], first[1]))
        self._db.executemany(
            "INSERT OR REPLACE INTO seen (source_id, ordinal, repeats) VALUES (?, ?, ?)",
            [(sid, *seen[sid]) for sid in touched],
        )
        return out

    def _known(self, ids: list[str]) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT source_id, ordinal, repeats FROM seen WHERE source_id IN ({marks})"
            out.update((sid, [first, n]) for sid, first, n in self._db.execute(sql, chunk))
        return out


def _duplicate(sid: str, ordinal: int, first: int, n: int) -> Quarantined:
    return Quarantined(
        f"{sid}#dup{n}",
        [
            f"duplicate_source_id: record {ordinal} has source id {sid!r}, "
            f"already used by record {first}; only the first is imported"
        ],
    )


#: Records read, checked for repeats and mapped at a time by :func:`map_unique`.
BLOCK = 100


def map_unique(
    tickets: Iterable[LegacyTicket],
    map_ticket: Callable[[LegacyTicket], MappedTicket | Quarantined],
) -> Iterator[tuple[LegacyTicket, MappedTicket | Quarantined]]:
    """Each record with its mapping, a repeated source id quarantined instead (see
    :class:`DuplicateIds`); what the runner, ``plan`` and ``verify`` read the source through.
    Records are read :data:`BLOCK` at a time; those read before a source error are still
    handed out before it is raised."""
    numbered = enumerate(tickets, start=1)
    with DuplicateIds() as seen:
        while True:
            block: list[tuple[int, LegacyTicket]] = []
            error: Exception | None = None
            try:
                for item in numbered:
                    block.append(item)
                    if len(block) >= BLOCK:
                        break
            except Exception as exc:  # re-raised below, once the block is handed out
                error = exc
            for (_, legacy), dup in zip(block, seen.check_block(block), strict=True):
                yield legacy, (dup if dup is not None else map_ticket(legacy))
            if error is not None:
                raise error
            if len(block) < BLOCK:
                return
