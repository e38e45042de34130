"""The migration ledger: one SQLite file beside the mapping that makes a run exactly-once.

Every record's fate is written *before* and *after* each step that touches the target, each
step in its own transaction, so a process killed at any instant leaves a ledger that says either
"not sent yet" or "sent, outcome unknown" — never a lie. The reconciler settles the second kind
by looking the record's ``external_id`` up on the target before anything is re-sent.

States of a record::

    pending ──► sent(job?) ──► imported(target id)
                    │      └─► failed(reason) ──► (retry) sent …
                    └─ job lost / process killed: reconcile → imported, or back to pending
    quarantined(reasons)      the mapping refused it; re-evaluated on every run

Tables: ``records`` (per source record), ``users`` (user key → target id, with the hash of
what was sent so a changed user is upserted again, and the highest role given so far),
``late_comments`` (comments a delta run appended, with their source time: see
:mod:`.ledger_extras`), ``jobs`` (every job submitted) and ``runs``
(run history). WAL mode keeps readers (``migrate status``) off the writer's back.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from helpctl.errors import HelpctlError
from helpctl.migrate.ledger_extras import LateComment, LedgerExtras, upgrade
from helpctl.migrate.ledger_file import check_ledger_file

__all__ = ["STATES", "Entry", "LateComment", "Ledger", "Outgoing", "RecordState"]

RecordState = Literal["pending", "sent", "imported", "failed", "quarantined"]
STATES: tuple[RecordState, ...] = ("pending", "sent", "imported", "failed", "quarantined")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    source_id    TEXT PRIMARY KEY,
    external_id  TEXT NOT NULL,
    content_hash TEXT NOT NULL DEFAULT '',
    state        TEXT NOT NULL,
    job_id       TEXT,
    target_id    INTEGER,
    reason       TEXT NOT NULL DEFAULT '',
    attempts     INTEGER NOT NULL DEFAULT 0,
    archived     INTEGER NOT NULL DEFAULT 0,
    sent_at      REAL,
    updated_at   REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS records_state ON records(state);
CREATE INDEX IF NOT EXISTS records_external ON records(external_id);
CREATE TABLE IF NOT EXISTS users (
    key       TEXT PRIMARY KEY,
    hash      TEXT NOT NULL,
    target_id INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS jobs (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    size       INTEGER NOT NULL,
    status     TEXT NOT NULL,
    created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    command     TEXT NOT NULL,
    started_at  REAL NOT NULL,
    finished_at REAL,
    outcome     TEXT,
    counts      TEXT
);
"""


@dataclass(frozen=True)
class Entry:
    """One record as the ledger knows it."""

    source_id: str
    external_id: str
    content_hash: str
    state: RecordState
    job_id: str | None
    target_id: int | None
    reason: str
    attempts: int
    archived: bool
    sent_at: float | None

    @property
    def reasons(self) -> list[str]:
        """Quarantine reasons (stored as a JSON list), or the failure reason as one item."""
        if self.state == "quarantined" and self.reason.startswith("["):
            return [str(r) for r in json.loads(self.reason)]
        return [self.reason] if self.reason else []


@dataclass(frozen=True)
class Outgoing:
    """A record about to be sent: what the ledger must remember before the request leaves."""

    source_id: str
    external_id: str
    content_hash: str
    archived: bool = False


_COLUMNS = (
    "source_id, external_id, content_hash, state, job_id, target_id, reason, attempts,"
    " archived, sent_at"
)


def _entry(row: tuple[Any, ...]) -> Entry:
    return Entry(
        source_id=row[0],
        external_id=row[1],
        content_hash=row[2],
        state=row[3],
        job_id=row[4],
        target_id=row[5],
        reason=row[6],
        attempts=row[7],
        archived=bool(row[8]),
        sent_at=row[9],
    )


