"""``migrate plan``: the whole migration, dry: read and map everything, send nothing.

Counts what a run would do (tickets, comments, users to create and how many are agents,
attachments and their bytes, closed tickets to archive), lists quarantined records with their
reasons, shows the first timestamps each rule of the source read (so a wrong format or zone
shows before anything is sent), and estimates the run's duration from the requests it would
spend and the instance's rate limit. Offline: the ledger is read when present (so a plan after
a partial run shows what is left), the target is not contacted — unless the caller then hands
the target's names to :meth:`MigrationPlan.check_names`, which lists the fields, brands and
groups the tickets use that the target lacks (``migrate plan --check-target``). Memory: one set
of user keys (to count distinct users).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from helpctl.migrate.hashing import ticket_hash
from helpctl.migrate.ledger import Ledger
from helpctl.migrate.mapped import MappedTicket, Quarantined
from helpctl.migrate.model import LegacyAttachment, Source
from helpctl.migrate.records import map_unique
from helpctl.migrate.runner import TicketMapper
from helpctl.migrate.target import BATCH

__all__ = ["MigrationPlan", "plan"]

#: Polls per job we budget for (a job reads ``queued``, then ``completed``; polls are shared
#: across the jobs in flight, so this is generous).
POLLS_PER_JOB = 1.5
MAX_LISTED = 100
_QUOTED = re.compile(r"'[^']*'")
_NUMBER = re.compile(r"\d+")


@dataclass
class MigrationPlan:
    """What ``migrate run`` would do now."""

    tickets: int = 0
    comments: int = 0
    to_send: int = 0
    already_imported: int = 0
    changed: int = 0
    archived: int = 0
    users: int = 0
    agents: int = 0
    users_cached: int = 0
    attachments: int = 0
    attachment_bytes: int = 0
    quarantined: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    quarantined_records: list[dict[str, Any]] = field(default_factory=list)
    by_status: Counter[str] = field(default_factory=Counter)
    rate_limit: int | None = None  # requests/minute; None: the target has no limit
    #: names the mapped tickets use, per kind ("fields", "brands", "groups")
    referenced: dict[str, set[str]] = field(
        default_factory=lambda: {"fields": set(), "brands": set(), "groups": set()}
    )
    #: of those, the ones the target lacks (None: the target was not checked)
    missing_on_target: dict[str, list[str]] | None = None
    #: per timestamp rule of the source: its format and zone, and the first values it read
    #: (raw → UTC and local), so a wrong format or zone shows before anything is sent
    timestamps: list[dict[str, Any]] = field(default_factory=list)

    def quarantine(self, record: Quarantined) -> None:
        self.quarantined += 1
        self.reasons.update(_reason_kind(r) for r in record.reasons)
        if len(self.quarantined_records) < MAX_LISTED:
            self.quarantined_records.append(
                {"source_id": record.source_id, "reasons": record.reasons}
            )

    def count(self, ticket: MappedTicket) -> None:
        """Count what sending ``ticket`` involves (users are counted by the caller: distinct)."""
        self.comments += len(ticket.comments)
        self.by_status[ticket.status] += 1
        self.referenced["fields"].update(ticket.fields)
        self.referenced["brands"].update([ticket.brand] if ticket.brand else [])
        self.referenced["groups"].update([ticket.group] if ticket.group else [])
        self.archived += int(ticket.archive and ticket.status == "closed")
        for c in ticket.comments:
            for a in c.attachments:
                self.attachments += 1
                self.attachment_bytes += _size(a)

    def check_names(self, present: dict[str, dict[str, int]]) -> None:
        """Compare the names the tickets use with the target's (``Target.names()``)."""
        self.missing_on_target = {
            kind: sorted(n for n in names if n not in present.get(kind, {}))
            for kind, names in self.referenced.items()
        }

    @property
    def requests(self) -> int:
        """Requests a run would spend: import and user jobs with their polls, one per file."""
        ticket_jobs = math.ceil(self.to_send / BATCH)
        user_jobs = math.ceil(max(0, self.users - self.users_cached) / BATCH)
        return math.ceil((ticket_jobs + user_jobs) * (1 + POLLS_PER_JOB)) + self.attachments

    @property
    def eta_seconds(self) -> float | None:
        """Time the target's rate limit alone imposes; None when it has none (a sandbox)."""
        if not self.rate_limit:
            return None
        return self.requests / (self.rate_limit / 60.0)

    def as_dict(self) -> dict[str, Any]:
        return {
            "tickets": self.tickets,
            "comments": self.comments,
            "to_send": self.to_send,
            "already_imported": self.already_imported,
            "changed": self.changed,
            "archived": self.archived,
            "by_status": dict(self.by_status),
            "users": {"total": self.users, "agents": self.agents, "cached": self.users_cached},
            "attachments": {"count": self.attachments, "bytes": self.attachment_bytes},
            "quarantined": {
                "count": self.quarantined,
                "by_reason": dict(self.reasons.most_common()),
                "records": self.quarantined_records,
            },
            "requests": self.requests,
            "rate_limit": self.rate_limit,
            "eta_seconds": None if self.eta_seconds is None else round(self.eta_seconds, 1),
            "referenced": {k: sorted(v) for k, v in self.referenced.items()},
            "missing_on_target": self.missing_on_target,
            "timestamps": self.timestamps,
        }


def _reason_kind(reason: str) -> str:
    """A reason with its particulars (quoted names, numbers) blanked, so the summary groups
    "unknown author 'ghost'" with "unknown author 'bob'" and stays short whatever the corpus."""
    return _NUMBER.sub("N", _QUOTED.sub("'…'", reason))


def _size(att: LegacyAttachment) -> int:
    if att.size is not None:
        return att.size
    if att.data is not None:
        return len(att.data)
    try:
        return att.path.stat().st_size if att.path is not None else 0
    except OSError:
        return 0


def plan(
    source: Source,
    mapper: TicketMapper,
    *,
    ledger_path: Path | None = None,
    rate_limit: int | None = None,
) -> MigrationPlan:
    """Read and map the whole source; count (module docstring). Sends nothing."""
    out = MigrationPlan(rate_limit=rate_limit)
    ledger = Ledger(ledger_path) if ledger_path is not None and ledger_path.exists() else None
    users: dict[str, bool] = {}  # key → is an agent
    try:
        for _, mapped in map_unique(source.tickets(), mapper.map_ticket):
            out.tickets += 1
            if isinstance(mapped, Quarantined):
                out.quarantine(mapped)
                continue
            out.count(mapped)
            for key, user in mapped.users.items():
                users[key] = users.get(key, False) or user.role in ("agent", "admin")
            entry = ledger.entry(mapped.source_id) if ledger else None
            if entry is not None and entry.state == "imported":
                out.already_imported += 1
                out.changed += int(entry.content_hash != ticket_hash(mapped))
            else:
                out.to_send += 1
        examples = getattr(source, "timestamp_examples", None)  # optional for plugin sources
        out.timestamps = list(examples()) if callable(examples) else []
        out.users = len(users)
        out.agents = sum(users.values())
        if ledger is not None:
            out.users_cached = len(ledger.user_ids(list(users)))
    finally:
        if ledger is not None:
            ledger.close()
    return out
