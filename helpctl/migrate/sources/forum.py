"""``forum``: a feedback forum export (Copiny/UserVoice-like): threads, posts and users files.

::

    source:
      kind: forum
      html: true                          # post bodies are HTML
      threads: {path: threads.csv, columns: {id: thread_id, title: title, topic: category}}
      posts: {path: posts.json, columns: {thread: thread_id, is_solution: accepted}}
      users: {path: users.csv, encoding: cp1251, delimiter: ";"}
      timestamps: {format: "%d.%m.%Y %H:%M", timezone: Europe/Moscow}   # per file too
      thread_date_fallback: first_message   # a thread date that does not parse: first post's

Each file is CSV, JSON (an array of objects) or JSON lines, by extension or ``format``, in its
declared ``encoding``. ``columns`` renames the file's fields to the canonical ones (see
:data:`COLUMNS`). A thread becomes a ticket: its own body (if the threads file has one) and its
posts become comments in time order; a post marked as the solution makes the ticket
``answered`` (map it to ``solved``); staff flags make agents; users marked deleted, or missing
from the users file, are left to the mapping's ``missing_author`` placeholder. Posts and users
are staged in a temporary SQLite file, so only threads are streamed from their file. JSON
arrays are parsed whole (the standard library has no streaming JSON parser): use CSV or JSON
lines for very large exports.

Times are read by each file's ``timestamps`` rule (:mod:`helpctl.migrate.timestamps`: the
file's keys win over the source's). A thread without a date takes its first message's; a
thread whose date is written but cannot be read (or has no zone) is quarantined, unless
``thread_date_fallback: first_message`` says to take its first message's time instead.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from helpctl.errors import SourceError
from helpctl.migrate.model import LegacyComment, LegacyTicket, LegacyUser
from helpctl.migrate.records import RecordError, parse_record
from helpctl.migrate.sources.csv_rows import read_rows
from helpctl.migrate.sources.files import encoding_problems, open_text, resolve
from helpctl.migrate.sources.staging import Staging
from helpctl.migrate.sources.text import clean, normalize_id, parse_bool
from helpctl.migrate.timestamps import TimestampRule, rule_from_spec, spec_problems

__all__ = ["COLUMNS", "OPTIONS", "ForumSource", "check", "open_source"]

OPTIONS = {
    "threads": True,
    "posts": True,
    "users": False,
    "html": False,
    "timestamps": False,
    "thread_date_fallback": False,
}
FILE_OPTIONS = ("path", "format", "encoding", "delimiter", "columns", "timestamps")
FALLBACKS = ("first_message", "none")
#: canonical field → default name in the file, per file.
COLUMNS = {
    "threads": ("id", "title", "topic", "author", "created_at", "status", "tags", "votes", "body"),
    "posts": ("thread", "id", "author", "created_at", "body", "is_solution", "is_staff", "votes"),
    "users": ("id", "name", "email", "is_staff", "deleted"),
}


def check(spec: dict[str, Any]) -> list[tuple[str, str, str]]:
    out = spec_problems(spec.get("timestamps"))
    if spec.get("thread_date_fallback") not in (*FALLBACKS, None):
        out.append(("thread_date_fallback", "thread_date_fallback is first_message or none", ""))
    for part in ("threads", "posts", "users"):
        file = spec.get(part)
        if file is None:
            continue
        if not isinstance(file, dict) or "path" not in file:
            out.append((part, f"{part} needs at least a path", "{path: threads.csv}"))
            continue
        for key in file:
            if key not in FILE_OPTIONS:
                out.append((f"{part}.{key}", f"unknown key {key!r}", ", ".join(FILE_OPTIONS)))
        for key in file.get("columns") or {}:
            if key not in COLUMNS[part]:
                out.append(
                    (f"{part}.columns.{key}", f"unknown field {key!r}", ", ".join(COLUMNS[part]))
                )
        out.extend((f"{part}.{k}", m, h) for k, m, h in encoding_problems(file))
        out.extend((f"{part}.{k}", m, h) for k, m, h in spec_problems(file.get("timestamps")))
        if file.get("format", _format(str(file["path"]))) not in ("csv", "json", "jsonl"):
            out.append((f"{part}.format", "format is csv, json or jsonl", ""))
    return out


def _format(path: str) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    return {"ndjson": "jsonl", "tsv": "csv"}.get(suffix, suffix)


def open_source(
    spec: dict[str, Any], base_dir: Path, _client: Callable[..., Any] | None
) -> ForumSource:
    files = {
        part: _File(part, spec[part], base_dir, spec.get("timestamps"))
        for part in ("threads", "posts", "users")
        if spec.get(part)
    }
    fallback = spec.get("thread_date_fallback") == "first_message"
    return ForumSource(files, html=bool(spec.get("html", False)), date_fallback=fallback)


class _File:
    """One export file and how to read it, yielding tuples in the canonical field order."""

    def __init__(
        self, part: str, spec: dict[str, Any], base_dir: Path, times: dict[str, Any] | None
    ) -> None:
        self.part = part
        self.times = rule_from_spec(times, spec.get("timestamps"))
        self.path = resolve(base_dir, spec["path"], what=f"{part} file")
        self.format = str(spec.get("format", _format(self.path.name)))
        self.encoding = spec.get("encoding")
        self.delimiter = str(spec.get("delimiter", "\t" if self.path.suffix == ".tsv" else ","))
        self.bad: list[tuple[str, str]] = []  # (position, problem) of rows left out
        names = {**{c: c for c in COLUMNS[part]}, **(spec.get("columns") or {})}
        self.fields = [str(names[c]) for c in COLUMNS[part]]

    def records(self) -> Iterator[tuple[list[Any], bool]]:
        """(values in canonical order, whether any text held undecodable bytes). A row that
        cannot be read is left out and kept in ``self.bad`` as (position, problem), which the
        source quarantines; a file that cannot be parsed at all stops the run."""
        self.bad = []
        with open_text(self.path, self.encoding) as fh:
            for where, row, problem in self._rows(fh):
                if row is None:
                    self.bad.append((where, problem))
                else:
                    yield _pick(row, self.fields)

    def _rows(self, fh: IO[str]) -> Iterator[tuple[str, dict[str, Any] | None, str]]:
        name = self.path.name
        if self.format == "csv":
            header: list[str] | None = None
            for line, row, problem in read_rows(fh, name, delimiter=self.delimiter):
                if row is None:
                    yield f"{name}:{line}", None, problem or ""
                elif header is None:
                    header = row
                elif row:
                    yield f"{name}:{line}", dict(zip(header, row, strict=False)), ""
        elif self.format == "jsonl":
            for n, text in enumerate(fh, start=1):
                if text.strip():
                    try:
                        yield f"{name}:{n}", parse_record(text), ""
                    except RecordError as exc:
                        yield f"{name}:{n}", None, f"{name}:{n}: {exc}"
        else:
            try:
                loaded = json.load(fh)
            except (ValueError, RecursionError) as exc:
                raise SourceError(f"{name} cannot be read as json: {exc}") from None
            for i, item in enumerate(loaded if isinstance(loaded, list) else []):
                ok = isinstance(item, dict)
                yield f"{name}[{i}]", item if ok else None, f"{name}[{i}]: not a JSON object"


def _pick(row: dict[str, Any], fields: list[str]) -> tuple[list[Any], bool]:
    out: list[Any] = []
    bad = False
    for name in fields:
        value = row.get(name)
        if isinstance(value, str):
            value, broken = clean(value)
            bad = bad or broken
        out.append(value)
    return out, bad


class ForumSource:
    """Threads of a forum export as tickets; see the module docstring."""

    kind = "forum"

    def __init__(
        self, files: dict[str, _File], *, html: bool = False, date_fallback: bool = False
    ) -> None:
        self.files = files
        self.html = html
        self.date_fallback = date_fallback

    def timestamp_examples(self) -> list[dict[str, Any]]:
        """The first values each file's timestamp rule read (for ``migrate plan``)."""
        return [
            file.times.describe(f"{part} ({file.path.name})")
            for part, file in self.files.items()
            if file.times.examples
        ]

    def count(self) -> int | None:
        return sum(1 for _ in self.files["threads"].records())

    def tickets(self) -> Iterator[LegacyTicket]:
        staging = Staging(
            {"posts": ("thread", *COLUMNS["posts"][1:], "bad"), "users": (*COLUMNS["users"], "bad")}
        )
        try:
            staging.load(
                "posts",
                ((normalize_id(v[0]), *v[1:], bad) for v, bad in self.files["posts"].records()),
            )
            if "users" in self.files:
                staging.load(
                    "users",
                    ((normalize_id(v[0]), *v[1:], bad) for v, bad in self.files["users"].records()),
                )
            threads = self.files["threads"]
            for n, (values, bad) in enumerate(threads.records(), start=1):
                ticket = self._ticket(staging, values, bad)
                ticket.origin = f"{threads.path.name} record {n}"
                yield ticket
        finally:
            staging.close()
        for part, file in self.files.items():  # rows that could not be read: quarantined
            for where, problem in file.bad:
                yield LegacyTicket(f"{part}:{where}", "", [], problems=[problem])

    def _ticket(self, staging: Staging, values: list[Any], bad: bool) -> LegacyTicket:
        tid, title, topic, author, created, status, tags, votes, body = values
        tid = normalize_id(tid)
        thread = _Thread(staging, self.html, [f"thread {tid}: undecodable bytes"] if bad else [])
        thread.times = self.files["posts"].times
        comments: list[LegacyComment] = []
        solved_at = None
        for _, pid, p_author, when, text, solution, staff, p_votes, p_bad in staging.children(
            "posts", tid
        ):
            if p_bad:
                thread.problems.append(f"post {pid}: undecodable bytes")
            extra = {"solution": parse_bool(solution), "staff": parse_bool(staff), "votes": p_votes}
            comment = thread.comment(normalize_id(pid), p_author, when, text or "", extra)
            comments.append(comment)
            if extra["solution"]:
                solved_at = comment.created_at
        comments.sort(key=_time_key)
        created_at = self._thread_date(tid, created, comments, thread.problems)
        if body:  # the thread's own text: its first message, at the thread's date
            first = thread.comment(f"t{tid}", author, None, body, {}, when=created_at)
            comments.insert(0, first)
        requester = _opt_id(author) or (comments[0].author_id if comments else None)
        return LegacyTicket(
            source_id=tid,
            subject=str(title or ""),
            comments=comments,
            status="answered" if solved_at else str(status or "open"),
            topic=str(topic) if topic else None,
            tags=[t for t in str(tags or "").replace(",", " ").split() if t],
            custom={"votes": votes} if votes not in (None, "") else {},
            requester_id=requester,
            created_at=created_at,
            solved_at=solved_at,
            users=thread.users,
            problems=thread.problems,
        )

    def _thread_date(
        self, tid: str, created: Any, comments: list[LegacyComment], problems: list[str]
    ) -> datetime | None:
        """The thread's own date; its first post's when it has none (or, with
        ``thread_date_fallback: first_message``, when its date cannot be read)."""
        first = comments[0].created_at if comments else None
        if created in (None, ""):
            if first is None:
                problems.append(f"invalid timestamp: thread {tid} has no date and no posts")
            return first
        rule = self.files["threads"].times
        when, problem = rule.parse(created)
        if problem is None:
            return when
        if not self.date_fallback or first is None:
            problems.append(
                rule.reason(problem, created, f"thread {tid}")
                + " — thread_date_fallback: first_message takes its first post's time"
            )
        return first


