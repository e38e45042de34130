"""Records another ledger already created are adopted, not sent again (issue 10, finding 1,
the cross-machine case); a chunk nobody created costs three probes."""

from __future__ import annotations

from pathlib import Path

from fake_target import FakeTarget

from helpctl.migrate.ledger import Ledger
from helpctl.migrate.mapped import MappedTicket
from helpctl.migrate.preexisting import PROBE_EVERY, Adopter, adopt_existing


def _tickets(n: int) -> list[tuple[MappedTicket, str]]:
    return [
        (MappedTicket(f"T{i:03d}", f"x-T{i:03d}", "s", "open", "u1", [], {}), f"h{i}")
        for i in range(n)
    ]


def _created_elsewhere(target: FakeTarget, external_ids: list[str]) -> None:
    for ext in external_ids:
        tid = len(target.tickets) + 1
        target.tickets[tid] = {"id": tid, "external_id": ext, "comments": []}


def test_a_chunk_nobody_created_costs_three_probes(tmp_path: Path) -> None:
    target = FakeTarget()
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:
        adopted = adopt_existing(_tickets(100), ledger, target)
        assert ledger.counts()["imported"] == 0
    assert adopted.source_ids == set()
    assert target.lookups == ["x-T000", "x-T050", "x-T099"]


def test_what_another_ledger_created_is_adopted_with_its_ids(tmp_path: Path) -> None:
    target = FakeTarget()
    _created_elsewhere(target, [f"x-T{i:03d}" for i in range(60)])  # its run stopped at 60
    _created_elsewhere(target, ["x-T010"])  # and a duplicate slipped in there
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:
        adopted = adopt_existing(_tickets(100), ledger, target)
        entry = ledger.entry("T010")
        assert ledger.counts()["imported"] == 60
    assert adopted.source_ids == {f"T{i:03d}" for i in range(60)}
    assert adopted.duplicates == {"x-T010": [11, 61]}
    assert entry is not None and entry.state == "imported" and entry.target_id == 11
    assert len(target.lookups) == 3 + 100


def test_a_run_probes_its_first_chunk_then_one_in_twenty(tmp_path: Path) -> None:
    target = FakeTarget()
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:
        adopter = Adopter(ledger, target)
        for _ in range(PROBE_EVERY + 5):
            adopter.adopt(_tickets(100))
    assert len(target.lookups) == 3 * 2  # chunk 0 and chunk PROBE_EVERY


def test_after_a_probe_hits_every_chunk_is_probed_until_one_misses(tmp_path: Path) -> None:
    target = FakeTarget()
    _created_elsewhere(target, [f"x-T{i:03d}" for i in range(100)])
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:
        adopter = Adopter(ledger, target)
        first = adopter.adopt(_tickets(100))
        second = adopter.adopt(_tickets(100))  # the same records again: still found
        adopter.adopt([(MappedTicket("N1", "x-N1", "s", "open", "u1", [], {}), "h")])  # a miss
        before = len(target.lookups)
        adopter.adopt([(MappedTicket("N2", "x-N2", "s", "open", "u1", [], {}), "h")])
    assert len(first.source_ids) == 100 and len(second.source_ids) == 100
    assert len(target.lookups) == before  # the probe missed: back to one chunk in twenty
