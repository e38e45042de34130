"""The migration pipeline: read → map → quarantine → batch → users → uploads → import → ledger.

One run streams the source once. A reader thread maps records into chunks of 100 (a bounded
queue, so memory stays flat whatever the history's size) while the main thread decides each
record's fate from the ledger and sends batches; up to ``window`` import jobs are in flight at
once and are polled together. Every step is written to the ledger before and after it touches
the target, so a killed run resumes exactly where it stopped (see :mod:`.ledger`).

Per record, against what the ledger already knows:

- quarantined by the mapping → ``quarantined`` with its reasons, the run goes on;
- imported with the same content hash → nothing to do;
- imported with a new content hash → a delta update (:mod:`.delta`);
- failed → left alone, unless this is ``retry`` or the record changed;
- anything else → sent.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from helpctl.errors import HelpctlError, Interrupted, SourceError
from helpctl.migrate.batches import BatchSender, Sent
from helpctl.migrate.delta import DeltaUpdater
from helpctl.migrate.hashing import ticket_hash
from helpctl.migrate.ledger import Entry, Ledger
from helpctl.migrate.mapped import MappedTicket, Quarantined
from helpctl.migrate.model import LegacyTicket, Source
from helpctl.migrate.preexisting import Adopter
from helpctl.migrate.reconcile import reconcile
from helpctl.migrate.records import map_unique
from helpctl.migrate.target import BATCH, ImportTarget

__all__ = ["Progress", "RunOptions", "RunReport", "TicketMapper", "run"]


class TicketMapper(Protocol):
    """What the runner needs of a :class:`~helpctl.migrate.mapping.Mapping`."""

    def map_ticket(self, ticket: LegacyTicket) -> MappedTicket | Quarantined: ...


@dataclass
class RunOptions:
    """``window``: import jobs in flight; ``retry_only``: send only records that failed;
    ``tickets_per_job`` / ``users_per_job``: the mapping's ``batch`` (Zendesk allows 100)."""

    window: int = 8
    retry_only: bool = False
    poll_interval: float = 0.02
    tickets_per_job: int = BATCH
    users_per_job: int = BATCH


@dataclass
class Progress:
    """Handed to the progress callback after every chunk."""

    done: int
    total: int | None
    imported: int
    elapsed: float
    #: ``"reconciling"`` while records a previous run left unsettled are looked up (``done``
    #: and ``total`` then count those), ``"migrating"`` after
    phase: str = "migrating"


@dataclass
class RunReport:
    """What a run did (``this_run``) and where the whole migration stands (``counts``)."""

    counts: dict[str, int]
    this_run: dict[str, int]
    failures: list[dict[str, str]]
    quarantined: list[dict[str, object]]
    elapsed: float
    requests: int | None = None
    duplicates: dict[str, list[int]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.counts.get("failed", 0) == 0 and self.counts.get("sent", 0) == 0

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "counts": self.counts,
            "this_run": self.this_run,
            "failures": self.failures,
            "quarantined": self.quarantined,
            "elapsed_s": round(self.elapsed, 3),
            "requests": self.requests,
            "duplicates": self.duplicates,
        }


#: Chunks whose users are upserted together, ahead of their tickets.
USERS_AHEAD = 4

_Item = tuple[str, MappedTicket | Quarantined, str]  # source id, mapped, content hash
_DONE = object()


class _Reader:
    """Maps the source into chunks of :data:`BATCH` on a thread of its own, through a bounded
    queue. Everything touching the source happens on that thread (``count()`` too: some sources
    stage into SQLite, whose connections stay on the thread that made them)."""

    def __init__(self, source: Source, mapper: TicketMapper) -> None:
        self.source = source
        self.mapper = mapper
        self.total: int | None = None
        self._queue: queue.Queue[object] = queue.Queue(maxsize=4)
        self._stop = threading.Event()

    def _put(self, item: object) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def _work(self) -> None:
        chunk: list[_Item] = []
        try:
            self.total = self.source.count()
            for _, mapped in map_unique(self.source.tickets(), self.mapper.map_ticket):
                digest = ticket_hash(mapped) if isinstance(mapped, MappedTicket) else ""
                chunk.append((mapped.source_id, mapped, digest))
                if len(chunk) >= BATCH:
                    if not self._put(chunk):
                        return
                    chunk = []
            if self._put(chunk):
                self._put(_DONE)
        except BaseException as exc:  # forwarded to the main thread, which re-raises it
            self._put(exc)

    def chunks(self) -> Iterator[list[_Item]]:
        thread = threading.Thread(target=self._work, daemon=True, name="migrate-reader")
        thread.start()
        try:
            while True:
                item = self._queue.get()
                if item is _DONE:
                    return
                if isinstance(item, BaseException):
                    if isinstance(item, SourceError | OSError | UnicodeError | ValueError):
                        raise SourceError(f"{self.source.kind} source: {item}") from item
                    raise item
                yield item  # type: ignore[misc]
        finally:
            self._stop.set()


