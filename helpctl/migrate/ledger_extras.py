"""The ledger's memory of what a migration learns as it goes, beside the record states.

- **Roles** (``users.role``): the highest role each user was upserted with, so a later batch
  never demotes a person seen as staff earlier (:mod:`.roles`).
- **Late comments** (``late_comments``): comments a delta run appended to an imported ticket.
  The target stamps those with the time of the update (only import can set a comment's time),
  so the ledger keeps each one's source time; ``verify`` reports them as "time not
  preservable" rather than as failures, and ``migrate status`` lists them.

:class:`LedgerExtras` is a base of :class:`~helpctl.migrate.ledger.Ledger`; :func:`upgrade`
brings a ledger file written by an older version up to this schema.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

__all__ = ["LateComment", "LedgerExtras", "upgrade"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS late_comments (
    source_id   TEXT NOT NULL,
    comment_id  TEXT NOT NULL,
    ticket_id   INTEGER,
    source_time TEXT NOT NULL,
    added_at    REAL NOT NULL,
    PRIMARY KEY (source_id, comment_id)
);
"""


def upgrade(db: sqlite3.Connection) -> None:
    """Add what older ledgers lack (the role column starts empty: not known yet)."""
    db.executescript(_SCHEMA)
    columns = {row[1] for row in db.execute("PRAGMA table_info(users)")}
    if "role" not in columns:
        db.execute("ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT ''")


@dataclass(frozen=True)
class LateComment:
    """A comment appended after import: ``source_time`` is when it was written in the source
    (ISO 8601), ``added_at`` when the delta run added it (unix seconds)."""

    source_id: str
    comment_id: str
    ticket_id: int | None
    source_time: str
    added_at: float


class LedgerExtras:
    """Roles and late comments (module docstring); the SQL helpers are the ledger's."""

    if TYPE_CHECKING:

        def _write(self, sql: str, rows: Iterable[Sequence[Any]]) -> None: ...

        def _query(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    # -- roles -------------------------------------------------------------------------------
    def user_roles(self, keys: Sequence[str]) -> dict[str, str]:
        """The highest role each user key was upserted with so far (see :mod:`.roles`)."""
        return {key: role for key, (_, _, role) in self.user_records(keys).items() if role}

    def user_records(self, keys: Sequence[str]) -> dict[str, tuple[int, str, str]]:
        """What the ledger knows of each user key: (target id, upsert hash, highest role so
        far, '' when not known yet), one query per 500 keys."""
        out: dict[str, tuple[int, str, str]] = {}
        for i in range(0, len(keys), 500):
            chunk = list(keys[i : i + 500])
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT key, target_id, hash, role FROM users WHERE key IN ({marks})"
            out.update((str(k), (int(t), str(h), str(r))) for k, t, h, r in self._query(sql, chunk))
        return out

    def save_user_roles(self, rows: Iterable[tuple[str, str]]) -> None:
        """``(key, role)``: the role a user now has on the target (only ever raised)."""
        self._write("UPDATE users SET role=? WHERE key=?", [(role, key) for key, role in rows])

    def first_started(self) -> float | None:
        """When the first run of this migration started (unix seconds), None before any."""
        rows = self._query("SELECT MIN(started_at) FROM runs")
        return float(rows[0][0]) if rows and rows[0][0] is not None else None

    # -- late comments -------------------------------------------------------------------------
    def record_late_comments(self, rows: Iterable[tuple[str, str, int, str]]) -> None:
        """``(source_id, comment_id, ticket_id, source_time)`` for comments just appended."""
        now = time.time()
        self._write(
            "INSERT OR REPLACE INTO late_comments (source_id, comment_id, ticket_id,"
            " source_time, added_at) VALUES (?, ?, ?, ?, ?)",
            [(*row, now) for row in rows],
        )

    def late_comments(self, source_ids: Sequence[str]) -> dict[str, dict[str, str]]:
        """Per record among ``source_ids``: comment id → source time of its late comments."""
        out: dict[str, dict[str, str]] = {}
        for i in range(0, len(source_ids), 500):
            chunk = list(source_ids[i : i + 500])
            marks = ",".join("?" * len(chunk))
            sql = (
                "SELECT source_id, comment_id, source_time FROM late_comments"
                f" WHERE source_id IN ({marks})"
            )
            for sid, cid, when in self._query(sql, chunk):
                out.setdefault(str(sid), {})[str(cid)] = str(when)
        return out

    def late_comment_list(self, limit: int = 100) -> list[LateComment]:
        """The first ``limit`` late comments, by record and comment."""
        rows = self._query(
            "SELECT source_id, comment_id, ticket_id, source_time, added_at FROM late_comments"
            " ORDER BY source_id, comment_id LIMIT ?",
            (limit,),
        )
        return [LateComment(str(a), str(b), c, str(d), float(e)) for a, b, c, d, e in rows]

    def late_comment_count(self) -> int:
        return int(self._query("SELECT COUNT(*) FROM late_comments")[0][0])
