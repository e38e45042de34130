"""``csv``: a helpdesk export with one row per message (or per part of a message).

Rows of one ticket are grouped into a ticket; consecutive rows with the same message id are one
message whose parts are joined (exports that split a message into sentences or lines). Columns
are named in ``columns`` (canonical name → header in the file); ``roles`` maps the export's author
role values to role hints. Flags may be written ``1``/``0``, ``1.0``/``0.0``, ``true``…; ids like
``1004298.0`` are normalised to ``1004298``.

Streaming assumption (``order``): with ``grouped`` (the default) the rows of a ticket are
contiguous, as a database export sorted by ticket id writes them; the file is read once with
constant memory, and a ticket whose rows reappear later stops the run with a clear error rather
than importing it in pieces. With ``any`` the rows are first copied into an indexed temporary
SQLite file (one pass, flat memory), then read ticket by ticket in order of first appearance.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from helpctl.errors import SourceError
from helpctl.migrate.model import LegacyComment, LegacyTicket, LegacyUser, RoleHint
from helpctl.migrate.sources.csv_rows import read_rows
from helpctl.migrate.sources.files import encoding_problems, open_text, resolve
from helpctl.migrate.sources.staging import Staging
from helpctl.migrate.sources.text import clean, normalize_id, parse_bool
from helpctl.migrate.timestamps import rule_from_spec, spec_problems

__all__ = ["COLUMNS", "OPTIONS", "CsvMessagesSource", "check", "open_source"]

OPTIONS = {
    "path": True,
    "encoding": False,
    "delimiter": False,
    "columns": False,
    "roles": False,
    "order": False,
    "join": False,
    "html": False,
    "timestamps": False,
}
#: canonical column → default header; the first four must exist in the file.
COLUMNS = {
    "ticket": "ticket_id",
    "body": "body",
    "author": "author_id",
    "created_at": "created_at",
    "message": "message_id",
    "public": "public",
    "private": "private",
    "role": "role",
    "author_name": "author_name",
    "author_email": "author_email",
    "subject": "subject",
    "status": "status",
    "priority": "priority",
    "topic": "topic",
}
_REQUIRED = ("ticket", "body", "author", "created_at")
# Positions of the canonical columns in a picked row (the order of COLUMNS).
_BODY, _AUTHOR, _CREATED, _MESSAGE, _PUBLIC, _PRIVATE, _ROLE, _NAME, _EMAIL = range(1, 10)
_SUBJECT, _STATUS, _PRIORITY, _TOPIC = range(10, 14)
_HINTS: dict[str, RoleHint] = {"end-user": "end-user", "agent": "agent", "admin": "admin"}
_STRENGTH = {"unknown": 0, "end-user": 1, "agent": 2, "admin": 3}


def check(spec: dict[str, Any]) -> list[tuple[str, str, str]]:
    out = encoding_problems(spec) + spec_problems(spec.get("timestamps"))
    for key in spec.get("columns") or {}:
        if key not in COLUMNS:
            out.append((f"columns.{key}", f"unknown column role {key!r}", ", ".join(COLUMNS)))
    for value, hint in (spec.get("roles") or {}).items():
        if hint not in _HINTS:
            out.append((f"roles.{value}", f"{hint!r} is not a role", "end-user, agent or admin"))
    if spec.get("order", "grouped") not in ("grouped", "any"):
        out.append(("order", "order is grouped or any", "any stages rows in a temporary file"))
    return out


def open_source(
    spec: dict[str, Any], base_dir: Path, _client: Callable[..., Any] | None
) -> CsvMessagesSource:
    return CsvMessagesSource(resolve(base_dir, spec["path"]), spec)


class CsvMessagesSource:
    """One-row-per-message CSV export; see the module docstring."""

    kind = "csv"

    def __init__(self, path: Path, spec: dict[str, Any]) -> None:
        self.path = path
        self.encoding = spec.get("encoding")
        self.delimiter = str(spec.get("delimiter", ","))
        self.columns = {**COLUMNS, **(spec.get("columns") or {})}
        self.roles: dict[str, RoleHint] = {
            str(k): _HINTS[v] for k, v in (spec.get("roles") or {}).items()
        }
        self.grouped = spec.get("order", "grouped") == "grouped"
        self.joiner = str(spec.get("join", "\n"))
        self.html = bool(spec.get("html", False))
        self.times = rule_from_spec(spec.get("timestamps"))
        self._bad: list[tuple[int, str]] = []  # (line, problem) of rows the csv module refused

    def timestamp_examples(self) -> list[dict[str, Any]]:
        """The first values the timestamp rule read (for ``migrate plan``)."""
        return [self.times.describe(self.path.name)] if self.times.examples else []

    def count(self) -> int | None:
        return None  # counting tickets means reading the whole file: the runner reads it anyway

    def _rows(self) -> Iterator[tuple[int, list[str]]]:
        """Rows with the line each starts on; a row the csv module refuses is kept in
        ``self._bad`` (quarantined after the tickets), a file ending inside a quote stops."""
        with open_text(self.path, self.encoding) as fh:
            rows = read_rows(fh, self.path.name, delimiter=self.delimiter)
            picks: list[int | None] | None = None
            for line, row, problem in rows:
                if row is None:
                    if picks is None:
                        raise SourceError(problem or f"{self.path.name}: unreadable header")
                    self._bad.append((line, problem or ""))
                    continue
                if picks is None:
                    index = self._index(row)
                    picks = [index.get(name) for name in COLUMNS]
                    continue
                if row:
                    yield line, [row[i] if i is not None and i < len(row) else "" for i in picks]

    def _index(self, header: list[str]) -> dict[str, int]:
        positions = {name.strip(): i for i, name in enumerate(header)}
        index = {role: positions[col] for role, col in self.columns.items() if col in positions}
        missing = [f"{r} ({self.columns[r]})" for r in _REQUIRED if r not in index]
        if missing:
            raise SourceError(
                f"{self.path.name} has no column for {', '.join(missing)}",
                hint=f"name the columns in source.columns; the file has: {', '.join(positions)}",
            )
        return index

    def tickets(self) -> Iterator[LegacyTicket]:
        self._bad = []
        groups = self._grouped() if self.grouped else self._staged()
        for ticket_id, rows in groups:
            yield self._ticket(ticket_id, rows)
        for line, problem in self._bad:  # rows the csv module refused: quarantined by line
            yield LegacyTicket(f"line-{line}", "", [], problems=[problem])

    def _grouped(self) -> Iterator[tuple[str, list[tuple[int, list[str]]]]]:
        seen: set[str] = set()
        current: str | None = None
        rows: list[tuple[int, list[str]]] = []
        for line, row in self._rows():
            key = normalize_id(row[0])
            if key != current:
                if current is not None:
                    yield current, rows
                if key in seen:
                    raise SourceError(
                        f"{self.path.name}:{line}: rows of ticket {key} are not together",
                        hint="sort the export by ticket id, or set source.order: any",
                    )
                seen.add(key)
                current, rows = key, []
            rows.append((line, row))
        if current is not None:
            yield current, rows

    def _staged(self) -> Iterator[tuple[str, list[tuple[int, list[str]]]]]:
        staging = Staging({"rows": ("ticket", "line", *(f"c{i}" for i in range(len(COLUMNS))))})
        try:
            staging.load("rows", ((normalize_id(r[0]), n, *r) for n, r in self._rows()))
            for key in list(staging.keys("rows")):
                found = staging.children("rows", key)
                yield key, [(row[1], list(row[2:])) for row in found]
        finally:
            staging.close()

    def _ticket(self, ticket_id: str, rows: list[tuple[int, list[str]]]) -> LegacyTicket:
        problems: list[str] = []
        users: dict[str, LegacyUser] = {}
        comments: list[LegacyComment] = []
        parts: list[str] = []
        first: list[str] = []
        message_key: str | None = None
        for line, raw in rows:
            row, bad = _clean_row(raw)
            if bad:
                problems.append(f"{self.path.name}:{line}: undecodable bytes")
            message = row[_MESSAGE]
            key = normalize_id(message) if message else f"row{line}"
            if key != message_key:
                if message_key is not None:
                    comments.append(self._comment(message_key, first, parts, problems))
                message_key, first, parts = key, row, []
                self._user(row, users)
            parts.append(row[_BODY])
        if message_key is not None:
            comments.append(self._comment(message_key, first, parts, problems))
        head = _clean_row(rows[0][1])[0] if rows else [""] * len(COLUMNS)
        subject, status, priority, topic = head[_SUBJECT : _TOPIC + 1]
        requester = next((c.author_id for c in comments if c.extra.get("role") == "end-user"), None)
        return LegacyTicket(
            source_id=ticket_id,
            subject=subject,
            comments=comments,
            status=status or "closed",
            priority=priority or None,
            topic=topic or None,
            requester_id=requester or (comments[0].author_id if comments else None),
            created_at=comments[0].created_at if comments else None,
            updated_at=comments[-1].created_at if comments else None,
            users=users,
            problems=problems,
            origin=_origin(self.path.name, [line for line, _ in rows]),
        )

    def _comment(
        self, key: str, row: list[str], parts: list[str], problems: list[str]
    ) -> LegacyComment:
        created, problem = self.times.parse(row[_CREATED])
        if problem is not None:
            problems.append(self.times.reason(problem, row[_CREATED], f"message {key}"))
        if row[_PUBLIC]:
            public = parse_bool(row[_PUBLIC], True)
        else:
            public = not parse_bool(row[_PRIVATE], False)
        body = self.joiner.join(p for p in parts if p)
        author = normalize_id(row[_AUTHOR]) or None
        role = {"role": self.roles.get(row[_ROLE], "unknown")}
        return LegacyComment(key, author, body, created, public, self.html, extra=role)

    def _user(self, row: list[str], users: dict[str, LegacyUser]) -> None:
        """Record the author; one acting in several roles in a ticket keeps the strongest hint
        (a staff member who reported a ticket is still staff) and every role it was seen in."""
        author, role = normalize_id(row[_AUTHOR]), row[_ROLE]
        if not author:
            return
        hint = self.roles.get(role, "unknown")
        user = users.get(author)
        if user is None:
            name, email = row[_NAME] or author, row[_EMAIL] or None
            users[author] = LegacyUser(author, name, email, hint, extra={"source_roles": [role]})
            return
        roles: list[str] = user.extra["source_roles"]
        if role not in roles:
            roles.append(role)
        if _STRENGTH[hint] > _STRENGTH[user.role]:
            user.role = hint


def _clean_row(row: list[str]) -> tuple[list[str], bool]:
    bad = False
    out = []
    for value in row:
        text, broken = clean(value)
        bad = bad or broken
        out.append(text)
    return out, bad


def _origin(name: str, lines: list[int]) -> str:
    """Where a ticket's rows are: ``export.csv:12`` or ``export.csv lines 12-19``."""
    if not lines:
        return name
    first, last = min(lines), max(lines)
    return f"{name}:{first}" if first == last else f"{name} lines {first}-{last}"
