"""``jsonl``: the canonical model as JSON lines, one ticket per line: the escape hatch for any
system without a built-in source.

A line::

    {"source_id": "T1", "subject": "…", "status": "open", "topic": "billing", "tags": [],
     "requester_id": "u1", "created_at": "2024-01-02T10:00:00Z",
     "users": {"u1": {"name": "Ann", "email": "ann@example.com", "role": "end-user"}},
     "comments": [{"source_id": "c1", "author_id": "u1", "body": "…", "html": false,
                   "public": true, "created_at": "…",
                   "attachments": [{"name": "a.png", "size": 12, "path": "files/a.png"}]}]}

A line that is not valid JSON, or a timestamp that does not parse, does not stop the stream: the
ticket carries a problem and is quarantined by the mapping.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from helpctl.migrate.model import (
    LegacyAttachment,
    LegacyComment,
    LegacyTicket,
    LegacyUser,
    RoleHint,
)
from helpctl.migrate.records import RecordError, bad_record, parse_record, shape_error
from helpctl.migrate.safe_files import Confinement
from helpctl.migrate.sources.files import encoding_problems, open_text, resolve
from helpctl.migrate.sources.text import clean
from helpctl.migrate.timestamps import TimestampRule, rule_from_spec, spec_problems
from helpctl.migrate.values import parse_bool

__all__ = ["FIELDS", "OPTIONS", "JsonlSource", "check", "open_source"]

OPTIONS = {
    "path": True,
    "encoding": False,
    "timestamps": False,
    "attachments_dir": False,
    "allow_outside": False,
}
#: object → the keys this source reads from it (a user is keyed by its source id in ``users``).
FIELDS: dict[str, tuple[str, ...]] = {
    "ticket": ("source_id", "subject", "status", "priority", "topic", "tags", "custom",
               "requester_id", "assignee_id", "group", "brand", "created_at", "updated_at",
               "solved_at", "users", "comments"),
    "comment": ("source_id", "author_id", "body", "created_at", "public", "html", "attachments",
                "extra"),
    "user": ("name", "email", "role", "organization", "deleted", "extra"),
    "attachment": ("name", "content_type", "size", "path", "data_base64", "url"),
}  # fmt: skip
_ROLES: dict[str, RoleHint] = {"end-user": "end-user", "agent": "agent", "admin": "admin"}


def check(spec: dict[str, Any]) -> list[tuple[str, str, str]]:
    return encoding_problems(spec) + spec_problems(spec.get("timestamps"))


def open_source(
    spec: dict[str, Any], base_dir: Path, _client: Callable[..., Any] | None
) -> JsonlSource:
    path = resolve(base_dir, spec["path"])
    roots = [path.parent]
    if spec.get("attachments_dir"):
        roots.append(resolve(base_dir, spec["attachments_dir"], what="folder", directory=True))
    source = JsonlSource(path, spec.get("encoding"))
    source.files = Confinement.of(roots, parse_bool(spec.get("allow_outside"), False))
    source.times = rule_from_spec(spec.get("timestamps"))
    return source


class JsonlSource:
    """Tickets from a JSON-lines file in the canonical model."""

    kind = "jsonl"

    def __init__(self, path: Path, encoding: str | None = None) -> None:
        self.path = path
        self.encoding = encoding
        self.times = TimestampRule()
        self.files = Confinement.of([path.parent])

    def timestamp_examples(self) -> list[dict[str, Any]]:
        """The first values the timestamp rule read (for ``migrate plan``)."""
        return [self.times.describe(self.path.name)] if self.times.examples else []

    def count(self) -> int | None:
        with open_text(self.path, self.encoding) as fh:
            return sum(1 for line in fh if line.strip())

    def tickets(self) -> Iterator[LegacyTicket]:
        with open_text(self.path, self.encoding) as fh:
            for n, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                text, bad = clean(line)
                where = f"{self.path.name}:{n}"
                doc: Any = None
                try:
                    doc = parse_record(text)
                    ticket = self._ticket(doc)
                except RecordError as exc:
                    yield bad_record(exc.doc, n, f"{where}: {exc}")
                    continue
                except (ValueError, TypeError, KeyError, AttributeError) as exc:
                    yield bad_record(doc, n, f"{where}: {shape_error(exc)}")
                    continue
                if bad:
                    ticket.problems.append(f"line {n}: undecodable bytes in {self.path.name}")
                ticket.origin = where
                yield ticket

    def _ticket(self, doc: dict[str, Any]) -> LegacyTicket:
        problems: list[str] = []

        def when(value: Any, what: str) -> Any:
            if value is None:
                return None
            parsed, problem = self.times.parse(value)
            if problem is not None:
                problems.append(self.times.reason(problem, value, what))
            return parsed

        comments = [self._comment(c, when) for c in doc.get("comments", [])]
        users = {str(k): _user(str(k), u) for k, u in (doc.get("users") or {}).items()}
        return LegacyTicket(
            source_id=str(doc["source_id"]),
            subject=str(doc.get("subject") or ""),
            comments=comments,
            status=str(doc.get("status") or "closed"),
            priority=doc.get("priority"),
            topic=doc.get("topic"),
            tags=[str(t) for t in doc.get("tags", [])],
            custom=dict(doc.get("custom") or {}),
            requester_id=_opt(doc.get("requester_id")),
            assignee_id=_opt(doc.get("assignee_id")),
            group=doc.get("group"),
            brand=doc.get("brand"),
            created_at=when(doc.get("created_at"), "created_at"),
            updated_at=when(doc.get("updated_at"), "updated_at"),
            solved_at=when(doc.get("solved_at"), "solved_at"),
            users=users,
            problems=problems,
        )

    def _comment(self, c: dict[str, Any], when: Callable[[Any, str], Any]) -> LegacyComment:
        sid = str(c.get("source_id", ""))
        return LegacyComment(
            source_id=sid,
            author_id=_opt(c.get("author_id")),
            body=str(c.get("body") or ""),
            created_at=when(c.get("created_at"), f"comment {sid}"),
            public=bool(c.get("public", True)),
            html=bool(c.get("html", False)),
            attachments=[self._attachment(a) for a in c.get("attachments", [])],
            extra=dict(c.get("extra") or {}),
        )

    def _attachment(self, a: dict[str, Any]) -> LegacyAttachment:
        data = base64.b64decode(a["data_base64"]) if a.get("data_base64") else None
        path, problem = self.files.locate(a["path"]) if a.get("path") else (None, None)
        # a declared size is never trusted: the bytes' own length, a file's is measured later
        declared = a.get("size")
        size = len(data) if data is not None else None
        if size is None and path is None and type(declared) is int:
            size = declared  # a linked file's size, which decides on_too_large
        return LegacyAttachment(
            name=str(a["name"]),
            content_type=str(a.get("content_type") or "application/octet-stream"),
            size=size,
            path=path,
            data=data,
            url=a.get("url"),
            problem=problem,
        )


def _user(key: str, u: dict[str, Any]) -> LegacyUser:
    return LegacyUser(
        source_id=key,
        name=str(u.get("name") or ""),
        email=u.get("email"),
        role=_ROLES.get(str(u.get("role")), "unknown"),
        organization=u.get("organization"),
        deleted=bool(u.get("deleted", False)),
        extra=dict(u.get("extra") or {}),
    )


def _opt(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)
