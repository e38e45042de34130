"""Delta runs: a source record changed after it was imported (its content hash moved).

Import cannot run twice for one ticket, so a changed record is brought up to date through the
target's ticket updates instead (:class:`~helpctl.migrate.target.ImportTarget`):

- ticket attributes (subject, status, priority, tags, custom fields) in update jobs of 100
  (``tickets/update_many`` on Zendesk);
- comments appended in the source since the import are added one by one (Zendesk stamps them
  with the time of the update: a comment's ``created_at`` can only be set by import), each
  carrying its source time as its first line and in the ledger (:mod:`.late_comments`).

Limitations (recorded in the ledger's reason column and reported by ``migrate status``):
closed tickets (and therefore archived ones) cannot be updated in Zendesk at all; comments
edited or removed in the source are not changed on the target; a change of requester is not
applied.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from helpctl.errors import ApiError
from helpctl.migrate.hashing import ticket_hash
from helpctl.migrate.late_comments import comment_key, late_comment
from helpctl.migrate.ledger import Entry, Ledger
from helpctl.migrate.mapped import MappedTicket
from helpctl.migrate.target import BATCH, ImportTarget, UnknownName
from helpctl.migrate.values import iso

__all__ = ["LOCKED_NOTE", "DeltaUpdater"]

LOCKED_NOTE = "source changed after import, but the ticket is closed on the target: not updatable"


@dataclass
class DeltaUpdater:
    """Collects changed records and updates them in batches (see the module docstring)."""

    target: ImportTarget
    ledger: Ledger
    poll_interval: float = 0.05
    updated: int = 0
    locked: int = 0
    _queue: list[tuple[Entry, MappedTicket]] = field(default_factory=list)

    def add(self, entry: Entry, ticket: MappedTicket) -> None:
        self._queue.append((entry, ticket))
        if len(self._queue) >= BATCH:
            self.flush()

    def flush(self) -> None:
        batch, self._queue = self._queue, []
        open_ones = []
        for entry, ticket in batch:
            if entry.archived or ticket.status == "closed" or entry.target_id is None:
                self.ledger.mark_updated(entry.source_id, ticket_hash(ticket), LOCKED_NOTE)
                self.locked += 1
            else:
                open_ones.append((entry, ticket))
        if open_ones:
            self._update(open_ones)

    def _update(self, batch: list[tuple[Entry, MappedTicket]]) -> None:
        updates: list[dict[str, Any]] = []
        sent: list[str] = []  # source ids, in the order of ``updates``
        notes: dict[str, str] = {}
        for entry, ticket in batch:
            assert entry.target_id is not None  # flush() keeps only imported tickets
            try:
                updates.append(self.target.ticket_update(entry.target_id, ticket))
                sent.append(entry.source_id)
            except UnknownName as err:
                notes[entry.source_id] = f"not updated: {err}"
        try:
            results = self._wait(self.target.update_tickets(updates)) if updates else []
        except ApiError as err:
            results = [("error", str(err))] * len(updates)
        by_sid = dict(zip(sent, results, strict=False))
        for entry, ticket in batch:
            if entry.source_id in notes:
                self.ledger.mark_updated(
                    entry.source_id, entry.content_hash, notes[entry.source_id]
                )
                continue
            kind, value = by_sid.get(entry.source_id, ("error", "no result"))
            if kind != "ok":
                self.ledger.mark_updated(entry.source_id, ticket_hash(ticket), f"{value}")
                self.locked += 1
                continue
            note = self._append_comments(entry, ticket)
            self.ledger.mark_updated(entry.source_id, ticket_hash(ticket), note)
            self.updated += 1

    def _append_comments(self, entry: Entry, ticket: MappedTicket) -> str:
        assert entry.target_id is not None
        present = len(self.target.comments(entry.target_id))
        new = ticket.comments[present:]
        if not new:
            return ""
        authors = self.ledger.user_ids([c.author for c in new])
        for i, c in enumerate(new, start=present):
            if c.author not in authors:
                return f"comment by unknown user {c.author!r} not added"
            self.target.add_comment(entry.target_id, late_comment(c), authors[c.author][0])
            row = (entry.source_id, comment_key(c, i), entry.target_id, iso(c.created_at) or "")
            self.ledger.record_late_comments([row])
        return ""

    def _wait(self, job_id: str) -> list[tuple[str, int | str]]:
        while True:
            done = self.target.poll([job_id])
            if job_id in done:
                return done[job_id].results
            time.sleep(self.poll_interval)
