"""Settling records whose outcome is unknown, before anything is sent again.

A record is *unsettled* when the ledger says ``sent`` but no job outcome was recorded: the
process was killed after the request left, the reply was lost (connection reset), or the job
expired before it was polled. Re-sending blindly would duplicate tickets that did arrive, so:

1. records whose job id is known: the jobs are polled together (``job_statuses/show_many``);
   a completed job's results name the tickets it created, which are read back 100 at a time
   (``tickets/show_many``) and matched to the records by ``external_id``. A record of a
   completed job that none of them carries was refused: ``pending``, sent again. This is the
   bulk path: a resume after a kill costs about 2 requests per 100 records, not one each;
2. everything else (no job id: killed while the request was travelling; the job expired or
   failed as a whole) waits until the account has no job still queued or working (one of those
   may be carrying our records), then each ``external_id`` is looked up on the target, one
   request each: found → ``imported`` (the smallest id if a duplicate slipped in), missing →
   ``pending``, which the runner sends again. The sender records a job id as soon as its post
   returns, so this path is left with at most the batches whose posts were in flight.

``progress(done, total)`` is called as records are settled (the CLI shows it on stderr).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from helpctl.migrate.ledger import Entry, Ledger
from helpctl.migrate.target import ImportTarget, JobOutcome

__all__ = ["Reconciled", "reconcile", "settle_job"]

#: How long to wait for the account's other jobs before looking records up anyway.
JOB_WAIT_SECONDS = 600.0
#: First pause between polls; doubled up to 2 s (most jobs finish within a poll or two).
FIRST_WAIT = 0.05


@dataclass
class Reconciled:
    """What a reconcile pass found."""

    imported: int = 0
    failed: int = 0
    missing: list[str] = field(default_factory=list)
    duplicates: dict[str, list[int]] = field(default_factory=dict)

    @property
    def settled(self) -> int:
        return self.imported + self.failed + len(self.missing)


def settle_job(ledger: Ledger, source_ids: Sequence[str], outcome: JobOutcome) -> list[str]:
    """Write a finished job's per-item results; returns the ids it could not settle (job lost,
    failed as a whole, or fewer results than items), which need a lookup."""
    if outcome.lost or (outcome.status != "completed" and not outcome.results):
        ledger.job_finished(outcome.job_id, outcome.status or "lost")
        return list(source_ids)
    ok: list[tuple[str, int]] = []
    bad: list[tuple[str, str]] = []
    for sid, (kind, value) in zip(source_ids, outcome.results, strict=False):
        if kind == "ok":
            ok.append((sid, int(value)))
        else:
            bad.append((sid, f"rejected by the target: {value}"))
    ledger.mark_imported(ok)
    ledger.mark_failed(bad)
    ledger.job_finished(outcome.job_id, outcome.status)
    return list(source_ids[len(outcome.results) :])


def reconcile(
    ledger: Ledger,
    target: ImportTarget,
    *,
    entries: Sequence[Entry] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    progress: Callable[[int, int], None] | None = None,
) -> Reconciled:
    """Settle ``entries`` (default: every ``sent`` record in the ledger) as the module says."""
    todo = list(entries) if entries is not None else list(ledger.by_state("sent"))
    result = Reconciled()
    if not todo:
        return result
    tell = progress or (lambda done, total: None)
    tell(0, len(todo))
    by_job: dict[str, list[Entry]] = defaultdict(list)
    unknown: list[Entry] = []
    for e in todo:
        if e.job_id:
            by_job[e.job_id].append(e)
        else:
            unknown.append(e)
    if by_job:
        unknown += _settle_known_jobs(ledger, target, by_job, result, sleep, clock)
        tell(len(todo) - len(unknown), len(todo))
    if unknown:
        _wait_for_jobs(target, sleep, clock)
        _look_up(ledger, target, unknown, result)
    tell(len(todo), len(todo))
    after = ledger.entries([e.source_id for e in todo])
    result.imported = sum(1 for e in after.values() if e.state == "imported")
    result.failed = sum(1 for e in after.values() if e.state == "failed")
    return result


def _settle_known_jobs(
    ledger: Ledger,
    target: ImportTarget,
    by_job: dict[str, list[Entry]],
    out: Reconciled,
    sleep: Callable[[float], None],
    clock: Callable[[], float],
) -> list[Entry]:
    """Wait for the jobs, then settle the records of completed ones from the tickets their
    results name (one ``show_many`` per 100); returns the records left for a lookup one by one.
    Results are not matched by index: the ledger does not keep a record's place in its job."""
    pending = set(by_job)
    deadline = clock() + JOB_WAIT_SECONDS
    delay = FIRST_WAIT
    outcomes: dict[str, JobOutcome] = {}
    while pending and clock() < deadline:
        done = target.poll(sorted(pending))
        for job_id, outcome in done.items():
            ledger.job_finished(job_id, outcome.status or "lost")
            outcomes[job_id] = outcome
            pending.discard(job_id)
        if pending:
            sleep(delay)
            delay = min(delay * 2, 2.0)
    settled = [
        j
        for j, o in outcomes.items()
        if o.status == "completed" and not o.lost and len(o.results) >= len(by_job[j])
    ]
    left = [e for job_id, entries in by_job.items() if job_id not in settled for e in entries]
    ids = [int(v) for j in settled for kind, v in outcomes[j].results if kind == "ok"]
    found: dict[str, list[int]] = defaultdict(list)
    for ticket in target.tickets_by_id(ids):
        found[str(ticket.get("external_id"))].append(int(ticket["id"]))
    imported: list[tuple[str, int]] = []
    missing: list[str] = []
    for entry in (e for j in settled for e in by_job[j]):
        tids = sorted(found.get(entry.external_id) or [])
        if tids:
            imported.append((entry.source_id, tids[0]))
        else:
            missing.append(entry.source_id)
    ledger.mark_imported(imported)
    ledger.mark_pending(missing)
    out.missing += missing
    return left


def _wait_for_jobs(
    target: ImportTarget, sleep: Callable[[float], None], clock: Callable[[], float]
) -> None:
    deadline = clock() + JOB_WAIT_SECONDS
    active = target.active_jobs()
    delay = FIRST_WAIT
    while active and clock() < deadline:
        sleep(delay)
        delay = min(delay * 2, 2.0)
        still = set(target.active_jobs())
        active = [j for j in active if j in still]


def _look_up(
    ledger: Ledger, target: ImportTarget, entries: Sequence[Entry], out: Reconciled
) -> None:
    found = target.find_external_ids(e.external_id for e in entries)
    imported: list[tuple[str, int]] = []
    for e in entries:
        ids = found.get(e.external_id) or []
        if ids:
            imported.append((e.source_id, ids[0]))
            if len(ids) > 1:
                out.duplicates[e.external_id] = ids
        else:
            out.missing.append(e.source_id)
    ledger.mark_imported(imported)
    ledger.mark_pending(out.missing)
