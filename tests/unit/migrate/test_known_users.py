"""The LRU of users in front of the ledger: read-through, write-through, bounded."""

from __future__ import annotations

from collections.abc import Sequence

from helpctl.migrate.known_users import KnownUsers, UserRecord
from helpctl.migrate.ledger import Ledger


class CountingStore:
    def __init__(self, rows: dict[str, UserRecord]) -> None:
        self.rows = rows
        self.asked: list[list[str]] = []

    def user_records(self, keys: Sequence[str]) -> dict[str, UserRecord]:
        self.asked.append(list(keys))
        return {k: self.rows[k] for k in keys if k in self.rows}


def test_misses_are_read_once_and_absent_users_remembered_as_absent() -> None:
    store = CountingStore({"a": (1, "h1", "agent")})
    known = KnownUsers(store)
    assert known.get(["a", "b"]) == {"a": (1, "h1", "agent")}
    assert known.get(["b", "a"]) == {"a": (1, "h1", "agent")}
    assert store.asked == [["a", "b"]]


def test_saved_rows_are_answered_without_asking_the_ledger() -> None:
    store = CountingStore({})
    known = KnownUsers(store)
    assert known.get(["u"]) == {}
    known.saved([("u", (7, "h", "end-user"))])
    assert known.get(["u"]) == {"u": (7, "h", "end-user")}
    assert store.asked == [["u"]]


def test_capacity_bounds_memory_and_evicted_users_are_read_again() -> None:
    store = CountingStore({f"u{i}": (i, "h", "") for i in range(10)})
    known = KnownUsers(store, capacity=3)
    for i in range(10):
        known.get([f"u{i}"])
    assert len(known) == 3
    assert known.get(["u0", "u9"]) == {"u0": (0, "h", ""), "u9": (9, "h", "")}
    assert store.asked[-1] == ["u0"]
    # more keys in one call than the capacity: every answer still comes back
    assert len(known.get([f"u{i}" for i in range(10)])) == 10
    assert len(known) == 3


def test_reads_the_ledger_rows_with_their_roles() -> None:
    with Ledger(":memory:") as ledger:
        ledger.save_users([("x", "hx", 11), ("y", "hy", 12)])
        ledger.save_user_roles([("x", "agent")])
        known = KnownUsers(ledger)
        assert known.get(["x", "y", "z"]) == {"x": (11, "hx", "agent"), "y": (12, "hy", "")}
