"""``sql``: a homegrown support database read through the queries written in the mapping file.

::

    source:
      kind: sql
      url: sqlite:///homegrown.sqlite3        # or {env: HOMEGROWN_DB_URL}; never printed
      queries:
        tickets: SELECT id AS source_id, subject, … FROM tickets ORDER BY id
        messages: SELECT … FROM messages WHERE ticket_id IN :ticket_ids ORDER BY ticket_id, id
        users: SELECT … FROM users WHERE id IN :user_ids
        attachments: SELECT … FROM attachments WHERE message_id IN :message_ids
      watermark: {column: updated_at, since: "2024-01-01"}   # delta runs
      batch: 500

The tickets query is streamed with a server-side cursor (``stream_results``/``yield_per``);
each batch of tickets fetches its messages, users and attachments with one ``IN`` query each,
so memory holds one batch whatever the database's size and the database sees four queries per
batch rather than several per ticket. Column conventions are in :mod:`.sql_rows`. SQLite works
out of the box; PostgreSQL through ``psycopg`` (``postgresql+psycopg://…``), MySQL through its
SQLAlchemy driver. Relative SQLite paths are relative to the mapping file.

With ``watermark``, only tickets whose column is greater than ``since`` are read (``since``
comes from the mapping; nothing sets it from the ledger) and :attr:`high_watermark` holds the
largest value seen, the ``since`` of a later delta run.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from helpctl.errors import SourceError
from helpctl.migrate.model import LegacyAttachment, LegacyComment, LegacyTicket, LegacyUser
from helpctl.migrate.safe_files import Confinement
from helpctl.migrate.sources.sql_rows import COLUMNS, RowReader, key_of
from helpctl.migrate.timestamps import rule_from_spec, spec_problems
from helpctl.migrate.values import parse_bool

__all__ = ["COLUMNS", "OPTIONS", "QUERIES", "SqlSource", "check", "open_source"]

OPTIONS = {
    "url": True,
    "queries": True,
    "watermark": False,
    "batch": False,
    "attachments_dir": False,
    "allow_outside": False,
    "timestamps": False,
}
QUERIES = {"tickets": True, "messages": True, "users": False, "attachments": False}
_PARAMS = {"messages": "ticket_ids", "users": "user_ids", "attachments": "message_ids"}
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def check(spec: dict[str, Any]) -> list[tuple[str, str, str]]:
    out = spec_problems(spec.get("timestamps"))
    queries = spec.get("queries")
    if not isinstance(queries, dict):
        return [("queries", "queries must map tickets/messages/users/attachments to SQL", "")]
    for name in queries:
        if name not in QUERIES:
            out.append((f"queries.{name}", f"unknown query {name!r}", ", ".join(QUERIES)))
    for name, required in QUERIES.items():
        if required and name not in queries:
            out.append(("queries", f"the {name} query is required", ""))
        param = _PARAMS.get(name)
        if param and name in queries and f":{param}" not in str(queries[name]):
            hint = f"filter it with WHERE … IN :{param}; the source fills in one batch of ids"
            out.append((f"queries.{name}", f"the {name} query must use :{param}", hint))
    watermark = spec.get("watermark")
    if watermark is not None:
        column = watermark.get("column") if isinstance(watermark, dict) else None
        if not isinstance(column, str) or not _IDENT.match(column):
            out.append(("watermark", "watermark needs a column name", "{column: updated_at}"))
    url = spec.get("url")
    if not isinstance(url, str) and not (isinstance(url, dict) and set(url) == {"env"}):
        out.append(("url", "url is a database URL or {env: VARIABLE}", "sqlite:///file.db"))
    return out


def open_source(
    spec: dict[str, Any], base_dir: Path, _client: Callable[..., Any] | None
) -> SqlSource:
    url = spec["url"]
    if isinstance(url, dict):
        value = os.environ.get(str(url["env"]))
        if not value:
            raise SourceError(f"environment variable {url['env']} (source.url) is not set")
        url = value
    watermark = spec.get("watermark") or {}
    source = SqlSource(
        engine=_engine(str(url), base_dir),
        queries={str(k): str(v) for k, v in spec["queries"].items()},
        batch=int(spec.get("batch", 500)),
        attachments_dir=base_dir / str(spec.get("attachments_dir", ".")),
        watermark=watermark.get("column"),
        since=watermark.get("since"),
    )
    source.rows.times = rule_from_spec(spec.get("timestamps"))
    source.rows.files = Confinement.of(
        [source.rows.attachments_dir], parse_bool(spec.get("allow_outside"), False)
    )
    return source


def _engine(url: str, base_dir: Path) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise SourceError("source.url is not a database URL", hint="e.g. sqlite:///x.db") from exc
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not Path(database).is_absolute():
            parsed = parsed.set(database=str(base_dir / database))
        if parsed.database and parsed.database != ":memory:" and not Path(parsed.database).exists():
            raise SourceError(f"SQLite database {parsed.database} does not exist")
        engine = create_engine(parsed)
        # Old rows may hold bytes that are not UTF-8: keep them for the record's problems.
        event.listen(engine, "connect", _tolerant_text)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() != "psycopg":
        parsed = parsed.set(drivername="postgresql+psycopg")
    try:
        return create_engine(parsed)
    except (ArgumentError, ImportError) as exc:  # a driver that is not installed
        raise SourceError(f"cannot use database {parsed.get_backend_name()}: {exc}") from exc


def _tolerant_text(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.text_factory = lambda raw: raw.decode("utf-8", "surrogateescape")


class SqlSource:
    """Tickets of a homegrown database; see the module docstring."""

    kind = "sql"

    def __init__(
        self,
        engine: Engine,
        queries: dict[str, str],
        *,
        batch: int = 500,
        attachments_dir: Path = Path("."),
        watermark: str | None = None,
        since: Any = None,
    ) -> None:
        self.engine = engine
        self.queries = queries
        self.batch = batch
        self.rows = RowReader(attachments_dir)
        self.watermark = watermark
        self.since = since
        self.high_watermark: Any = None
        self._child_queries = {
            name: text(sql).bindparams(bindparam(_PARAMS[name], expanding=True))
            for name, sql in queries.items()
            if name in _PARAMS
        }

    def timestamp_examples(self) -> list[dict[str, Any]]:
        """The first values the timestamp rule read (for ``migrate plan``)."""
        times = self.rows.times
        return [times.describe("queries")] if times.examples else []

    def _tickets_sql(self) -> tuple[Any, dict[str, Any]]:
        sql = self.queries["tickets"]
        if self.watermark and self.since is not None:
            sql = f"SELECT * FROM ({sql}) AS helpctl_src WHERE {self.watermark} > :helpctl_since"
            return text(sql), {"helpctl_since": self.since}
        return text(sql), {}

    def count(self) -> int | None:
        query, params = self._tickets_sql()
        counted = text(f"SELECT COUNT(*) FROM ({query.text}) AS helpctl_count")
        try:
            with self.engine.connect() as conn:
                return int(conn.execute(counted, params).scalar_one())
        except SQLAlchemyError as exc:
            raise SourceError(f"the tickets query failed: {_short(exc)}") from exc

    def tickets(self) -> Iterator[LegacyTicket]:
        query, params = self._tickets_sql()
        try:
            # Child queries go through a second connection: some drivers (MySQL's unbuffered
            # cursors) cannot run a query while a streamed result is still open on the first.
            with self.engine.connect() as conn, self.engine.connect() as side:
                streamed = conn.execution_options(stream_results=True, yield_per=self.batch)
                result = streamed.execute(query, params)
                for rows in result.mappings().partitions(self.batch):
                    yield from self._batch(side, [dict(r) for r in rows])
        except SQLAlchemyError as exc:
            raise SourceError(f"reading the source database failed: {_short(exc)}") from exc

    def _children(self, conn: Connection, name: str, ids: Sequence[Any]) -> list[Any]:
        query = self._child_queries.get(name)
        if query is None or not ids:
            return []
        return [dict(r) for r in conn.execute(query, {_PARAMS[name]: list(ids)}).mappings()]

    def _batch(self, conn: Connection, rows: Sequence[Any]) -> Iterator[LegacyTicket]:
        ids = [row.get("source_id", row.get("id")) for row in rows]
        messages: dict[str, list[Any]] = defaultdict(list)
        for m in self._children(conn, "messages", ids):
            messages[str(m["ticket_id"])].append(m)
        people = {r.get("requester_id") for r in rows} | {r.get("assignee_id") for r in rows}
        people |= {m.get("author_id") for ms in messages.values() for m in ms}
        people.discard(None)
        users = {key_of(u): self.rows.user(u) for u in self._children(conn, "users", list(people))}
        files: dict[str, list[LegacyAttachment]] = defaultdict(list)
        message_ids = [
            key
            for ms in messages.values()
            for m in ms
            if (key := m.get("source_id", m.get("id"))) is not None
        ]
        for a in self._children(conn, "attachments", message_ids):
            files[str(a["message_id"])].append(self.rows.attachment(a))
        for row in rows:
            yield self._ticket(row, messages.get(key_of(row), []), users, files)

    def _ticket(
        self,
        row: Any,
        messages: list[Any],
        users: dict[str, LegacyUser],
        files: dict[str, list[LegacyAttachment]],
    ) -> LegacyTicket:
        problems: list[str] = []
        comments: list[LegacyComment] = []
        for m in messages:
            comment = self.rows.comment(m, problems)
            comment.attachments = files.get(comment.source_id, [])
            comments.append(comment)
        fields = self.rows.ticket_fields(row, problems)
        if self.watermark:
            mark = row.get(self.watermark)
            if mark is not None and (self.high_watermark is None or mark > self.high_watermark):
                self.high_watermark = mark
        wanted = {fields["requester_id"], fields["assignee_id"], *(c.author_id for c in comments)}
        mine = {k: users[k] for k in wanted if k in users}
        return LegacyTicket(comments=comments, users=mine, problems=problems, **fields)


def _short(exc: SQLAlchemyError) -> str:
    # The driver's first line says what failed; the rest repeats the SQL and parameters.
    return str(getattr(exc, "orig", None) or exc).splitlines()[0]
