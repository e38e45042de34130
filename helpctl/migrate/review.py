"""``migrate review``: N sampled records, source beside target, for a person to sign off.

The pure part of the review page: sampling (a seeded reservoir over one pass of the source, so
memory holds N records whatever its size), pairing each sampled record with the ticket the ledger
says it became (read back through the :class:`~helpctl.migrate.target.ImportTarget`), and the
analysis of every difference between the two. A difference is **explained** when the mapping
produced it (the target holds exactly what the mapping made of the record: a status mapped, a
tag added, a time converted from the declared zone, HTML converted to text, a comment appended
after import that could not keep its time), **same** when source and target agree, and
**unexplained** otherwise: the page flags those for a person to look at. The result is a
:class:`ReviewPage`, a plain model that :mod:`.review_html` renders; nothing here writes files.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from helpctl.migrate.ledger import Ledger
from helpctl.migrate.mapped import MappedTicket, Quarantined
from helpctl.migrate.model import LegacyComment, LegacyTicket, LegacyUser, Source
from helpctl.migrate.review_checks import (
    Check,
    ReviewContext,
    comment_checks,
    local,
    ticket_checks,
)
from helpctl.migrate.runner import TicketMapper
from helpctl.migrate.target import ImportTarget

__all__ = [
    "Check",
    "CommentPair",
    "ReviewPage",
    "ReviewRecord",
    "build_review",
    "review_record",
    "sample_records",
]


@dataclass
class CommentPair:
    """The i-th comment as read and as it stands on the target (either may be missing)."""

    index: int
    source: dict[str, str] | None
    target: dict[str, str] | None
    checks: list[Check] = field(default_factory=list)


@dataclass
class ReviewRecord:
    """One sampled record: where it was read, what the target holds, every check."""

    source_id: str
    origin: str
    state: str  # imported · quarantined · not imported · missing on target
    external_id: str = ""
    ticket_id: int | None = None
    source_fields: list[tuple[str, str]] = field(default_factory=list)
    target_fields: list[tuple[str, str]] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    comments: list[CommentPair] = field(default_factory=list)

    def all_checks(self) -> list[Check]:
        return self.checks + [c for pair in self.comments for c in pair.checks]

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.all_checks())


@dataclass
class ReviewPage:
    """The whole page: which mapping, how the sample was drawn, the records."""

    mapping: str
    source_kind: str
    target: str
    seed: int
    read: int
    records: list[ReviewRecord]

    def counts(self) -> dict[str, int]:
        out = {"same": 0, "explained": 0, "unexplained": 0}
        for record in self.records:
            for check in record.all_checks():
                out[check.verdict] += 1
        return out

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.records)


def sample_records(
    tickets: Iterable[LegacyTicket], n: int, seed: int
) -> tuple[list[LegacyTicket], int]:
    """``n`` records drawn uniformly from one pass (reservoir sampling, seeded: the same seed
    draws the same records from the same source), in source order; and how many were read."""
    rng = random.Random(seed)
    kept: list[tuple[int, LegacyTicket]] = []
    read = 0
    for read, ticket in enumerate(tickets, start=1):
        if len(kept) < n:
            kept.append((read, ticket))
            continue
        slot = rng.randrange(read)
        if slot < n:
            kept[slot] = (read, ticket)
    return [t for _, t in sorted(kept, key=lambda pair: pair[0])], read


def build_review(
    source: Source,
    mapper: TicketMapper,
    target: ImportTarget,
    ledger: Ledger,
    *,
    n: int,
    seed: int,
    about: dict[str, str],
) -> ReviewPage:
    """Sample ``n`` records, pair each with its ticket on the target, analyse the differences.
    ``about``: ``mapping`` and ``target`` (the instance), for the page."""
    sampled, read = sample_records(source.tickets(), n, seed)
    zone = declared_zone(source)
    mapped = {t.source_id: mapper.map_ticket(t) for t in sampled}
    entries = ledger.entries([t.source_id for t in sampled])
    ids = {sid: e.target_id for sid, e in entries.items() if e.target_id is not None}
    docs = {int(d["id"]): d for d in target.tickets_by_id(sorted(set(ids.values())))}
    comments = dict(target.comments_many(sorted(docs)))
    keys = {k for m in mapped.values() if isinstance(m, MappedTicket) for k in _user_keys(m)}
    users = {k: tid for k, (tid, _) in ledger.user_ids(sorted(keys)).items()}
    late = ledger.late_comments([t.source_id for t in sampled])
    field_ids = _field_ids(target, mapped.values())
    records = []
    for t in sampled:
        m = mapped[t.source_id]
        tid = ids.get(t.source_id)
        state = entries[t.source_id].state if t.source_id in entries else "never sent"
        context = ReviewContext(users, late.get(t.source_id, {}), field_ids, zone)
        doc = docs.get(tid) if tid is not None else None
        records.append(
            review_record(t, m, state, doc, comments.get(tid or -1, []), context),
        )
    return ReviewPage(
        mapping=about.get("mapping", ""),
        source_kind=source.kind,
        target=about.get("target", ""),
        seed=seed,
        read=read,
        records=records,
    )


def declared_zone(source: Source) -> str | None:
    """The timezone the source's ``timestamps:`` declare (one zone for all its files), which
    the page shows source times in; None when none or several are declared."""
    describe = getattr(source, "timestamp_examples", None)  # optional for plugin sources
    rules: list[dict[str, Any]] = describe() if callable(describe) else []
    zones = {str(r["timezone"]) for r in rules if r.get("timezone")}
    return zones.pop() if len(zones) == 1 else None


def _user_keys(m: MappedTicket) -> set[str]:
    keys = {m.requester, *(c.author for c in m.comments)}
    if m.assignee:
        keys.add(m.assignee)
    return keys


def _field_ids(
    target: ImportTarget, mapped: Iterable[MappedTicket | Quarantined]
) -> dict[str, int]:
    """Field title → id on the target, read only when a sampled ticket sets a field."""
    if not any(isinstance(m, MappedTicket) and m.fields for m in mapped):
        return {}
    return target.names().get("fields", {})


def review_record(
    legacy: LegacyTicket,
    mapped: MappedTicket | Quarantined,
    state: str,
    doc: dict[str, Any] | None,
    comments: Sequence[dict[str, Any]],
    context: ReviewContext,
) -> ReviewRecord:
    """One record's side-by-side view and checks (``doc``: the ticket on the target, if any)."""
    record = ReviewRecord(
        source_id=legacy.source_id,
        origin=legacy.origin or f"source id {legacy.source_id}",
        state=state,
        source_fields=_source_fields(legacy, context.zone),
    )
    if isinstance(mapped, Quarantined):
        record.state = "quarantined"
        why = "; ".join(mapped.reasons)
        record.checks.append(
            Check("imported", "explained", "record", "not sent", f"quarantined: {why}")
        )
        return record
    record.external_id = mapped.external_id
    if doc is None:
        record.state = "missing on target" if state == "imported" else "not imported"
        record.checks.append(
            Check("imported", "unexplained", "record", "no ticket", f"ledger state: {state}")
        )
        return record
    record.ticket_id = int(doc["id"])
    record.target_fields = _target_fields(doc, context.field_ids)
    record.checks = ticket_checks(legacy, mapped, doc, context)
    record.comments = _comment_pairs(legacy, mapped, comments, context)
    return record


