"""An in-memory :class:`~helpctl.migrate.target.ImportTarget`: no HTTP, no Zendesk JSON.

It drives the runner in unit tests: jobs read as running on their first poll and finished on
the next; ``lose_answers`` stores the next imports and then raises ``TransportError`` (the answer
was lost), ``refuse_before`` raises it before storing anything; ``groups`` are the names the
target knows (a ticket naming another raises ``UnknownName``). It records every job submitted
(``imports``), every import request (``posted``) and the most jobs that were in flight
at once.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from helpctl.errors import TransportError
from helpctl.migrate.mapped import MappedComment, MappedTicket, MappedUser
from helpctl.migrate.model import LegacyAttachment
from helpctl.migrate.target import JobOutcome, UnknownName


@dataclass
class Submitted:
    """One import job as the target received it."""

    job_id: str
    external_ids: list[str]
    archive: bool


@dataclass
class FakeTarget:
    groups: set[str] = field(default_factory=lambda: {"Support"})
    lose_answers: int = 0
    refuse_before: int = 0
    tickets: dict[int, dict[str, Any]] = field(default_factory=dict)
    users: dict[str, int] = field(default_factory=dict)
    imports: list[Submitted] = field(default_factory=list)
    lookups: list[str] = field(default_factory=list)
    posted: int = 0  # import requests, stored or not
    max_in_flight: int = 0
    requests: int = 0
    roles: dict[str, str] = field(default_factory=dict)  # user key → role last upserted

    def __post_init__(self) -> None:
        self._ids = itertools.count(1000)
        self._jobs: dict[str, tuple[int, list[tuple[str, int | str]]]] = {}

    # -- helpers ---------------------------------------------------------------------------
    def _job(self, results: list[tuple[str, int | str]]) -> str:
        job_id = f"J{next(self._ids)}"
        self._jobs[job_id] = (0, results)
        running = sum(1 for polls, _ in self._jobs.values() if polls < 2)
        self.max_in_flight = max(self.max_in_flight, running)
        return job_id

    def external_ids(self) -> list[str]:
        return sorted(str(t["external_id"]) for t in self.tickets.values())

    # -- the protocol ----------------------------------------------------------------------
    def names(self) -> dict[str, dict[str, int]]:
        return {"fields": {}, "brands": {}, "groups": {g: i for i, g in enumerate(self.groups)}}

    def requests_made(self) -> int:
        return self.requests

    def submit_users(self, users: Sequence[MappedUser]) -> str:
        self.requests += 1
        return self._job([self.upsert_user(u) for u in users])

    def upsert_user(self, user: MappedUser) -> tuple[str, int | str]:
        self.users.setdefault(user.key, next(self._ids))
        self.roles[user.key] = user.role
        return ("ok", self.users[user.key])

    def upload_all(self, attachments: Sequence[LegacyAttachment]) -> list[str | Exception]:
        return [f"tok-{a.name}" for a in attachments]

    def ticket_payload(
        self,
        ticket: MappedTicket,
        user_ids: dict[str, int],
        tokens: dict[int, list[str]] | None = None,
    ) -> dict[str, Any]:
        if ticket.group is not None and ticket.group not in self.groups:
            raise UnknownName(f"the target has no group named {ticket.group!r}")
        return {
            "external_id": ticket.external_id,
            "subject": ticket.subject,
            "status": ticket.status,
            "requester_id": user_ids[ticket.requester],
            "comments": [c.body for c in ticket.comments],
        }

    def submit_import(self, payloads: Sequence[dict[str, Any]], *, archive: bool) -> str:
        self.requests += 1
        self.posted += 1
        if self.refuse_before:
            self.refuse_before -= 1
            raise TransportError("connection reset", method="POST", path="import")
        results: list[tuple[str, int | str]] = []
        for doc in payloads:
            tid = next(self._ids)
            self.tickets[tid] = {**doc, "id": tid, "archived": archive}
            results.append(("ok", tid))
        job_id = self._job(results)
        self.imports.append(Submitted(job_id, [str(p["external_id"]) for p in payloads], archive))
        if self.lose_answers:
            self.lose_answers -= 1
            raise TransportError("connection reset", method="POST", path="import")
        return job_id

    def ticket_update(self, ticket_id: int, ticket: MappedTicket) -> dict[str, Any]:
        return {"id": ticket_id, "subject": ticket.subject, "status": ticket.status}

    def update_tickets(self, updates: Sequence[dict[str, Any]]) -> str:
        for doc in updates:
            self.tickets[int(doc["id"])].update(doc)
        return self._job([("ok", int(doc["id"])) for doc in updates])

    def add_comment(self, ticket_id: int, comment: MappedComment, author_id: int) -> None:
        self.tickets[ticket_id]["comments"].append(comment.body)

    def poll(self, job_ids: Sequence[str]) -> dict[str, JobOutcome]:
        self.requests += 1
        done: dict[str, JobOutcome] = {}
        for job_id in job_ids:
            if job_id not in self._jobs:
                done[job_id] = JobOutcome(job_id, "missing", [], lost=True)
                continue
            polls, results = self._jobs[job_id]
            self._jobs[job_id] = (polls + 1, results)
            if polls >= 1:
                done[job_id] = JobOutcome(job_id, "completed", results)
        return done

    def active_jobs(self) -> list[str]:
        return []

    def find_external_ids(self, external_ids: Iterable[str]) -> dict[str, list[int]]:
        wanted = list(external_ids)
        self.lookups.extend(wanted)
        return {
            ext: sorted(i for i, t in self.tickets.items() if t["external_id"] == ext)
            for ext in wanted
        }

    def tickets_by_id(self, ids: Sequence[int]) -> Iterator[dict[str, Any]]:
        yield from (self.tickets[i] for i in ids if i in self.tickets)

    def export_tickets(self, start_time: int = 0) -> Iterator[dict[str, Any]]:
        yield from self.tickets.values()

    def comments(self, ticket_id: int) -> list[dict[str, Any]]:
        return [{"body": b} for b in self.tickets[ticket_id]["comments"]]

    def comment_events(self, start_time: int) -> Iterator[tuple[int, dict[str, Any]]]:
        yield from ()  # no event stream: verify reads every ticket's comments by ticket

    def comments_many(
        self, ticket_ids: Sequence[int]
    ) -> Iterator[tuple[int, list[dict[str, Any]]]]:
        for tid in ticket_ids:
            yield tid, self.comments(tid)
