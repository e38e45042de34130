"""Sending mapped tickets in batches of 100 with a bounded number of import jobs in flight.

For each batch: upsert the users it references that the ledger does not know yet (or that
changed), upload its attachments (bounded concurrency, just before use), build the import JSON,
write ``sent`` to the ledger, then post the job from a small thread pool so the next batch is
prepared while this one travels (the job id goes to the ledger as soon as the post returns).
Jobs in flight are polled together; each finished job settles its records in the ledger. A
batch whose reply was lost (connection reset) or whose job vanished is kept in memory until
:meth:`BatchSender.recover_lost` has looked its records up on the target.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from concurrent import futures
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from helpctl.errors import ApiError, PermissionDenied, RateLimited, ServerError, TransportError
from helpctl.migrate.hashing import ticket_hash, user_hash
from helpctl.migrate.known_users import KnownUsers
from helpctl.migrate.ledger import Ledger, Outgoing
from helpctl.migrate.links import uploadable
from helpctl.migrate.mapped import MappedTicket, MappedUser
from helpctl.migrate.reconcile import reconcile, settle_job
from helpctl.migrate.roles import merge_users, raise_to_known
from helpctl.migrate.target import BATCH, ImportTarget, JobOutcome, UnknownName

__all__ = ["BatchSender", "Sent"]

#: Rounds of look-up-then-resend for batches whose outcome was lost, before giving up on them.
RECOVERY_ROUNDS = 5


@dataclass
class Sent:
    """A mapped ticket queued for sending, with its content hash (computed by the reader
    thread, off the sending thread's path; empty: compute it here)."""

    ticket: MappedTicket
    digest: str = ""


@dataclass
class _Flight:
    tickets: list[MappedTicket]
    archive: bool
    future: Future[str]
    job_id: str | None = None
    finished: bool = False


@dataclass
class BatchSender:
    """Batches, users, uploads, import jobs in flight (see the module docstring)."""

    target: ImportTarget
    ledger: Ledger
    window: int = 8
    poll_interval: float = 0.02
    tickets_per_job: int = BATCH
    users_per_job: int = BATCH
    imported: int = 0
    failed: int = 0
    duplicates: dict[str, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._open: dict[bool, list[MappedTicket]] = {False: [], True: []}
        self._flights: list[_Flight] = []
        self._lost: dict[str, MappedTicket] = {}
        self._digests: dict[str, str] = {}  # of tickets queued, in flight or lost
        self._bulk_users = True
        self._known = KnownUsers(self.ledger)
        self._pause = self.poll_interval / 4
        self._pool = ThreadPoolExecutor(max(1, min(self.window, 4)), thread_name_prefix="import")

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    # -- queueing ---------------------------------------------------------------------------
    def add(self, item: Sent) -> None:
        sid = item.ticket.source_id
        self._digests[sid] = item.digest or self._digests.get(sid) or ticket_hash(item.ticket)
        bucket = self._open[item.ticket.archive]
        bucket.append(item.ticket)
        if len(bucket) >= self.tickets_per_job:
            self._flush(item.ticket.archive)

    def upsert_users(self, tickets: Sequence[MappedTicket]) -> None:
        """Upsert ahead the users of tickets about to be added (their batches then find them
        in the ledger); a user refused here is tried again, and reported, with its batch."""
        if tickets:
            self._users(tickets)

    def drain(self) -> None:
        """Send what is left and wait for every job in flight."""
        for archive in (False, True):
            if self._open[archive]:
                self._flush(archive)
        while self._flights:
            self._poll()

    def recover_lost(self) -> None:
        """Look up records whose outcome was lost; send the missing ones again."""
        for _ in range(RECOVERY_ROUNDS):
            if not self._lost:
                return
            lost, self._lost = self._lost, {}
            entries = self.ledger.entries(list(lost))
            found = reconcile(self.ledger, self.target, entries=list(entries.values()))
            self.duplicates.update(found.duplicates)
            self.imported += len(entries) - len(found.missing)
            self._forget([sid for sid in lost if sid not in set(found.missing)])
            for sid in found.missing:
                self.add(Sent(lost[sid]))
            self.drain()

    # -- one batch ----------------------------------------------------------------------------
    def _flush(self, archive: bool) -> None:
        tickets, self._open[archive] = self._open[archive], []
        ready, payloads, refused = self._prepare(tickets)
        if refused:
            ids = {sid for sid, _ in refused}
            self.ledger.mark_sent([self._outgoing(t) for t in tickets if t.source_id in ids])
            self.ledger.mark_failed(refused)
            self.failed += len(refused)
            self._forget(list(ids))
        if not ready:
            return
        if len(self._flights) >= self.window:
            # A full window is polled until it is empty: each poll reads every job in flight
            # (one request for all of them), about two per window (queued, then done), where
            # polling after each job that ends would cost one or more per job. This batch was
            # built first, while the window's last jobs travelled: it leaves as soon as the
            # window is empty, so the target is not left idle while it is prepared.
            while self._flights:
                self._poll()
        self.ledger.mark_sent([self._outgoing(t) for t in ready])
        future = self._pool.submit(self._post, [t.source_id for t in ready], payloads, archive)
        self._flights.append(_Flight(ready, archive, future))

    def _prepare(
        self, tickets: list[MappedTicket]
    ) -> tuple[list[MappedTicket], list[dict[str, Any]], list[tuple[str, str]]]:
        """Users upserted, files uploaded, import JSON built: (ready, payloads, refused)."""
        user_ids, user_errors = self._users(tickets)
        refused: list[tuple[str, str]] = []
        usable = []
        for t in tickets:
            missing = [k for k in _user_keys(t) if k not in user_ids]
            if missing:
                why = "; ".join(user_errors.get(k, f"user {k!r} is unknown") for k in missing)
                refused.append((t.source_id, why))
            else:
                usable.append(t)
        tokens = self._uploads(usable)
        ready, payloads = [], []
        for t in usable:
            try:
                files = tokens.get(t.source_id)
                if isinstance(files, Exception):
                    raise UnknownName(f"attachment upload failed: {files}")
                payloads.append(self.target.ticket_payload(t, user_ids, files))
                ready.append(t)
            except UnknownName as err:
                refused.append((t.source_id, str(err)))
        return ready, payloads, refused

    def _users(self, tickets: Sequence[MappedTicket]) -> tuple[dict[str, int], dict[str, str]]:
        users = merge_users(tickets)
        known = self._known.get(list(users))
        users = raise_to_known(users, {k: row[2] for k, row in known.items() if row[2]})
        ids = {k: row[0] for k, row in known.items()}
        hashes = {k: user_hash(u) for k, u in users.items()}
        stale = [u for k, u in users.items() if k not in known or known[k][1] != hashes[k]]
        errors: dict[str, str] = {}
        for i in range(0, len(stale), self.users_per_job):
            chunk = stale[i : i + self.users_per_job]
            try:
                results = self._upsert(chunk)
            except ApiError as err:
                errors.update((u.key, f"user {u.key!r}: {err}") for u in chunk)
                continue
            saved: list[MappedUser] = []
            for user, (kind, value) in zip(chunk, results, strict=False):
                if kind == "ok":
                    ids[user.key] = int(value)
                    saved.append(user)
                else:
                    ids.pop(user.key, None)
                    errors[user.key] = f"user {user.key!r} refused by the target: {value}"
            self.ledger.save_users([(u.key, hashes[u.key], ids[u.key]) for u in saved])
            self.ledger.save_user_roles((u.key, u.role) for u in chunk if u.key in ids)
            self._known.saved((u.key, (ids[u.key], hashes[u.key], u.role)) for u in saved)
        return ids, errors

    def _post(self, source_ids: list[str], payloads: list[dict[str, Any]], archive: bool) -> str:
        """Post one import job and record its id at once (on the pool's thread), so a run
        killed from here on is reconciled from the job's results, in bulk."""
        job_id = self.target.submit_import(payloads, archive=archive)
        self.ledger.set_job(source_ids, job_id)
        return job_id

    def _upsert(self, users: list[MappedUser]) -> list[tuple[str, int | str]]:
        """One bulk job; where bulk user import is not enabled (403, Zendesk's default until
        support turns it on), one ``create_or_update`` per user from then on."""
        if self._bulk_users:
            try:
                return self._wait(self.target.submit_users(users)).results
            except PermissionDenied:
                self._bulk_users = False
        return [self.target.upsert_user(u) for u in users]

    def _uploads(self, tickets: list[MappedTicket]) -> dict[str, dict[int, list[str]] | Exception]:
        """Every file of the batch uploaded at once (bounded concurrency, just before use):
        per ticket, upload tokens per comment index, or the first upload error."""
        files = [(t.source_id, i, a) for t in tickets for i, c in enumerate(t.comments)
                 for a in c.attachments if uploadable(a)]  # fmt: skip
        if not files:
            return {}
        results = self.target.upload_all([a for _, _, a in files])
        out: dict[str, dict[int, list[str]] | Exception] = {}
        for (sid, i, _), token in zip(files, results, strict=True):
            found = out.setdefault(sid, {})
            if isinstance(token, Exception):
                out[sid] = token
            elif isinstance(found, dict):
                found.setdefault(i, []).append(token)
        return out

    def _wait(self, job_id: str) -> JobOutcome:
        # a user job holds up its batch: the first pauses are short (most end within two polls)
        delay = self.poll_interval / 4
        while True:
            done = self.target.poll([job_id])
            if job_id in done:
                return done[job_id]
            time.sleep(delay)
            delay = min(delay * 2, 1.0)

    # -- jobs in flight -----------------------------------------------------------------------
    def _poll(self) -> None:
        # the posts still travelling return first: one poll then reads every job in flight
        futures.wait([f.future for f in self._flights if f.job_id is None])
        for flight in self._flights:
            if flight.job_id is None and flight.future.done():
                self._posted(flight)
        self._flights = [f for f in self._flights if not f.finished]
        ready = {f.job_id: f for f in self._flights if f.job_id}
        if not ready:
            if self._flights:
                self._flights[0].future.exception()  # wait for the oldest post to return
            return
        done = self.target.poll(list(ready))
        for job_id, outcome in done.items():
            self._settle(ready[job_id], outcome)
        self._flights = [f for f in self._flights if not f.finished]
        if done:
            self._pause = self.poll_interval / 4
        else:
            # short at first (a job often ends by the next poll), doubled up to poll_interval
            time.sleep(self._pause)
            self._pause = min(self._pause * 2, self.poll_interval)

    def _posted(self, flight: _Flight) -> None:
        ids = [t.source_id for t in flight.tickets]
        try:
            flight.job_id = flight.future.result()
        except (TransportError, ServerError, RateLimited):
            self._lose(flight.tickets)  # the job may exist: look it up before re-sending
            flight.finished = True
            return
        except ApiError as err:
            self.ledger.mark_failed([(sid, f"import refused: {err}") for sid in ids])
            self.failed += len(ids)
            self._forget(ids)
            flight.finished = True

    def _settle(self, flight: _Flight, outcome: JobOutcome) -> None:
        ids = [t.source_id for t in flight.tickets]
        unsettled = set(settle_job(self.ledger, ids, outcome))
        ok = sum(1 for kind, _ in outcome.results if kind == "ok")
        self.imported += min(ok, len(ids))
        self.failed += sum(1 for kind, _ in outcome.results[: len(ids)] if kind == "error")
        self._lose([t for t in flight.tickets if t.source_id in unsettled])
        self._forget([sid for sid in ids if sid not in unsettled])
        flight.finished = True

    def _outgoing(self, ticket: MappedTicket) -> Outgoing:
        digest = self._digests[ticket.source_id]
        return Outgoing(ticket.source_id, ticket.external_id, digest, ticket.archive)

    def _forget(self, source_ids: Sequence[str]) -> None:
        for sid in source_ids:
            self._digests.pop(sid, None)

    def _lose(self, tickets: Sequence[MappedTicket]) -> None:
        for t in tickets:
            self._lost[t.source_id] = t


def _user_keys(ticket: MappedTicket) -> list[str]:
    keys = [ticket.requester, *(c.author for c in ticket.comments)]
    if ticket.assignee:
        keys.append(ticket.assignee)
    return keys