# -- the two sides, as shown --------------------------------------------------------------------


def _person(users: dict[str, LegacyUser], key: str | None) -> str:
    if key is None:
        return "(none)"
    user = users.get(key)
    if user is None:
        return f"{key} (not in the source)"
    email = f" <{user.email}>" if user.email else ""
    deleted = " (deleted)" if user.deleted else ""
    return f"{key}: {user.name}{email}{deleted}"


def _source_fields(t: LegacyTicket, zone: str | None) -> list[tuple[str, str]]:
    rows = [
        ("source id", t.source_id),
        ("subject", t.subject),
        ("status", t.status),
        ("priority", t.priority or "(none)"),
        ("topic", t.topic or "(none)"),
        ("tags", ", ".join(t.tags) or "(none)"),
        ("requester", _person(t.users, t.requester_id)),
        ("assignee", _person(t.users, t.assignee_id)),
        ("group", t.group or "(none)"),
        ("brand", t.brand or "(none)"),
        ("created at", local(t.created_at, zone)),
        ("solved at", local(t.solved_at, zone)),
    ]
    rows += [(f"custom: {k}", str(v)) for k, v in sorted(t.custom.items())]
    rows += [(f"problem {i}", p) for i, p in enumerate(t.problems, start=1)]
    return rows


def _target_fields(doc: dict[str, Any], field_ids: dict[str, int]) -> list[tuple[str, str]]:
    titles = {v: k for k, v in field_ids.items()}
    rows = [
        ("ticket id", str(doc.get("id"))),
        ("external id", str(doc.get("external_id") or "(none)")),
        ("subject", str(doc.get("subject") or "")),
        ("status", str(doc.get("status"))),
        ("priority", str(doc.get("priority") or "(none)")),
        ("tags", ", ".join(doc.get("tags") or []) or "(none)"),
        ("requester", f"user #{doc.get('requester_id')}"),
        ("assignee", f"user #{doc['assignee_id']}" if doc.get("assignee_id") else "(none)"),
        ("created at", str(doc.get("created_at") or "(none)")),
    ]
    for f in doc.get("custom_fields") or []:
        if f.get("value") not in (None, ""):
            rows.append((f"field: {titles.get(f.get('id'), f.get('id'))}", str(f["value"])))
    return rows


