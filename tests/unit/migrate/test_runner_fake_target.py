"""The runner against an in-memory ImportTarget (no HTTP, no Zendesk JSON): batches flushed by
size and archive flag, jobs in flight bounded, lost answers reconciled by lookup rather than
re-sent, quarantine and its release, one unknown name failing one ticket only."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from fake_target import FakeTarget

from helpctl.migrate.hashing import ticket_hash
from helpctl.migrate.ledger import Ledger, Outgoing
from helpctl.migrate.mapped import MappedComment, MappedTicket, MappedUser, Quarantined
from helpctl.migrate.model import LegacyComment, LegacyTicket
from helpctl.migrate.runner import RunOptions, RunReport, run
from helpctl.migrate.target import ImportTarget

WHEN = datetime(2015, 3, 4, 5, 6, 7, tzinfo=UTC)


@dataclass
class ListSource:
    records: list[LegacyTicket]
    kind: str = "list"

    def tickets(self) -> Iterator[LegacyTicket]:
        yield from self.records

    def count(self) -> int | None:
        return len(self.records)


@dataclass
class Mapper:
    """Maps a legacy ticket one to one; an empty subject is quarantined; ``group`` is copied."""

    calls: list[str] = field(default_factory=list)

    def map_ticket(self, ticket: LegacyTicket) -> MappedTicket | Quarantined:
        self.calls.append(ticket.source_id)
        if not ticket.subject:
            return Quarantined(ticket.source_id, ["missing subject"])
        author = MappedUser("u1", "Ann", None, "ann@example.com")
        return MappedTicket(
            source_id=ticket.source_id,
            external_id=f"x-{ticket.source_id}",
            subject=ticket.subject,
            status=ticket.status,
            requester="u1",
            comments=[MappedComment("u1", c.body, False, True, WHEN) for c in ticket.comments],
            users={"u1": author},
            group=ticket.group,
            archive=ticket.status == "closed",
            created_at=WHEN,
        )


def _legacy(n: int, *, closed: int = 0) -> list[LegacyTicket]:
    return [
        LegacyTicket(
            source_id=f"T{i:03d}",
            subject=f"Ticket {i}",
            comments=[LegacyComment(f"C{i}", "u1", f"Hello {i}", WHEN)],
            status="closed" if i < closed else "open",
        )
        for i in range(n)
    ]


def _run(
    tmp_path: Path, records: list[LegacyTicket], target: ImportTarget, **options: object
) -> RunReport:
    opts = RunOptions(poll_interval=0.0, **options)  # type: ignore[arg-type]
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:
        return run(ListSource(records), Mapper(), target, ledger, options=opts)


def test_batches_flush_at_the_job_size_and_closed_history_goes_archived(tmp_path: Path) -> None:
    target = FakeTarget()
    report = _run(tmp_path, _legacy(25, closed=12), target, tickets_per_job=10)
    assert report.ok and report.counts["imported"] == 25
    sizes = sorted((s.archive, len(s.external_ids)) for s in target.imports)
    assert sizes == [(False, 3), (False, 10), (True, 2), (True, 10)]
    archived = {t["external_id"] for t in target.tickets.values() if t["archived"]}
    assert archived == {f"x-T{i:03d}" for i in range(12)}


def test_no_more_jobs_in_flight_than_the_window(tmp_path: Path) -> None:
    target = FakeTarget()
    report = _run(tmp_path, _legacy(60), target, tickets_per_job=5, window=2)
    assert report.ok and len(target.imports) == 12
    assert 1 <= target.max_in_flight <= 2


def test_a_lost_answer_is_reconciled_by_lookup_not_sent_again(tmp_path: Path) -> None:
    target = FakeTarget(lose_answers=1)
    report = _run(tmp_path, _legacy(25), target, tickets_per_job=10)
    lost = target.imports[0].external_ids
    # three probes before creating (another ledger may have made them), then only the batch
    # whose answer was lost
    assert target.lookups[:3] == ["x-T000", "x-T012", "x-T024"]
    assert sorted(target.lookups[3:]) == sorted(lost)
    assert target.posted == len(target.imports) == 3  # nothing sent twice
    assert target.external_ids() == sorted(f"x-T{i:03d}" for i in range(25))
    assert report.ok and report.counts["imported"] == 25


def test_a_request_lost_before_arriving_is_looked_up_then_sent_again(tmp_path: Path) -> None:
    target = FakeTarget(refuse_before=1)
    report = _run(tmp_path, _legacy(25), target, tickets_per_job=10)
    assert len(target.lookups) == 3 + 10  # 3 probes before creating; the first batch, missing
    assert target.posted == 4 and len(target.imports) == 3  # ... and sent once more
    assert target.external_ids() == sorted(f"x-T{i:03d}" for i in range(25))
    assert report.ok


def test_records_left_sent_by_a_crash_are_settled_before_anything_is_sent(tmp_path: Path) -> None:
    target = FakeTarget()
    mapper = Mapper()
    arrived = [m for m in map(mapper.map_ticket, _legacy(3)) if isinstance(m, MappedTicket)]
    for m in arrived:  # on the target, but the process died before recording the outcome
        tid = len(target.tickets) + 1
        target.tickets[tid] = {"id": tid, "external_id": m.external_id, "comments": []}
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:
        ledger.mark_sent([Outgoing(m.source_id, m.external_id, ticket_hash(m)) for m in arrived])
    report = _run(tmp_path, _legacy(5), target)
    assert report.this_run["reconciled"] == 3
    # the three settled by reconcile, then the two new ones before they are created
    assert sorted(target.lookups) == [f"x-T00{i}" for i in range(5)]
    assert [s.external_ids for s in target.imports] == [["x-T003", "x-T004"]]
    assert report.ok and report.counts["imported"] == 5


def test_quarantined_records_are_kept_out_and_sent_once_they_map(tmp_path: Path) -> None:
    records = _legacy(6)
    records[2].subject = ""
    records[4].subject = ""
    target = FakeTarget()
    report = _run(tmp_path, records, target)
    assert report.counts["quarantined"] == 2 and report.counts["imported"] == 4
    assert {q["source_id"]: q["reasons"] for q in report.quarantined} == {
        "T002": ["missing subject"],
        "T004": ["missing subject"],
    }
    assert "x-T002" not in target.external_ids()
    records[2].subject = "Fixed at the source"
    report = _run(tmp_path, records, target)
    assert report.this_run["sent"] == 1 and report.counts["quarantined"] == 1
    assert target.external_ids().count("x-T002") == 1


def test_an_unknown_group_fails_its_ticket_only(tmp_path: Path) -> None:
    records = _legacy(4)
    records[1].group = "Billing"
    target = FakeTarget()
    report = _run(tmp_path, records, target)
    assert [f["source_id"] for f in report.failures] == ["T001"]
    assert "no group named 'Billing'" in report.failures[0]["reason"]
    assert report.counts["imported"] == 3 and "x-T001" not in target.external_ids()
