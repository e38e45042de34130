"""SQLite storage of the sandbox: every account's objects, tickets, uploads and jobs in one file.

One connection guarded by a lock serves every thread: SQLite serialises writers anyway, a single
connection makes ``:memory:`` databases shareable, and the lock keeps each transaction atomic
under concurrent requests. Files use WAL so a crash never corrupts them.

Objects of every kind share one table. ``body`` holds the JSON the API answers with, already
serialised, with ``url`` values written against :data:`URL_MARK` so lists are answered by joining
stored text (no per-row parse/dump) and the real base URL is substituted once per response.
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
from typing import Any

__all__ = ["FIRST_ID", "HC_MARK", "URL_MARK", "Account", "Row", "Store"]

#: Placeholder for the account's API base URL inside stored bodies (``URL_MARK + "brands/1.json"``).
URL_MARK = "sandbox-base:/"
#: Placeholder for the help center's root (the base URL without ``api/v2/``): ``html_url``.
HC_MARK = "sandbox-hc:/"
#: Ids look like Zendesk's 13-digit ids; tickets use small per-account numbers instead.
FIRST_ID = 1_500_000_000_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts(
    name TEXT PRIMARY KEY, account_id INTEGER NOT NULL, email TEXT NOT NULL, token TEXT NOT NULL,
    user_id INTEGER NOT NULL, created_at TEXT NOT NULL, ticket_seq INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS objects(
    account TEXT NOT NULL, kind TEXT NOT NULL, id INTEGER NOT NULL,
    parent INTEGER, position INTEGER NOT NULL DEFAULT 0, ext TEXT, lookup TEXT,
    hidden INTEGER NOT NULL DEFAULT 0, changed REAL NOT NULL DEFAULT 0, body TEXT NOT NULL,
    PRIMARY KEY(account, kind, id));
CREATE INDEX IF NOT EXISTS objects_ext ON objects(account, kind, ext) WHERE ext IS NOT NULL;
CREATE INDEX IF NOT EXISTS objects_lookup ON objects(account, kind, lookup)
    WHERE lookup IS NOT NULL;
CREATE INDEX IF NOT EXISTS objects_parent ON objects(account, kind, parent)
    WHERE parent IS NOT NULL;
CREATE INDEX IF NOT EXISTS objects_changed ON objects(account, kind, changed, id);
CREATE INDEX IF NOT EXISTS objects_position ON objects(account, kind, position, id);
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS blobs(account TEXT NOT NULL, id INTEGER NOT NULL, data BLOB NOT NULL,
    PRIMARY KEY(account, id));
CREATE TABLE IF NOT EXISTS jobs(
    account TEXT NOT NULL, id TEXT NOT NULL, created REAL NOT NULL, polls INTEGER NOT NULL,
    body TEXT NOT NULL, PRIMARY KEY(account, id));
"""


@dataclass(frozen=True)
class Account:
    """One helpdesk in the sandbox: its subdomain, numeric id and the admin's API credentials."""

    name: str
    account_id: int
    email: str
    token: str
    user_id: int


@dataclass(frozen=True)
class Row:
    """One stored object: the indexed columns and its JSON body (with :data:`URL_MARK` urls)."""

    id: int
    parent: int | None
    position: int
    ext: str | None
    lookup: str | None
    hidden: int
    changed: float
    body: str

    def doc(self) -> dict[str, Any]:
        parsed: dict[str, Any] = json.loads(self.body)
        return parsed


_ENCODER = json.JSONEncoder(ensure_ascii=False)
_ROW_COLUMNS = "id, parent, position, ext, lookup, hidden, changed, body"