def run(
    source: Source,
    mapper: TicketMapper,
    target: ImportTarget,
    ledger: Ledger,
    *,
    options: RunOptions | None = None,
    progress: Callable[[Progress], None] | None = None,
    requests: Callable[[], int] | None = None,
) -> RunReport:
    """Migrate ``source`` through ``mapper`` into ``target``, exactly once (module docstring).

    Raises :class:`~helpctl.errors.Interrupted` on Ctrl-C (the ledger stays consistent).
    """
    opts = options or RunOptions()
    started = time.monotonic()
    run_id = ledger.start_run("retry" if opts.retry_only else "run")
    stats = dict.fromkeys(
        ("read", "sent", "adopted", "unchanged", "updated", "quarantined", "skipped"), 0
    )
    sender = BatchSender(
        target,
        ledger,
        window=opts.window,
        poll_interval=opts.poll_interval,
        tickets_per_job=opts.tickets_per_job,
        users_per_job=opts.users_per_job,
    )

    def report_progress(done: int, total: int | None, phase: str = "migrating") -> None:
        if progress is not None:
            elapsed = time.monotonic() - started
            progress(Progress(done, total, sender.imported, elapsed, phase))

    try:
        duplicates = _stream(_Reader(source, mapper), target, ledger, sender, opts, stats,
                             report_progress)  # fmt: skip
    except KeyboardInterrupt:
        stats.update(imported=sender.imported, failed=sender.failed)
        ledger.finish_run(run_id, "interrupted", stats)
        done = ", ".join(f"{k} {v}" for k, v in stats.items() if v)
        raise Interrupted(
            f"migration interrupted; this run so far: {done or 'nothing done'}",
            hint="the ledger is consistent: run the same command again to continue",
        ) from None
    except HelpctlError:
        ledger.finish_run(run_id, "error", stats)
        raise
    finally:
        sender.close()
    stats.update(imported=sender.imported, failed=sender.failed)
    report = _report(ledger, stats, time.monotonic() - started, requests)
    report.duplicates = duplicates
    ledger.finish_run(run_id, "ok" if report.ok else "partial", stats)
    return report


def _stream(
    reader: _Reader,
    target: ImportTarget,
    ledger: Ledger,
    sender: BatchSender,
    opts: RunOptions,
    stats: dict[str, int],
    progress: Callable[..., None],
) -> dict[str, list[int]]:
    """Reconcile what a previous run left unsettled, then stream the source through the sender;
    returns the duplicates met (external id → ticket ids; none unless something else imported)."""
    delta = DeltaUpdater(target, ledger)
    pre = reconcile(
        ledger, target, progress=lambda done, total: progress(done, total, "reconciling")
    )
    stats["reconciled"] = pre.settled
    adopter = Adopter(ledger, target)
    for group in _groups(reader.chunks(), USERS_AHEAD):
        # the users of a few chunks at once: fewer user jobs, each of which holds up a batch
        sender.upsert_users([m for chunk in group for _, m, _ in chunk
                             if isinstance(m, MappedTicket)])  # fmt: skip
        for chunk in group:
            _dispatch(chunk, ledger, sender, delta, adopter, opts, stats)
            progress(stats["read"], reader.total)
    sender.drain()
    delta.flush()
    sender.recover_lost()
    return sender.duplicates | pre.duplicates


def _groups(chunks: Iterator[list[_Item]], size: int) -> Iterator[list[list[_Item]]]:
    """Chunks ``size`` at a time; what was read before an error (Ctrl-C, a bad record) is
    still handed out before the error is raised."""
    group: list[list[_Item]] = []
    first = True
    while True:
        try:
            chunk = next(chunks, None)
        except BaseException:
            if group:
                yield group
            raise
        if chunk is None:
            break
        group.append(chunk)
        if len(group) >= size or first:  # the first chunk alone: sending starts at once
            yield group
            group, first = [], False
    if group:
        yield group


def _dispatch(
    chunk: list[_Item],
    ledger: Ledger,
    sender: BatchSender,
    delta: DeltaUpdater,
    adopter: Adopter,
    opts: RunOptions,
    stats: dict[str, int],
) -> None:
    known = ledger.entries([item[0] for item in chunk])
    sends: list[tuple[MappedTicket, str]] = []
    for sid, mapped, digest in chunk:
        stats["read"] += 1
        entry = known.get(sid)
        if isinstance(mapped, Quarantined):
            if entry is None or entry.state in ("pending", "failed", "quarantined"):
                ledger.mark_quarantined(sid, sid, mapped.reasons)
                stats["quarantined"] += 1
            continue
        action = _decide(entry, digest, opts)
        if action == "send":
            sends.append((mapped, digest))
        elif action == "update" and entry is not None:
            delta.add(entry, mapped)
            stats["updated"] += 1
        else:
            stats[action] += 1
    # another ledger (another machine) may have created some already: probe for them first
    adopted = adopter.adopt(sends)
    sender.duplicates.update(adopted.duplicates)
    stats["adopted"] += len(adopted.source_ids)
    for mapped, digest in sends:
        if mapped.source_id not in adopted.source_ids:
            sender.add(Sent(mapped, digest))
            stats["sent"] += 1


def _decide(entry: Entry | None, digest: str, opts: RunOptions) -> str:
    if opts.retry_only:
        return "send" if entry is not None and entry.state == "failed" else "skipped"
    if entry is None or entry.state in ("pending", "quarantined"):
        return "send"
    if entry.state == "imported":
        return "unchanged" if entry.content_hash == digest else "update"
    if entry.state == "failed":
        return "skipped" if entry.content_hash == digest else "send"
    return "skipped"  # still "sent": reconcile could not settle it; next run will


def _report(
    ledger: Ledger, stats: dict[str, int], elapsed: float, requests: Callable[[], int] | None
) -> RunReport:
    failures = [
        {"source_id": e.source_id, "external_id": e.external_id, "reason": e.reason}
        for _, e in zip(range(100), ledger.by_state("failed"), strict=False)
    ]
    quarantined: list[dict[str, object]] = [
        {"source_id": e.source_id, "reasons": e.reasons}
        for _, e in zip(range(100), ledger.by_state("quarantined"), strict=False)
    ]
    return RunReport(
        counts=ledger.counts(),
        this_run=stats,
        failures=failures,
        quarantined=quarantined,
        elapsed=elapsed,
        requests=requests() if requests else None,
    )
