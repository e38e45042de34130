"""The runner's guard against a repeated source id keeps its memory on disk, not in a set."""

from __future__ import annotations

import gc
import tracemalloc

from helpctl.migrate.model import LegacyTicket
from helpctl.migrate.records import DuplicateIds


def _ticket(sid: str) -> LegacyTicket:
    return LegacyTicket(sid, "", [])


def test_repeats_are_quarantined_with_the_first_position_and_a_key_of_their_own() -> None:
    with DuplicateIds() as seen:
        assert seen.check(_ticket("a"), 1) is None
        assert seen.check(_ticket("b"), 2) is None
        second = seen.check(_ticket("a"), 3)
        third = seen.check(_ticket("a"), 9)
        assert seen.count == 2
    assert second is not None and third is not None
    assert second.source_id == "a#dup2" and third.source_id == "a#dup3"
    assert "record 3" in second.reasons[0] and "record 1" in second.reasons[0]
    assert "record 9" in third.reasons[0] and "record 1" in third.reasons[0]


def test_ids_across_commits_are_still_known() -> None:
    with DuplicateIds() as seen:
        n = DuplicateIds.COMMIT_EVERY * 2 + 7
        assert all(seen.check(_ticket(f"T{i}"), i) is None for i in range(n))
        dup = seen.check(_ticket("T0"), n)
    assert dup is not None and dup.source_id == "T0#dup2"


def test_python_memory_does_not_grow_with_the_ids_seen() -> None:
    # 30,000 ids held in a dict cost some 3 MB of Python objects; on disk, next to nothing
    tickets = [_ticket(f"T{i:07d}") for i in range(30_000)]
    with DuplicateIds() as seen:
        for i, t in enumerate(tickets[:1000]):
            seen.check(t, i)
        gc.collect()
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            for i, t in enumerate(tickets[1000:], start=1000):
                seen.check(t, i)
            gc.collect()
            grown = tracemalloc.get_traced_memory()[0] - before
        finally:
            tracemalloc.stop()
    assert grown < 200_000, f"{grown} bytes of Python objects kept for 29,000 ids"
