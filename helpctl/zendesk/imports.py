"""Zendesk's import, job, user, upload and ticket endpoints, as the target of a migration.

:class:`ZendeskImportTarget` implements :class:`~helpctl.migrate.target.ImportTarget` over a
:class:`~helpctl.zendesk.client.ZendeskClient`, so the same code talks to Zendesk and to the
sandbox. The choices that make a migration cheap in requests:

- users are upserted with ``users/create_or_update_many`` (100 per job; an upsert, so a lost
  reply may be re-sent: ``idempotent=True``);
- tickets go through ``imports/tickets/create_many`` (100 per job), with
  ``archive_immediately=true`` for batches of closed history; a lost reply is **not** re-sent
  here (the reconciler decides, by ``external_id``);
- changed tickets are updated with ``tickets/update_many`` jobs, new comments with one
  ``PUT tickets/{id}`` each;
- jobs in flight are polled together with ``job_statuses/show_many`` (one request for all;
  one ``job_statuses/{id}`` each where that endpoint is missing);
- ticket field / brand / group names are resolved to ids once per run;
- a lookup by ``external_id`` uses ``tickets?external_id=`` (Zendesk's own filter, which the
  archive does not hide); reading back uses ``tickets/show_many`` and the incremental export.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from helpctl.errors import ApiError, InvalidRecord, NotFound, SourceError
from helpctl.migrate.links import body_with_links
from helpctl.migrate.mapped import MappedComment, MappedTicket, MappedUser
from helpctl.migrate.model import LegacyAttachment
from helpctl.migrate.target import BATCH, JobOutcome, UnknownName
from helpctl.migrate.values import iso
from helpctl.zendesk.client import ZendeskClient

__all__ = ["ZendeskImportTarget"]


class ZendeskImportTarget:
    """A Zendesk account (or the sandbox) as the target of a migration: the
    :class:`~helpctl.migrate.target.ImportTarget` protocol over a client (module docstring)."""

    def __init__(self, client: ZendeskClient, *, upload_workers: int = 4) -> None:
        self.client = client
        self._names: dict[str, dict[str, int]] | None = None
        self._names_lock = threading.Lock()
        self._pool = ThreadPoolExecutor(upload_workers, thread_name_prefix="upload")
        self._show_many = True

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def requests_made(self) -> int:
        return self.client.stats.requests

    # -- names → ids, once per run --------------------------------------------------------------
    def names(self) -> dict[str, dict[str, int]]:
        """``{"fields": title→id, "brands": name→id, "groups": name→id}``, read once."""
        with self._names_lock:
            if self._names is None:
                fields = self.client.iter_items("ticket_fields", "ticket_fields", pagination="none")
                brands = self.client.iter_items("brands", "brands")
                groups = self.client.iter_items("groups", "groups")
                self._names = {
                    "fields": {str(f.get("title")): int(f["id"]) for f in fields},
                    "brands": {str(b.get("name")): int(b["id"]) for b in brands},
                    "groups": {str(g.get("name")): int(g["id"]) for g in groups},
                }
            return self._names

    def _lookup(self, kind: str, name: str) -> int:
        found = self.names()[kind].get(name)
        if found is None:
            what = {"fields": "ticket field", "brands": "brand", "groups": "group"}[kind]
            raise UnknownName(
                f"the target has no {what} named {name!r}: create it (helpctl apply) first"
            )
        return found

    # -- users ----------------------------------------------------------------------------------
    def submit_users(self, users: Sequence[MappedUser]) -> str:
        """Upsert up to 100 users as one job; returns its id (safe to re-send: an upsert)."""
        body = {"users": [_user_payload(u) for u in users]}
        reply = self.client.post("users/create_or_update_many", json=body, idempotent=True)
        return str(reply["job_status"]["id"])

    def upsert_user(self, user: MappedUser) -> tuple[str, int | str]:
        """One user through ``users/create_or_update`` (an upsert: safe to re-send):
        ``("ok", id)`` or ``("error", why)``."""
        try:
            reply = self.client.post(
                "users/create_or_update", json={"user": _user_payload(user)}, idempotent=True
            )
        except InvalidRecord as err:
            return ("error", str(err))
        return ("ok", int(reply["user"]["id"]))

    # -- attachments ----------------------------------------------------------------------------
    def upload_all(self, attachments: Sequence[LegacyAttachment]) -> list[str | Exception]:
        """Upload files with bounded concurrency; per file its token, or the error that stopped
        it (so one unreadable file fails only its ticket). The client uploads again when a reply
        is lost: an orphan upload is harmless and expires."""
        return list(self._pool.map(self._upload_one, attachments))

    def _upload_one(self, att: LegacyAttachment) -> str | Exception:
        try:
            upload = self.client.upload(att.name, att.read(), att.content_type)
        except (ApiError, SourceError, OSError, ValueError) as err:
            return err
        return str(upload["token"])

    # -- tickets --------------------------------------------------------------------------------
    def ticket_payload(
        self,
        ticket: MappedTicket,
        user_ids: dict[str, int],
        tokens: dict[int, list[str]] | None = None,
    ) -> dict[str, Any]:
        """The import JSON of one ticket; ``tokens`` maps a comment index to upload tokens.
        Raises :class:`UnknownName` for a field, brand or group the target lacks."""
        comments = [
            _comment_payload(c, user_ids, (tokens or {}).get(i))
            for i, c in enumerate(ticket.comments)
        ]
        out: dict[str, Any] = {
            "external_id": ticket.external_id,
            "subject": ticket.subject,
            "status": ticket.status,
            "requester_id": user_ids[ticket.requester],
            "tags": list(ticket.tags),
            "comments": comments,
        }
        optional = {
            "priority": ticket.priority,
            "assignee_id": user_ids[ticket.assignee] if ticket.assignee else None,
            "group_id": self._lookup("groups", ticket.group) if ticket.group else None,
            "brand_id": self._lookup("brands", ticket.brand) if ticket.brand else None,
            "created_at": iso(ticket.created_at),
            "updated_at": iso(ticket.updated_at),
            "solved_at": iso(ticket.solved_at),
        }
        out.update({k: v for k, v in optional.items() if v is not None})
        if ticket.fields:
            out["custom_fields"] = [
                {"id": self._lookup("fields", title), "value": value}
                for title, value in ticket.fields.items()
            ]
        return out

    def submit_import(self, payloads: Sequence[dict[str, Any]], *, archive: bool) -> str:
        """Import up to 100 tickets as one job; returns its id. A lost reply (or a 5xx) raises
        and is not retried: the job may exist, so the caller looks the records up first."""
        params = {"archive_immediately": "true"} if archive else None
        reply = self.client.post(
            "imports/tickets/create_many", json={"tickets": list(payloads)}, params=params
        )
        return str(reply["job_status"]["id"])

    def ticket_update(self, ticket_id: int, ticket: MappedTicket) -> dict[str, Any]:
        """The ``update_many`` document of one imported ticket: subject, status, priority, tags
        and custom fields (group, brand and requester are not changed)."""
        doc: dict[str, Any] = {
            "id": ticket_id,
            "subject": ticket.subject,
            "status": ticket.status,
            "tags": list(ticket.tags),
        }
        if ticket.priority:
            doc["priority"] = ticket.priority
        if ticket.fields:
            ids = self.names()["fields"]
            unknown = [t for t in ticket.fields if t not in ids]
            if unknown:
                raise UnknownName(f"the target has no ticket field named {unknown[0]!r}")
            doc["custom_fields"] = [{"id": ids[t], "value": v} for t, v in ticket.fields.items()]
        return doc

    def update_tickets(self, updates: Sequence[dict[str, Any]]) -> str:
        """Per-ticket updates (each with its ``id``) as one ``update_many`` job."""
        reply = self.client.put("tickets/update_many", json={"tickets": list(updates)})
        return str(reply["job_status"]["id"])

    def add_comment(self, ticket_id: int, comment: MappedComment, author_id: int) -> None:
        """Append one comment (Zendesk stamps it now: only import sets ``created_at``)."""
        body: dict[str, Any] = {"author_id": author_id, "public": comment.public}
        body["html_body" if comment.html else "body"] = comment.body
        self.client.put(f"tickets/{ticket_id}", json={"ticket": {"comment": body}})

    # -- jobs -----------------------------------------------------------------------------------
    def poll(self, job_ids: Sequence[str]) -> dict[str, JobOutcome]:
        """The jobs among ``job_ids`` that have finished (or vanished), in one request per 100."""
        done: dict[str, JobOutcome] = {}
        for i in range(0, len(job_ids), BATCH):
            chunk = list(job_ids[i : i + BATCH])
            for job_id, job in self._read_jobs(chunk).items():
                outcome = _outcome(job_id, job)
                if outcome is not None:
                    done[job_id] = outcome
        return done

    def _read_jobs(self, ids: list[str]) -> dict[str, dict[str, Any] | None]:
        if self._show_many:
            try:
                reply = self.client.get("job_statuses/show_many", params={"ids": ",".join(ids)})
            except NotFound:
                self._show_many = False
            else:
                found = {str(j["id"]): j for j in reply.get("job_statuses") or []}
                return {i: found.get(i) for i in ids}
        out: dict[str, dict[str, Any] | None] = {}
        for job_id in ids:
            try:
                out[job_id] = self.client.get(f"job_statuses/{job_id}")["job_status"]
            except NotFound:
                out[job_id] = None
        return out

    def active_jobs(self) -> list[str]:
        """Ids of the account's jobs still queued or working (used before reconciling)."""
        try:
            jobs = self.client.iter_items("job_statuses", "job_statuses")
            return [str(j["id"]) for j in jobs if j.get("status") in ("queued", "working")]
        except NotFound:
            return []

    # -- lookups --------------------------------------------------------------------------------
    def find_external_ids(self, external_ids: Iterable[str]) -> dict[str, list[int]]:
        """Target ticket ids per external id (an empty list: not there), looked up a few at a
        time through the bounded pool (reconcile after a crash looks up at most a few jobs'
        worth of records, one request each)."""
        wanted = list(dict.fromkeys(external_ids))
        return dict(zip(wanted, self._pool.map(self._find_one, wanted), strict=True))

    def _find_one(self, ext: str) -> list[int]:
        reply = self.client.get("tickets", params={"external_id": ext})
        return sorted(
            int(t["id"]) for t in reply.get("tickets") or [] if t.get("external_id") == ext
        )

    def tickets_by_id(self, ids: Sequence[int]) -> Iterator[dict[str, Any]]:
        """Tickets by id through ``show_many`` (100 per request); archived ones included."""
        for i in range(0, len(ids), BATCH):
            chunk = ids[i : i + BATCH]
            reply = self.client.get(
                "tickets/show_many", params={"ids": ",".join(str(x) for x in chunk)}
            )
            yield from reply.get("tickets") or []

    def export_tickets(self, start_time: int = 0) -> Iterator[dict[str, Any]]:
        """Every ticket changed since ``start_time`` through the incremental cursor export
        (archived tickets included, unlike the plain list)."""
        params: dict[str, Any] = {"start_time": start_time}
        while True:
            reply = self.client.get("incremental/tickets/cursor", params=params)
            yield from reply.get("tickets") or []
            if reply.get("end_of_stream") or not reply.get("after_cursor"):
                return
            params = {"cursor": reply["after_cursor"]}

    def comments(self, ticket_id: int) -> list[dict[str, Any]]:
        return list(self.client.iter_items(f"tickets/{ticket_id}/comments", "comments"))

    def comments_many(
        self, ticket_ids: Sequence[int]
    ) -> Iterator[tuple[int, list[dict[str, Any]]]]:
        """Many tickets' comments, their pages read concurrently through the bounded pool (the
        client's rate limit still applies); a ticket gone meanwhile yields no comments."""
        yield from zip(ticket_ids, self._pool.map(self._comments_or_none, ticket_ids), strict=True)

    def comment_events(self, start_time: int) -> Iterator[tuple[int, dict[str, Any]]]:
        """Comments from ``incremental/ticket_events?include=comment_events`` (1,000 events per
        request). Events of a page's last second come again on the next page: they are skipped
        by id. A page whose events all share its start second cannot advance the stream; the
        next page then starts a second later (the sandbox never splits a second across pages;
        on Zendesk such a rare burst is left to the caller's per-ticket reads)."""
        start, seen = start_time, set[int]()
        while True:
            reply = self.client.get(
                "incremental/ticket_events",
                params={"start_time": start, "include": "comment_events"},
            )
            events = reply.get("ticket_events") or []
            for event in events:
                if int(event["id"]) in seen:
                    continue
                for child in event.get("child_events") or []:
                    if child.get("type") == "Comment":
                        child.setdefault("created_at", event.get("created_at"))
                        yield int(event["ticket_id"]), child
            end = int(reply.get("end_time") or start)
            if reply.get("end_of_stream") or not events:
                return
            seen = {int(e["id"]) for e in events if int(e.get("timestamp") or 0) >= end}
            start = end if end > start else start + 1

    def _comments_or_none(self, ticket_id: int) -> list[dict[str, Any]]:
        try:
            return self.comments(ticket_id)
        except NotFound:
            return []


