"""A throwaway SQLite file for sources whose children are not next to their parents.

Exports list all answers after all questions, or comments in a file of their own. Rather than
holding them in memory, such sources copy the rows once into an indexed SQLite file in a
temporary folder and then read each thread's children with one indexed query: memory stays flat
however large the export is, and the folder is removed when the source is garbage-collected.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

__all__ = ["Staging"]

_BATCH = 1000


class Staging:
    """Tables created from ``schema`` (``name → columns``), each indexed on its first column."""

    def __init__(self, schema: dict[str, Sequence[str]]) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="helpctl-staging-")
        self.db = sqlite3.connect(Path(self._dir.name) / "staging.sqlite3")
        self.db.execute("PRAGMA journal_mode=OFF")
        self.db.execute("PRAGMA synchronous=OFF")
        self._columns = {name: tuple(cols) for name, cols in schema.items()}
        for name, cols in self._columns.items():
            self.db.execute(f"CREATE TABLE {name} (seq INTEGER PRIMARY KEY, {', '.join(cols)})")
            self.db.execute(f"CREATE INDEX {name}_key ON {name} ({cols[0]}, seq)")

    def load(self, table: str, rows: Iterable[Sequence[Any]]) -> int:
        """Insert ``rows`` (tuples in column order) in batches; returns how many."""
        return self.load_routed((table, row) for row in rows)

    def load_routed(self, rows: Iterable[tuple[str, Sequence[Any]]]) -> int:
        """Insert ``(table, row)`` pairs: one pass over a file can fill several tables."""
        sql = {
            name: f"INSERT INTO {name} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
            for name, cols in self._columns.items()
        }
        batches: dict[str, list[Sequence[Any]]] = {name: [] for name in self._columns}
        n = 0
        for table, row in rows:
            batch = batches[table]
            batch.append(row)
            n += 1
            if len(batch) >= _BATCH:
                self.db.executemany(sql[table], batch)
                batch.clear()
        for table, batch in batches.items():
            self.db.executemany(sql[table], batch)
        self.db.commit()
        return n

    def children(self, table: str, key: Any) -> list[tuple[Any, ...]]:
        """Every row of ``table`` whose first column is ``key``, in insertion order."""
        cols = ", ".join(self._columns[table])
        first = self._columns[table][0]
        sql = f"SELECT {cols} FROM {table} WHERE {first} = ? ORDER BY seq"
        return list(self.db.execute(sql, (key,)))

    def keys(self, table: str) -> Iterable[Any]:
        """The distinct first-column values, in order of first appearance."""
        first = self._columns[table][0]
        sql = f"SELECT {first} FROM {table} GROUP BY {first} ORDER BY MIN(seq)"
        return (row[0] for row in self.db.execute(sql))

    def close(self) -> None:
        self.db.close()
        self._dir.cleanup()
