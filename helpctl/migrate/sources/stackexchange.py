"""``stackexchange``: a Stack Exchange data dump (``Posts.xml``, ``Comments.xml``, ``Users.xml``).

Each question becomes a ticket; its body, answers and comments become the ticket's comments in
time order (answers and question bodies are HTML, comments are text). An accepted answer makes
the ticket ``answered`` (map it to ``solved``), a closed question ``closed``, any other ``open``.
Tags become tags and the first tag the topic. Posts whose author was deleted (no
``OwnerUserId``, or an id missing from ``Users.xml``) have no known author: the mapping's
``missing_author`` placeholder stands in. Dumps do not carry e-mail addresses.

The XML files are read with ``iterparse`` and cleared as they go; answers and comments are
staged in a temporary SQLite file so a dump of any size is read with flat memory.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from helpctl.errors import SourceError
from helpctl.migrate.model import LegacyComment, LegacyTicket, LegacyUser
from helpctl.migrate.sources.files import resolve
from helpctl.migrate.sources.staging import Staging
from helpctl.migrate.sources.text import parse_time

__all__ = ["COLUMNS", "OPTIONS", "StackExchangeSource", "open_source"]

OPTIONS = {"path": True, "comments": False}
_TAGS = re.compile(r"<([^>]+)>|\|?([^|<>]+)\|?")
# Staged columns → the dump's attribute names, per table (the first column is the lookup key).
_QUESTION = {"id": "Id", "owner": "OwnerUserId", "created": "CreationDate", "title": "Title",
             "tags": "Tags", "accepted": "AcceptedAnswerId", "closed": "ClosedDate",
             "activity": "LastActivityDate", "views": "ViewCount", "score": "Score",
             "body": "Body"}  # fmt: skip
_ANSWER = {"parent": "ParentId", "id": "Id", "owner": "OwnerUserId", "created": "CreationDate",
           "body": "Body"}  # fmt: skip
_COMMENT = {"post": "PostId", "id": "Id", "user": "UserId", "created": "CreationDate",
            "body": "Text"}  # fmt: skip
_USER = {"id": "Id", "name": "DisplayName", "location": "Location", "reputation": "Reputation"}


_TABLES = {"questions": _QUESTION, "answers": _ANSWER, "comments": _COMMENT, "users": _USER}
_POST_TYPE = "PostTypeId"  # 1: question, 2: answer; other posts are not conversations
#: dump file → the ``<row>`` attributes this source reads from it.
COLUMNS: dict[str, tuple[str, ...]] = {
    "Posts.xml": tuple(dict.fromkeys((_POST_TYPE, *_QUESTION.values(), *_ANSWER.values()))),
    "Comments.xml": tuple(_COMMENT.values()),
    "Users.xml": tuple(_USER.values()),
}


def _pick(row: dict[str, str], columns: dict[str, str]) -> tuple[str | None, ...]:
    return tuple(row.get(attr) for attr in columns.values())


def open_source(
    spec: dict[str, Any], base_dir: Path, _client: Callable[..., Any] | None
) -> StackExchangeSource:
    folder = resolve(base_dir, spec["path"], what="folder", directory=True)
    resolve(folder, "Posts.xml")
    return StackExchangeSource(folder, comments=bool(spec.get("comments", True)))


def _rows(path: Path) -> Iterator[dict[str, str]]:
    """The attributes of every ``<row>``, memory kept flat by clearing parsed elements."""
    if not path.is_file():
        return
    try:
        for _, elem in ET.iterparse(path, events=("end",)):
            if elem.tag == "row":
                yield dict(elem.attrib)
                elem.clear()
    except ET.ParseError as exc:
        raise SourceError(f"{path.name} is not a readable dump file: {exc}") from exc


def parse_tags(text: str | None) -> list[str]:
    """``<a><b>`` (older dumps) or ``|a|b|`` (newer ones) → ``[a, b]``."""
    if not text:
        return []
    return [m.group(1) or m.group(2) for m in _TAGS.finditer(text) if m.group(1) or m.group(2)]


class StackExchangeSource:
    """Questions of a dump folder as tickets; see the module docstring."""

    kind = "stackexchange"

    def __init__(self, folder: Path, *, comments: bool = True) -> None:
        self.folder = folder
        self.with_comments = comments
        self._staging: Staging | None = None
        self._questions = 0

    def _stage(self) -> Staging:
        if self._staging is not None:
            return self._staging
        staging = Staging({name: tuple(cols) for name, cols in _TABLES.items()})
        staging.load("users", (_pick(u, _USER) for u in _rows(self.folder / "Users.xml")))
        staging.load_routed(self._posts())
        if self.with_comments:
            comments = _rows(self.folder / "Comments.xml")
            staging.load("comments", (_pick(c, _COMMENT) for c in comments))
        self._questions = staging.db.execute("SELECT COUNT(*) FROM questions").fetchone()[0]
        self._staging = staging
        return staging

    def _posts(self) -> Iterator[tuple[str, tuple[str | None, ...]]]:
        for p in _rows(self.folder / "Posts.xml"):
            kind = p.get(_POST_TYPE)
            if kind == "1":
                yield "questions", _pick(p, _QUESTION)
            elif kind == "2":
                yield "answers", _pick(p, _ANSWER)
            # other post types (tag wikis…) are not conversations

    def count(self) -> int | None:
        self._stage()
        return self._questions

    def tickets(self) -> Iterator[LegacyTicket]:
        staging = self._stage()
        cursor = staging.db.execute(f"SELECT {', '.join(_QUESTION)} FROM questions ORDER BY seq")
        for row in cursor:
            yield self._ticket(staging, row)

    def _ticket(self, staging: Staging, row: tuple[Any, ...]) -> LegacyTicket:
        qid, owner, created, title, tags, accepted, closed, activity, views, score, body = row
        problems: list[str] = []
        users: dict[str, LegacyUser] = {}

        def comment(
            prefix: str, sid: str, author: str | None, when: str | None, text: str
        ) -> LegacyComment:
            return self._comment(staging, prefix, sid, author, when, text, problems, users)

        comments = [comment("q", qid, owner, created, body)]
        post_ids = [qid]
        for _, aid, a_owner, a_created, a_body in staging.children("answers", qid):
            answer = comment("a", aid, a_owner, a_created, a_body)
            answer.extra["accepted"] = aid == accepted
            comments.append(answer)
            post_ids.append(aid)
        for post_id in post_ids:
            for _, cid, user, c_created, text in staging.children("comments", post_id):
                comments.append(comment("c", cid, user, c_created, text))
        comments.sort(key=_time_key)
        tag_list = parse_tags(tags)
        accepted_at = next((c.created_at for c in comments if c.extra.get("accepted")), None)
        return LegacyTicket(
            source_id=qid,
            subject=title,
            comments=comments,
            status="closed" if closed else "answered" if accepted else "open",
            topic=tag_list[0] if tag_list else None,
            tags=tag_list,
            custom={"score": _int(score), "views": _int(views)},
            requester_id=owner,
            created_at=comments[0].created_at,
            updated_at=parse_time(activity),
            solved_at=accepted_at,
            users=users,
            problems=problems,
        )

    def _comment(
        self,
        staging: Staging,
        prefix: str,
        sid: str,
        author: str | None,
        created: str | None,
        body: str,
        problems: list[str],
        users: dict[str, LegacyUser],
    ) -> LegacyComment:
        when = parse_time(created)
        if when is None:
            problems.append(f"invalid timestamp {created!r} on post {sid}")
        if author and author not in users:
            found = staging.children("users", author)
            if found:
                _, name, location, reputation = found[0]
                users[author] = LegacyUser(
                    author, name, extra={"location": location, "reputation": _int(reputation)}
                )
        kind = {"q": "question", "a": "answer", "c": "comment"}[prefix]
        # Question and answer bodies are HTML; comments are short markdown-ish text.
        html = prefix != "c"
        return LegacyComment(f"{prefix}{sid}", author, body, when, html=html, extra={"kind": kind})


def _time_key(c: LegacyComment) -> tuple[int, float]:
    # The question body first whatever the clocks say, then everything in time order.
    first = 0 if c.extra.get("kind") == "question" else 1
    return (first, c.created_at.timestamp() if c.created_at else 0.0)


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