# -- comments -----------------------------------------------------------------------------------


def _comment_pairs(
    t: LegacyTicket, m: MappedTicket, got: Sequence[dict[str, Any]], ctx: ReviewContext
) -> list[CommentPair]:
    by_id = {c.source_id: c for c in t.comments}
    pairs = []
    for i in range(max(len(m.comments), len(got))):
        want = m.comments[i] if i < len(m.comments) else None
        have = got[i] if i < len(got) else None
        legacy = by_id.get(want.source_id) if want is not None else None
        if legacy is None and want is None and i < len(t.comments):
            legacy = t.comments[i]
        pair = CommentPair(i + 1, _legacy_view(legacy, t.users, ctx.zone), _target_view(have))
        if want is None or have is None:
            side = "the target" if have is None else "the mapping"
            pair.checks.append(
                Check(
                    "comment",
                    "unexplained",
                    "present" if want else "absent",
                    "present" if have else "absent",
                    f"missing from {side}",
                )
            )
        else:
            pair.checks = comment_checks(legacy, want, have, i, ctx)
        pairs.append(pair)
    return pairs


def _legacy_view(
    c: LegacyComment | None, users: dict[str, LegacyUser], zone: str | None
) -> dict[str, str] | None:
    if c is None:
        return None
    return {
        "id": c.source_id,
        "author": _person(users, c.author_id),
        "time": local(c.created_at, zone),
        "visibility": "public" if c.public else "private",
        "format": "HTML" if c.html else "text",
        "body": c.body,
        "attachments": ", ".join(a.name for a in c.attachments),
    }


def _target_view(doc: dict[str, Any] | None) -> dict[str, str] | None:
    if doc is None:
        return None
    return {
        "id": str(doc.get("id") or ""),
        "author": f"user #{doc.get('author_id')}",
        "time": str(doc.get("created_at") or ""),
        "visibility": "public" if doc.get("public", True) else "private",
        "format": "text",
        "body": str(doc.get("body") or doc.get("plain_body") or ""),
        "attachments": ", ".join(str(a.get("file_name")) for a in doc.get("attachments") or []),
    }
