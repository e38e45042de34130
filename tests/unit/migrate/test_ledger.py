"""The ledger's state machine: what a killed run leaves behind, and what a resumed run reads."""

from __future__ import annotations

import multiprocessing
import os
import signal
from pathlib import Path

import pytest

from helpctl.migrate.ledger import Ledger, Outgoing


def _out(n: int, archived: bool = False) -> list[Outgoing]:
    return [Outgoing(f"s{i}", f"ext-{i}", f"hash-{i}", archived) for i in range(n)]


def test_sent_records_without_a_job_are_unsettled_until_imported(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.sqlite3") as ledger:
        ledger.mark_sent(_out(3))
        assert [e.source_id for e in ledger.by_state("sent")] == ["s0", "s1", "s2"]
        assert all(e.job_id is None for e in ledger.by_state("sent"))
        ledger.set_job(["s0", "s1", "s2"], "J1")
        ledger.mark_imported([("s0", 10), ("s1", 11)])
        ledger.mark_failed([("s2", "rejected: subject blank")])
        counts = ledger.counts()
    assert counts == {"pending": 0, "sent": 0, "imported": 2, "failed": 1, "quarantined": 0}


def test_every_send_counts_an_attempt_and_clears_the_old_failure(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.sqlite3") as ledger:
        ledger.mark_sent(_out(1))
        ledger.mark_failed([("s0", "boom")])
        ledger.mark_sent(_out(1))
        entry = ledger.entry("s0")
    assert entry is not None
    assert (entry.state, entry.attempts, entry.reason) == ("sent", 2, "")


def test_quarantine_keeps_every_reason_and_never_overrides_an_import(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.sqlite3") as ledger:
        ledger.mark_quarantined("q1", "ext-q1", ["subject is empty", "comment 2: body is empty"])
        ledger.mark_sent(_out(1))
        ledger.mark_imported([("s0", 7)])
        ledger.mark_quarantined("s0", "ext-0", ["late problem"])
        q = ledger.entry("q1")
        s = ledger.entry("s0")
    assert q is not None and q.reasons == ["subject is empty", "comment 2: body is empty"]
    assert s is not None and (s.state, s.target_id) == ("imported", 7)


def test_reconcile_can_send_missing_records_back_to_pending(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.sqlite3") as ledger:
        ledger.mark_sent(_out(2))
        ledger.mark_pending(["s1"])
        states = {e.source_id: e.state for e in ledger.by_state("sent", "pending")}
    assert states == {"s0": "sent", "s1": "pending"}


def test_user_cache_maps_keys_to_target_ids_and_hashes(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.sqlite3") as ledger:
        ledger.save_users([("u1", "h1", 501), ("u2", "h2", 502)])
        ledger.save_users([("u2", "h2b", 502)])
        found = ledger.user_ids(["u1", "u2", "u3"])
        assert ledger.user_count() == 2
    assert found == {"u1": (501, "h1"), "u2": (502, "h2b")}


def test_by_state_pages_through_more_records_than_one_page(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.sqlite3") as ledger:
        ledger.mark_sent(_out(2500))
        seen = [e.source_id for e in ledger.by_state("sent")]
    assert len(seen) == 2500 and len(set(seen)) == 2500


def test_run_history_shows_a_killed_run_as_unfinished(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.sqlite3") as ledger:
        first = ledger.start_run("run")
        ledger.start_run("run")
        ledger.finish_run(first, "ok", {"read": 3})
        runs = ledger.runs()
    assert [r["outcome"] for r in runs] == ["unfinished", "ok"]
    assert runs[1]["counts"] == {"read": 3}


def _write_forever(path: str) -> None:
    ledger = Ledger(path)
    i = 0
    while True:
        batch = [Outgoing(f"k{i}-{j}", f"e{i}-{j}", "h") for j in range(100)]
        ledger.mark_sent(batch)
        ledger.set_job([o.source_id for o in batch], f"J{i}")
        ledger.mark_imported([(o.source_id, j) for j, o in enumerate(batch)])
        i += 1


def test_a_process_killed_mid_write_leaves_whole_batches_only(tmp_path: Path) -> None:
    path = str(tmp_path / "l.sqlite3")
    proc = multiprocessing.get_context("spawn").Process(target=_write_forever, args=(path,))
    proc.start()
    try:
        Ledger(path).close()
        while True:
            with Ledger(path) as probe:
                if probe.counts()["imported"] >= 300:
                    break
    finally:
        assert proc.pid is not None
        os.kill(proc.pid, signal.SIGKILL)
        proc.join()
    with Ledger(path) as ledger:
        counts = ledger.counts()
        jobs = {e.job_id for e in ledger.by_state("sent")}
    assert counts["imported"] % 100 == 0
    assert counts["sent"] in (0, 100)
    assert len(jobs) <= 1


class _InterruptOnce:
    """A connection that raises KeyboardInterrupt at the first ``executemany``: Ctrl-C landing
    inside a transaction, between BEGIN and COMMIT."""

    def __init__(self, db: object) -> None:
        self._db = db
        self.fired = False

    def executemany(self, *args: object) -> object:
        if not self.fired:
            self.fired = True
            raise KeyboardInterrupt
        return self._db.executemany(*args)  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> object:
        return getattr(self._db, name)


def test_ctrl_c_inside_a_transaction_rolls_it_back_and_the_ledger_stays_writable(
    tmp_path: Path,
) -> None:
    with Ledger(tmp_path / "l.sqlite3") as ledger:
        ledger.mark_sent(_out(2))
        real = ledger._db
        ledger._db = _InterruptOnce(real)  # type: ignore[assignment]
        with pytest.raises(KeyboardInterrupt):
            ledger.set_job(["s0", "s1"], "J1")
        ledger._db = real
        assert not real.in_transaction
        # all or nothing: the job row went with the interrupted update
        assert real.execute("SELECT COUNT(*) FROM jobs").fetchone() == (0,)
        ledger.set_job(["s0", "s1"], "J1")  # the next write starts its own transaction
        ledger.mark_imported([("s0", 1), ("s1", 2)])
        assert ledger.counts()["imported"] == 2