class _Thread:
    """What building one ticket collects: its users and its problems."""

    def __init__(self, staging: Staging, html: bool, problems: list[str]) -> None:
        self.staging = staging
        self.html = html
        self.problems = problems
        self.users: dict[str, LegacyUser] = {}
        self.times = TimestampRule()

    def comment(
        self,
        sid: str,
        author: Any,
        created: Any,
        body: str,
        extra: dict[str, Any],
        when: datetime | None = None,
    ) -> LegacyComment:
        if when is None:
            when, problem = self.times.parse(created)
            if problem is not None:
                self.problems.append(self.times.reason(problem, created, f"post {sid}"))
        author_id = _opt_id(author)
        if author_id is not None:
            self.user(author_id, bool(extra.get("staff")))
        return LegacyComment(sid, author_id, str(body), when, html=self.html, extra=extra)

    def user(self, author: str, staff: bool) -> None:
        user = self.users.get(author)
        if user is None:
            found = self.staging.children("users", author)
            if not found:
                return  # unknown to the export: the mapping decides (placeholder or quarantine)
            _, name, email, is_staff, deleted, bad = found[0]
            if bad:
                self.problems.append(f"user {author}: undecodable bytes (check its encoding)")
            user = LegacyUser(author, str(name or ""), email or None, deleted=parse_bool(deleted))
            user.role = "agent" if parse_bool(is_staff) else "end-user"
            self.users[author] = user
        if staff:
            user.role = "agent"


def _opt_id(value: Any) -> str | None:
    return normalize_id(value) if value not in (None, "") else None


def _time_key(c: LegacyComment) -> tuple[bool, float]:
    return (c.created_at is None, c.created_at.timestamp() if c.created_at else 0.0)