class Store:
    """The sandbox database (see the module docstring); every method is thread-safe."""

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        self._lock = threading.RLock()
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        if self.path != ":memory:":
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.executescript(_SCHEMA)
        # Ids are never reused, even those of deleted objects: the counter is saved on close.
        (top,) = self._conn.execute("SELECT max(id) FROM objects").fetchone()
        saved = self._conn.execute("SELECT value FROM meta WHERE key = 'next_id'").fetchone()
        self._next_id = max(FIRST_ID, (top or 0) + 1, saved[0] if saved else 0)
        self._generations: dict[tuple[str, str], int] = {}

    def generation(self, account: str, kinds: Sequence[str]) -> tuple[int, ...]:
        """How many writes each kind of an account has seen in this process: caches derived
        from stored objects (the account's compiled rules) compare it to know they are stale."""
        return tuple(self._generations.get((account, kind), 0) for kind in kinds)

    def _touch(self, account: str, kind: str) -> None:
        key = (account, kind)
        self._generations[key] = self._generations.get(key, 0) + 1

    def close(self) -> None:
        with self._lock:
            self._conn.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES ('next_id', ?)", (self._next_id,)
            )
            self._conn.close()

    @contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        """One atomic write transaction; nested calls join the outer one."""
        with self._lock:
            if self._conn.in_transaction:
                yield self._conn
                return
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def new_id(self) -> int:
        with self._lock:
            value = self._next_id
            self._next_id += 1
            return value

    # -- accounts -------------------------------------------------------------------------------

    def account(self, name: str) -> Account | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT name, account_id, email, token, user_id FROM accounts WHERE name = ?",
                (name,),
            ).fetchone()
        return Account(*row) if row else None

    def accounts(self) -> list[Account]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT name, account_id, email, token, user_id FROM accounts"
            ).fetchall()
        return [Account(*r) for r in rows]

    def add_account(self, account: Account) -> None:
        with self.tx() as db:
            db.execute(
                "INSERT INTO accounts(name, account_id, email, token, user_id, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    account.name,
                    account.account_id,
                    account.email,
                    account.token,
                    account.user_id,
                    time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                ),
            )

    def set_credentials(self, name: str, email: str | None, token: str | None) -> Account:
        """Replace an account's admin email and/or API token (``None`` keeps the current one)."""
        with self.tx() as db:
            db.execute(
                "UPDATE accounts SET email = coalesce(?, email), token = coalesce(?, token)"
                " WHERE name = ?",
                (email, token, name),
            )
        found = self.account(name)
        assert found is not None
        return found

    def next_ticket_ids(self, account: str, count: int) -> list[int]:
        with self.tx() as db:
            (seq,) = db.execute(
                "UPDATE accounts SET ticket_seq = ticket_seq + ? WHERE name = ?"
                " RETURNING ticket_seq",
                (count, account),
            ).fetchone()
        return list(range(seq - count + 1, seq + 1))

    # -- objects --------------------------------------------------------------------------------

    def put(
        self,
        account: str,
        kind: str,
        id: int,
        body: dict[str, Any],
        *,
        parent: int | None = None,
        position: int = 0,
        ext: str | None = None,
        lookup: str | None = None,
        hidden: bool = False,
        changed: float = 0.0,
    ) -> None:
        """Insert or replace one object."""
        self.put_many(account, kind, [(id, body, parent, position, ext, lookup, hidden, changed)])

    def put_many(
        self,
        account: str,
        kind: str,
        rows: Iterable[
            tuple[int, dict[str, Any], int | None, int, str | None, str | None, bool, float]
        ],
    ) -> None:
        """Insert or replace many objects of one kind in one transaction."""
        dumps = _ENCODER.encode
        params = [
            (account, kind, i, p, pos, e, lk, int(h), ch, dumps(b))
            for (i, b, p, pos, e, lk, h, ch) in rows
        ]
        self._touch(account, kind)
        with self.tx() as db:
            db.executemany(
                "INSERT OR REPLACE INTO objects(account, kind, id, parent, position, ext, lookup,"
                " hidden, changed, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                params,
            )

    def get(self, account: str, kind: str, id: int) -> Row | None:
        with self._lock:
            row = self._conn.execute(
                f"SELECT {_ROW_COLUMNS} FROM objects WHERE account = ? AND kind = ? AND id = ?",
                (account, kind, id),
            ).fetchone()
        return Row(*row) if row else None

    def get_many(self, account: str, kind: str, ids: Sequence[int]) -> list[Row]:
        """The objects with these ids, in the order asked (missing ones skipped)."""
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {_ROW_COLUMNS} FROM objects WHERE account = ? AND kind = ?"
                f" AND id IN ({marks})",
                (account, kind, *ids),
            ).fetchall()
        found = {r[0]: Row(*r) for r in rows}
        return [found[i] for i in ids if i in found]

    def find(self, account: str, kind: str, column: str, value: str) -> list[Row]:
        """Objects whose indexed ``ext``, ``lookup`` or ``parent`` column equals ``value``."""
        assert column in {"ext", "lookup", "parent"}
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {_ROW_COLUMNS} FROM objects WHERE account = ? AND kind = ?"
                f" AND {column} = ? ORDER BY position, id",
                (account, kind, value),
            ).fetchall()
        return [Row(*r) for r in rows]

    def select(
        self,
        account: str,
        kind: str,
        where: str = "",
        params: Sequence[Any] = (),
        order: str = "id",
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Row]:
        """Objects of a kind matching an SQL ``where`` fragment (trusted, built by the sandbox)."""
        sql = f"SELECT {_ROW_COLUMNS} FROM objects WHERE account = ? AND kind = ?"
        if where:
            sql += f" AND ({where})"
        sql += f" ORDER BY {order}"
        args: list[Any] = [account, kind, *params]
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            args += [limit, offset]
        with self._lock:
            rows = self._conn.execute(sql, args).fetchall()
        return [Row(*r) for r in rows]

    def count(self, account: str, kind: str, where: str = "", params: Sequence[Any] = ()) -> int:
        sql = "SELECT count(*) FROM objects WHERE account = ? AND kind = ?"
        if where:
            sql += f" AND ({where})"
        with self._lock:
            (n,) = self._conn.execute(sql, (account, kind, *params)).fetchone()
        return int(n)

    def delete(self, account: str, kind: str, ids: Sequence[int]) -> int:
        marks = ",".join("?" * len(ids))
        self._touch(account, kind)
        with self.tx() as db:
            cur = db.execute(
                f"DELETE FROM objects WHERE account = ? AND kind = ? AND id IN ({marks})",
                (account, kind, *ids),
            )
        return cur.rowcount

    def delete_children(self, account: str, kind: str, parent: int) -> None:
        self._touch(account, kind)
        with self.tx() as db:
            db.execute(
                "DELETE FROM objects WHERE account = ? AND kind = ? AND parent = ?",
                (account, kind, parent),
            )

    # -- blobs and jobs -------------------------------------------------------------------------

    def put_blob(self, account: str, id: int, data: bytes) -> None:
        with self.tx() as db:
            db.execute("INSERT OR REPLACE INTO blobs VALUES (?, ?, ?)", (account, id, data))

    def blob(self, account: str, id: int) -> bytes | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT data FROM blobs WHERE account = ? AND id = ?", (account, id)
            ).fetchone()
        return bytes(row[0]) if row else None

    def put_job(self, account: str, id: str, body: dict[str, Any], created: float) -> None:
        with self.tx() as db:
            db.execute(
                "INSERT OR REPLACE INTO jobs VALUES (?, ?, ?, 0, ?)",
                (account, id, created, json.dumps(body)),
            )

    def poll_job(self, account: str, id: str) -> tuple[dict[str, Any], int, float] | None:
        """The job's final body, how many times it was read before, and when it was created."""
        with self.tx() as db:
            row = db.execute(
                "UPDATE jobs SET polls = polls + 1 WHERE account = ? AND id = ?"
                " RETURNING body, polls - 1, created",
                (account, id),
            ).fetchone()
        if row is None:
            return None
        return json.loads(row[0]), int(row[1]), float(row[2])

    def job_ids(self, account: str) -> list[tuple[str, float]]:
        """Every job of the account, newest first."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT id, created FROM jobs WHERE account = ? ORDER BY created DESC, id DESC",
                (account,),
            ).fetchall()
        return [(str(r[0]), float(r[1])) for r in rows]

    def drop_jobs(self, account: str, ids: Sequence[str]) -> None:
        if not ids:
            return
        marks = ",".join("?" * len(ids))
        with self.tx() as db:
            db.execute(f"DELETE FROM jobs WHERE account = ? AND id IN ({marks})", (account, *ids))
