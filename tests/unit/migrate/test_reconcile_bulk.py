"""A resume reconciles in bulk: records whose job id the ledger kept are settled from the job's
results and one ``show_many`` per 100 tickets, not one lookup each (issue 14); only records
with no job id are looked up one by one."""

from __future__ import annotations

from pathlib import Path

from fake_target import FakeTarget

from helpctl.migrate.ledger import Ledger, Outgoing
from helpctl.migrate.reconcile import reconcile


def _sent(ledger: Ledger, ids: list[str]) -> None:
    ledger.mark_sent([Outgoing(sid, f"x-{sid}", "h") for sid in ids])


def _doc(sid: str) -> dict[str, object]:
    return {"external_id": f"x-{sid}", "subject": sid, "comments": []}


class _CountingTarget(FakeTarget):
    shown: int = 0

    def tickets_by_id(self, ids):  # type: ignore[no-untyped-def]
        self.shown += (len(ids) + 99) // 100
        yield from super().tickets_by_id(ids)


def test_records_of_known_jobs_are_settled_from_the_results_without_lookups(
    tmp_path: Path,
) -> None:
    target = _CountingTarget()
    first = [f"A{i:03d}" for i in range(100)]
    second = [f"B{i:03d}" for i in range(100)]
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:
        _sent(ledger, first + second)
        # the first job arrived; the second was refused ticket by ticket except its first 40
        ledger.set_job(first, target.submit_import([_doc(s) for s in first], archive=False))
        job = target.submit_import([_doc(s) for s in second[:40]], archive=False)
        outcome_results = target._jobs[job][1] + [("error", "invalid")] * 60
        target._jobs[job] = (0, outcome_results)
        ledger.set_job(second, job)
        steps: list[tuple[int, int]] = []
        found = reconcile(ledger, target, sleep=lambda s: None,
                          progress=lambda d, t: steps.append((d, t)))  # fmt: skip
        counts = ledger.counts()
        entry = ledger.entry("A007")
    assert target.lookups == []  # no GET per ticket
    assert target.shown == 2  # 140 created tickets read back in two show_many
    assert counts["imported"] == 140 and counts["pending"] == 60
    assert found.imported == 140 and len(found.missing) == 60
    assert (
        entry is not None and entry.target_id == target.find_external_ids(["x-A007"])["x-A007"][0]
    )
    assert steps[0] == (0, 200) and steps[-1] == (200, 200)


def test_records_without_a_job_id_are_still_looked_up_one_by_one(tmp_path: Path) -> None:
    target = _CountingTarget()
    known = [f"K{i:03d}" for i in range(50)]
    blind = [f"U{i:03d}" for i in range(10)]
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:
        _sent(ledger, known + blind)
        ledger.set_job(known, target.submit_import([_doc(s) for s in known], archive=False))
        target.submit_import([_doc(s) for s in blind[:4]], archive=False)  # killed: id unknown
        found = reconcile(ledger, target, sleep=lambda s: None)
        counts = ledger.counts()
    assert sorted(target.lookups) == [f"x-{s}" for s in blind]
    assert counts["imported"] == 54 and counts["pending"] == 6
    assert sorted(found.missing) == blind[4:]