class Ledger(LedgerExtras):
    """The SQLite ledger of one migration (see the module docstring for the state machine).

    Thread-safe: one connection behind a lock, every mutating method one transaction.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        if str(path) != ":memory:":
            check_ledger_file(self.path)
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA busy_timeout=10000")
            self._db.executescript(_SCHEMA)
            upgrade(self._db)
        except sqlite3.DatabaseError as exc:
            raise HelpctlError(
                f"cannot open the migration ledger {path}: {exc}",
                hint="the ledger is a SQLite file; move a damaged one aside to start over",
            ) from exc
        self._lock = threading.RLock()

    # -- lifecycle -------------------------------------------------------------------------
    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction under the lock. Whatever interrupts it (an error, Ctrl-C
        arriving between any two statements, BEGIN included) rolls it back, so the connection
        is never left inside a transaction the next write would trip over."""
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                yield self._db
                self._db.execute("COMMIT")
            except BaseException:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise

    def _write(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        with self._transaction() as db:
            db.executemany(sql, rows)

    def _query(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    # -- records -----------------------------------------------------------------------------
    def entries(self, source_ids: Sequence[str]) -> dict[str, Entry]:
        """The known entries among ``source_ids`` (one query per 500 ids)."""
        return {e.source_id: e for e in self._where_in("source_id", source_ids)}

    def entry(self, source_id: str) -> Entry | None:
        return self.entries([source_id]).get(source_id)

    def by_external_ids(self, external_ids: Sequence[str]) -> dict[str, Entry]:
        """Entries by external id (verify uses it to tell our duplicates from others' tickets)."""
        return {e.external_id: e for e in self._where_in("external_id", external_ids)}

    def _where_in(self, column: str, values: Sequence[str]) -> Iterator[Entry]:
        """Records whose ``column`` is one of ``values``, 500 per query (SQLite's variable cap)."""
        for i in range(0, len(values), 500):
            chunk = list(values[i : i + 500])
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT {_COLUMNS} FROM records WHERE {column} IN ({marks})"
            yield from map(_entry, self._query(sql, chunk))

    def by_state(self, *states: RecordState) -> Iterator[Entry]:
        """Entries in any of ``states``, in source-id order, read in pages (memory stays flat)."""
        marks = ",".join("?" * len(states))
        last = ""
        while True:
            rows = self._query(
                f"SELECT {_COLUMNS} FROM records WHERE state IN ({marks}) AND source_id > ?"
                " ORDER BY source_id LIMIT 1000",
                [*states, last],
            )
            if not rows:
                return
            yield from (_entry(r) for r in rows)
            last = rows[-1][0]

    def notes(self, limit: int = 100) -> list[Entry]:
        """Imported records with a note (a delta run could not apply a change to them)."""
        rows = self._query(
            f"SELECT {_COLUMNS} FROM records WHERE state='imported' AND reason != ''"
            " ORDER BY source_id LIMIT ?",
            (limit,),
        )
        return [_entry(r) for r in rows]

    def counts(self) -> dict[str, int]:
        """Records per state (every state present, zero when empty)."""
        out: dict[str, int] = dict.fromkeys(STATES, 0)
        for state, n in self._query("SELECT state, COUNT(*) FROM records GROUP BY state"):
            out[state] = n
        return out

    def mark_sent(self, records: Sequence[Outgoing], job_id: str | None = None) -> None:
        """Record that ``records`` are about to be (or were) sent; counts one attempt each.

        Called with ``job_id=None`` *before* the request leaves: if the process dies before the
        job id is known, the records are in ``sent`` with no job, and reconcile looks them up.
        """
        now = time.time()
        self._write(
            "INSERT INTO records (source_id, external_id, content_hash, state, job_id, reason,"
            " attempts, archived, sent_at, updated_at) VALUES (?, ?, ?, 'sent', ?, '', 1, ?, ?, ?)"
            " ON CONFLICT(source_id) DO UPDATE SET external_id=excluded.external_id,"
            " content_hash=excluded.content_hash, state='sent', job_id=excluded.job_id,"
            " reason='', attempts=records.attempts+1, archived=excluded.archived,"
            " sent_at=excluded.sent_at, updated_at=excluded.updated_at",
            [
                (r.source_id, r.external_id, r.content_hash, job_id, int(r.archived), now, now)
                for r in records
            ],
        )

    def set_job(self, source_ids: Sequence[str], job_id: str, kind: str = "import") -> None:
        """Remember the job that carries ``source_ids`` (one transaction with the job row)."""
        now = time.time()
        with self._transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO jobs (id, kind, size, status, created_at)"
                " VALUES (?, ?, ?, 'queued', ?)",
                (job_id, kind, len(source_ids), now),
            )
            db.executemany(
                "UPDATE records SET job_id=?, updated_at=? WHERE source_id=? AND state='sent'",
                [(job_id, now, s) for s in source_ids],
            )

    def job_finished(self, job_id: str, status: str) -> None:
        self._write("UPDATE jobs SET status=? WHERE id=?", [(status, job_id)])

    def mark_imported(self, pairs: Iterable[tuple[str, int]]) -> None:
        """``(source_id, target_id)`` pairs arrived on the target."""
        now = time.time()
        self._write(
            "UPDATE records SET state='imported', target_id=?, reason='', updated_at=?"
            " WHERE source_id=?",
            [(tid, now, sid) for sid, tid in pairs],
        )

    def mark_updated(self, source_id: str, content_hash: str, note: str = "") -> None:
        """A delta run brought an imported record up to ``content_hash`` (``note``: what could
        not be redone, e.g. a closed ticket's fields)."""
        self._write(
            "UPDATE records SET content_hash=?, reason=?, updated_at=? WHERE source_id=?",
            [(content_hash, note, time.time(), source_id)],
        )

    def mark_failed(self, pairs: Iterable[tuple[str, str]]) -> None:
        """``(source_id, reason)``: the target refused the record (``retry`` re-sends these)."""
        now = time.time()
        self._write(
            "UPDATE records SET state='failed', reason=?, job_id=NULL, updated_at=?"
            " WHERE source_id=?",
            [(reason, now, sid) for sid, reason in pairs],
        )

    def mark_pending(self, source_ids: Iterable[str]) -> None:
        """Reconcile found these missing on the target: they may be sent again."""
        now = time.time()
        self._write(
            "UPDATE records SET state='pending', job_id=NULL, updated_at=? WHERE source_id=?",
            [(now, sid) for sid in source_ids],
        )

    def mark_quarantined(self, source_id: str, external_id: str, reasons: list[str]) -> None:
        """The mapping refused the record; ``reasons`` says why (every reason found)."""
        self._write(
            "INSERT INTO records (source_id, external_id, state, reason, updated_at)"
            " VALUES (?, ?, 'quarantined', ?, ?) ON CONFLICT(source_id) DO UPDATE SET"
            " state='quarantined', reason=excluded.reason, updated_at=excluded.updated_at"
            " WHERE records.state NOT IN ('imported', 'sent')",
            [(source_id, external_id, json.dumps(reasons, ensure_ascii=False), time.time())],
        )

    # -- users ---------------------------------------------------------------------------------
    def user_ids(self, keys: Sequence[str]) -> dict[str, tuple[int, str]]:
        """Cached target ids of user keys: key → (target id, hash of what was upserted)."""
        return {key: (tid, h) for key, (tid, h, _) in self.user_records(keys).items()}

    def save_users(self, rows: Iterable[tuple[str, str, int]]) -> None:
        """``(key, hash, target_id)`` for users now present on the target."""
        self._write("INSERT OR REPLACE INTO users (key, hash, target_id) VALUES (?, ?, ?)", rows)

    def user_count(self) -> int:
        return int(self._query("SELECT COUNT(*) FROM users")[0][0])

    # -- runs ----------------------------------------------------------------------------------
    def start_run(self, command: str) -> int:
        with self._lock:
            cur = self._db.execute(
                "INSERT INTO runs (command, started_at) VALUES (?, ?)", (command, time.time())
            )
            return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, outcome: str, counts: dict[str, Any]) -> None:
        self._write(
            "UPDATE runs SET finished_at=?, outcome=?, counts=? WHERE id=?",
            [(time.time(), outcome, json.dumps(counts), run_id)],
        )

    def runs(self, limit: int = 20) -> list[dict[str, Any]]:
        """The most recent runs, newest first (an unfinished one was killed or is running)."""
        rows = self._query(
            "SELECT id, command, started_at, finished_at, outcome, counts FROM runs"
            " ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        return [
            {
                "id": r[0],
                "command": r[1],
                "started_at": r[2],
                "finished_at": r[3],
                "outcome": r[4] or ("unfinished" if r[3] is None else ""),
                "counts": json.loads(r[5]) if r[5] else {},
            }
            for r in rows
        ]

    def job_count(self) -> int:
        return int(self._query("SELECT COUNT(*) FROM jobs")[0][0])