def _comment_payload(
    comment: MappedComment, user_ids: dict[str, int], uploads: list[str] | None
) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "author_id": user_ids[comment.author],
        "public": comment.public,
        "created_at": iso(comment.created_at),
        "html_body" if comment.html else "body": body_with_links(comment),
    }
    if uploads:
        doc["uploads"] = uploads
    return doc


def _user_payload(user: MappedUser) -> dict[str, Any]:
    doc: dict[str, Any] = {"name": user.name, "role": user.role, "skip_verify_email": True}
    if user.email:
        doc["email"] = user.email
    if user.external_id:
        doc["external_id"] = user.external_id
    return doc


def _outcome(job_id: str, job: dict[str, Any] | None) -> JobOutcome | None:
    """A :class:`JobOutcome` for a finished or vanished job; None while it is still running."""
    if job is None:
        return JobOutcome(job_id, "missing", [], lost=True)
    status = str(job.get("status") or "")
    if status in ("queued", "working"):
        return None
    message = str(job.get("message") or "")
    raw = job.get("results")
    if status != "completed" or not isinstance(raw, list):
        return JobOutcome(job_id, status, [], message=message or f"job {status}")
    ordered = sorted(enumerate(raw), key=lambda p: int(p[1].get("index", p[0])))
    results: list[tuple[str, int | str]] = []
    for _, item in ordered:
        error = item.get("error")
        if error or item.get("success") is False or item.get("id") is None:
            text = f"{error or 'error'}: {item.get('details') or item.get('description') or ''}"
            results.append(("error", text.strip(": ")))
        else:
            results.append(("ok", int(item["id"])))
    return JobOutcome(job_id, status, results, message=message)
