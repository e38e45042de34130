"""The users a run has met, remembered in a bounded LRU in front of the ledger.

Every batch needs its users' target ids, upsert hashes and highest roles so far; asking the
ledger cost two queries per batch (twice: once when users are upserted ahead, once when the
batch is built). The ledger stays the source of truth: :class:`KnownUsers` only answers what it
read from it or wrote to it in this run (a run holds the ledger's lock, so nothing else writes
users meanwhile), and forgets the least recently used users beyond :data:`CAPACITY`, so memory
stays flat whatever the number of people in the source. Pure domain.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import Protocol

__all__ = ["CAPACITY", "KnownUsers", "UserRecord", "UserStore"]

#: Users remembered at most (about 250 bytes each).
CAPACITY = 10_000

#: target id, hash of what was upserted, highest role so far ('' when not known)
UserRecord = tuple[int, str, str]


class UserStore(Protocol):
    """What :class:`KnownUsers` needs of the ledger."""

    def user_records(self, keys: Sequence[str]) -> dict[str, UserRecord]: ...


class KnownUsers:
    """A read-through, write-through LRU of the ledger's ``users`` rows (module docstring)."""

    def __init__(self, store: UserStore, capacity: int = CAPACITY) -> None:
        self._store = store
        self._capacity = max(1, capacity)
        self._rows: OrderedDict[str, UserRecord | None] = OrderedDict()  # None: not in ledger

    def get(self, keys: Sequence[str]) -> dict[str, UserRecord]:
        """The ledger's row for each of ``keys`` that has one (misses read in one query)."""
        rows = {k: self._rows[k] for k in keys if k in self._rows}
        missing = [k for k in keys if k not in rows]
        if missing:
            found = self._store.user_records(missing)
            rows.update((k, found.get(k)) for k in missing)
        self._put(rows.items())
        return {k: row for k, row in rows.items() if row is not None}

    def saved(self, rows: Iterable[tuple[str, UserRecord]]) -> None:
        """Rows just written to the ledger."""
        self._put(rows)

    def __len__(self) -> int:
        return len(self._rows)

    def _put(self, rows: Iterable[tuple[str, UserRecord | None]]) -> None:
        for key, row in rows:
            self._rows[key] = row
            self._rows.move_to_end(key)
        while len(self._rows) > self._capacity:
            self._rows.popitem(last=False)
