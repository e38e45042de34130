"""The runner's guard against a repeated source id keeps its memory on disk, not in a set."""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Iterator

import pytest

from helpctl.errors import SourceError
from helpctl.migrate.mapped import Quarantined
from helpctl.migrate.model import LegacyTicket
from helpctl.migrate.records import DuplicateIds, map_unique


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


def test_ids_of_earlier_blocks_are_still_known_and_repeats_within_a_block_caught() -> None:
    with DuplicateIds() as seen:
        first = seen.check_block([(i, _ticket(f"T{i}")) for i in range(1, 301)])
        later = seen.check_block(
            [(301, _ticket("new")), (302, _ticket("T7")), (303, _ticket("new"))]
        )
        again = seen.check_block([(304, _ticket("T7"))])
    assert first == [None] * 300
    assert later[0] is None
    assert later[1] is not None and later[1].source_id == "T7#dup2"
    assert "already used by record 7" in later[1].reasons[0]
    assert later[2] is not None and later[2].source_id == "new#dup2"
    assert "already used by record 301" in later[2].reasons[0]
    assert again[0] is not None and again[0].source_id == "T7#dup3"


def test_map_unique_hands_out_what_was_read_before_a_source_error() -> None:
    def tickets() -> Iterator[LegacyTicket]:
        yield _ticket("a")
        yield _ticket("b")
        raise SourceError("unterminated quote at line 3")

    got: list[str] = []
    with pytest.raises(SourceError, match="line 3"):
        for legacy, _ in map_unique(tickets(), lambda t: Quarantined(t.source_id, ["x"])):
            got.append(legacy.source_id)
    assert got == ["a", "b"]


def test_python_memory_does_not_grow_with_the_ids_seen() -> None:
    # 30,000 ids held in a dict cost some 3 MB of Python objects; on disk, next to nothing
    tickets = [_ticket(f"T{i:07d}") for i in range(30_000)]
    numbered = list(enumerate(tickets))
    with DuplicateIds() as seen:
        seen.check_block(numbered[:1000])
        gc.collect()
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            for i in range(1000, len(numbered), 100):
                seen.check_block(numbered[i : i + 100])
            gc.collect()
            grown = tracemalloc.get_traced_memory()[0] - before
        finally:
            tracemalloc.stop()
    assert grown < 200_000, f"{grown} bytes of Python objects kept for 29,000 ids"
