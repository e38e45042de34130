"""``migrate verify``: proof that everything arrived, not a belief that it should have.

The source is read and mapped again (what *should* be there), the ledger says where each record
went, and the target is read back (what *is* there), 100 tickets per request through
``tickets/show_many`` — by id, so archived tickets are found too, unlike the plain list. Per
ticket: it exists, its external id, status, tags and ``created_at`` match, and (for every ticket,
or a deterministic sample) its comments, read in bulk from the account's event stream
(``ImportTarget.comment_events``, 1,000 events per request, read once before the chunks) and,
for tickets the stream did not cover, by ticket (``ImportTarget.comments_many``): count, order,
body checksums, timestamps, visibility, and attachment sizes. A comment a delta run
appended after import is expected with its source time as its first line and counted as "time
not preservable", not as a failure (:mod:`.late_comments`). Counts per status, tag and topic
are compared in aggregate. Last, every ticket of the target is read through the incremental
export (1,000 per request) to find external ids of ours carried twice. Memory holds the
stream's comments (only what the checks read) until their chunk is checked, and that scan's
counter of external ids; otherwise only counters and the first :data:`MAX_LISTED` problems.
"""

from __future__ import annotations

import hashlib
import html
import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from helpctl.errors import Interrupted
from helpctl.migrate.late_comments import comment_key, late_comment
from helpctl.migrate.ledger import Ledger
from helpctl.migrate.links import body_with_links, uploadable
from helpctl.migrate.mapped import MappedComment, MappedTicket, Quarantined
from helpctl.migrate.model import Source
from helpctl.migrate.records import map_unique
from helpctl.migrate.runner import TicketMapper
from helpctl.migrate.target import BATCH, ImportTarget
from helpctl.migrate.values import iso
from helpctl.words import plural

__all__ = ["MAX_LISTED", "VerifyReport", "body_checksum", "verify"]

#: Problems listed in the report (all are counted).
MAX_LISTED = 200
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def body_checksum(text: str, is_html: bool) -> str:
    """A checksum that survives what a helpdesk legitimately does to a body: markup and
    whitespace are normalised, entities decoded."""
    if is_html:
        text = html.unescape(_TAG.sub(" ", text))
    return hashlib.sha1(_SPACE.sub(" ", text).strip().encode()).hexdigest()[:16]


@dataclass
class VerifyReport:
    """Everything ``verify`` checked, and every mismatch (first :data:`MAX_LISTED` listed)."""

    expected: int = 0
    found: int = 0
    quarantined: int = 0
    not_imported: int = 0
    archived_expected: int = 0
    archived_found: int = 0
    comments_checked: int = 0
    tickets_with_comments_checked: int = 0
    attachments_checked: int = 0
    problem_counts: Counter[str] = field(default_factory=Counter)
    problems: list[dict[str, Any]] = field(default_factory=list)
    by_status: dict[str, list[int]] = field(default_factory=dict)
    by_tag: dict[str, list[int]] = field(default_factory=dict)
    by_topic: dict[str, list[int]] = field(default_factory=dict)
    time_not_preservable: int = 0
    late_comments: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problem_counts and self.not_imported == 0

    def problem(self, check: str, external_id: str, message: str, ticket_id: Any = None) -> None:
        self.problem_counts[check] += 1
        if len(self.problems) < MAX_LISTED:
            self.problems.append(
                {
                    "check": check,
                    "external_id": external_id,
                    "ticket_id": ticket_id,
                    "message": message,
                }
            )

    def not_preservable(self, external_id: str, ticket_id: int, where: str, when: Any) -> None:
        """A comment appended after import: the target could not take its source time (not a
        failure; its body carries the time)."""
        self.time_not_preservable += 1
        if len(self.late_comments) < MAX_LISTED:
            self.late_comments.append(
                {"external_id": external_id, "ticket_id": ticket_id, "comment": where,
                 "source_time": when}
            )  # fmt: skip

    def partial(self) -> str:
        """The counts so far, in words (what an interrupted verify prints)."""
        problems = sum(self.problem_counts.values())
        return (
            f"{plural(self.expected + self.quarantined, 'record')} read, {self.found} of"
            f" {plural(self.expected, 'ticket')} found,"
            f" {plural(self.comments_checked, 'comment')} checked, {plural(problems, 'problem')}"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "time_not_preservable": {
                "count": self.time_not_preservable,
                "comments": self.late_comments,
            },
            "tickets": {
                "expected": self.expected,
                "found": self.found,
                "not_imported": self.not_imported,
                "quarantined": self.quarantined,
                "archived_expected": self.archived_expected,
                "archived_found": self.archived_found,
            },
            "comments": {
                "tickets_checked": self.tickets_with_comments_checked,
                "comments_checked": self.comments_checked,
                "attachments_checked": self.attachments_checked,
            },
            "counts": {"status": self.by_status, "tag": self.by_tag, "topic": self.by_topic},
            "problem_counts": dict(self.problem_counts),
            "problems": self.problems,
        }


def _sampled(external_id: str, sample: float) -> bool:
    return sample >= 1.0 or (zlib.crc32(external_id.encode()) % 10_000) < sample * 10_000


def _bump(table: dict[str, list[int]], key: str, slot: int) -> None:
    table.setdefault(key, [0, 0])[slot] += 1


def _chunks(source: Source, mapper: TicketMapper) -> Iterator[list[MappedTicket | Quarantined]]:
    chunk: list[MappedTicket | Quarantined] = []
    for _, mapped in map_unique(source.tickets(), mapper.map_ticket):
        chunk.append(mapped)
        if len(chunk) >= BATCH:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def verify(
    source: Source,
    mapper: TicketMapper,
    target: ImportTarget,
    ledger: Ledger,
    *,
    sample: float = 1.0,
    scan: bool = True,
    progress: Callable[[int, int | None], None] | None = None,
) -> VerifyReport:
    """Compare source, ledger and target (module docstring); ``sample`` is the share of
    tickets whose comments are read back (1.0: all); ``scan`` also reads every ticket of the
    target through the incremental export to find duplicates; ``progress(done, total)`` after
    every 100 tickets. Ctrl-C raises :class:`~helpctl.errors.Interrupted` with the counts so
    far."""
    report = VerifyReport()
    try:
        total = source.count()
        bulk = _bulk_comments(target, ledger, sample)
        for chunk in _chunks(source, mapper):
            _verify_chunk(report, chunk, target, ledger, sample, bulk)
            if progress is not None:
                progress(report.expected + report.quarantined, total)
        _compare_counts(report)
        if scan:
            _scan_duplicates(report, target, ledger)
    except KeyboardInterrupt:
        raise Interrupted(
            f"verify interrupted: {report.partial()}",
            hint="nothing was changed; run verify again to check everything",
        ) from None
    return report


def _verify_chunk(
    report: VerifyReport,
    chunk: list[MappedTicket | Quarantined],
    target: ImportTarget,
    ledger: Ledger,
    sample: float,
    bulk: dict[int, list[dict[str, Any]]],
) -> None:
    """One chunk: its tickets through ``show_many``, the sampled ones' comments from the
    event stream read beforehand (``bulk``), or else in bulk by ticket."""
    tickets = [t for t in chunk if isinstance(t, MappedTicket)]
    report.quarantined += len(chunk) - len(tickets)
    ids = _expected(report, tickets, ledger)
    found = {int(doc["id"]): doc for doc in target.tickets_by_id(list(ids))}
    late = ledger.late_comments([t.source_id for t in ids.values()])
    wanted: list[int] = []
    for tid, t in ids.items():
        doc = found.get(tid)
        if doc is None:
            report.problem("missing", t.external_id, "not on the target", tid)
            continue
        _check_ticket(report, t, doc)
        if _sampled(t.external_id, sample):
            wanted.append(tid)
    read = [(tid, bulk.pop(tid)) for tid in wanted if tid in bulk]
    covered = {tid for tid, _ in read}
    rest = [tid for tid in wanted if tid not in covered]
    for tid, comments in [*read, *target.comments_many(rest)]:
        t = ids[tid]
        _check_comments(report, t, comments, tid, late.get(t.source_id, {}))


def _bulk_comments(
    target: ImportTarget, ledger: Ledger, sample: float
) -> dict[int, list[dict[str, Any]]]:
    """The comments of our imported (sampled) tickets, from the account's event stream since
    a minute before the migration's first run (1,000 events per request); each kept with only
    what the checks read. Tickets the stream did not cover are read by ticket later."""
    start = ledger.first_started()
    ours = {
        e.target_id
        for e in ledger.by_state("imported")
        if e.target_id is not None and _sampled(e.external_id, sample)
    }
    found: dict[int, list[dict[str, Any]]] = {}
    if start is None or not ours:
        return found
    for tid, comment in target.comment_events(max(0, int(start) - 60)):
        if tid in ours:
            found.setdefault(tid, []).append(_kept(comment))
    return found


def _kept(comment: dict[str, Any]) -> dict[str, Any]:
    keys = ("body", "html_body", "plain_body", "public", "created_at")
    kept = {k: comment[k] for k in keys if k in comment}
    kept["attachments"] = [{"size": a.get("size")} for a in comment.get("attachments") or []]
    return kept


def _expected(
    report: VerifyReport, tickets: list[MappedTicket], ledger: Ledger
) -> dict[int, MappedTicket]:
    """Count what should be there; the target id of each ticket the ledger says arrived."""
    entries = ledger.entries([t.source_id for t in tickets])
    ids: dict[int, MappedTicket] = {}
    for t in tickets:
        report.expected += 1
        report.archived_expected += int(t.archive and t.status == "closed")
        _bump(report.by_status, t.status, 0)
        _bump(report.by_topic, t.topic or "(none)", 0)
        for tag in t.tags:
            _bump(report.by_tag, tag, 0)
        e = entries.get(t.source_id)
        if e is None or e.state != "imported" or e.target_id is None:
            report.not_imported += 1
            state = e.state if e else "never sent"
            report.problem("not_imported", t.external_id, f"ledger state: {state}")
            continue
        ids[e.target_id] = t
    return ids


def _scan_duplicates(report: VerifyReport, target: ImportTarget, ledger: Ledger) -> None:
    """Every ticket on the target through the incremental export (1,000 per request, archived
    included): an external id of ours carried by more than one ticket is a duplicate."""
    seen: Counter[str] = Counter()
    for doc in target.export_tickets(0):
        if doc.get("external_id"):
            seen[str(doc["external_id"])] += 1
    repeated = [ext for ext, n in seen.items() if n > 1]
    for ext, entry in sorted(ledger.by_external_ids(repeated).items()):
        report.problem("duplicate", ext, f"{plural(seen[ext], 'ticket')} carry it", entry.target_id)


def _check_ticket(report: VerifyReport, t: MappedTicket, doc: dict[str, Any]) -> None:
    report.found += 1
    _bump(report.by_status, str(doc.get("status")), 1)
    _bump(report.by_topic, t.topic or "(none)", 1)
    for tag in doc.get("tags") or []:
        if tag in t.tags:
            _bump(report.by_tag, tag, 1)
    tid = doc.get("id")
    if doc.get("external_id") != t.external_id:
        report.problem("external_id", t.external_id, f"target has {doc.get('external_id')!r}", tid)
    if doc.get("status") != t.status:
        report.problem("status", t.external_id, f"{doc.get('status')} != {t.status}", tid)
    missing_tags = sorted(set(t.tags) - set(doc.get("tags") or []))
    if missing_tags:
        report.problem("tags", t.external_id, f"tags missing: {', '.join(missing_tags)}", tid)
    if t.created_at is not None and _when(doc.get("created_at")) != _when(iso(t.created_at)):
        want = iso(t.created_at)
        report.problem(
            "timestamp", t.external_id, f"created_at {doc.get('created_at')} != {want}", tid
        )
    if t.archive and t.status == "closed":
        report.archived_found += 1


def _check_comments(
    report: VerifyReport,
    t: MappedTicket,
    comments: list[dict[str, Any]],
    tid: int,
    late: dict[str, str],
) -> None:
    report.tickets_with_comments_checked += 1
    if len(comments) != len(t.comments):
        report.problem(
            "comment_count",
            t.external_id,
            f"{plural(len(comments), 'comment')}, expected {len(t.comments)}",
            tid,
        )
        return
    for i, (want, got) in enumerate(zip(t.comments, comments, strict=True)):
        report.comments_checked += 1
        where = f"comment {i + 1}"
        appended = comment_key(want, i) in late
        if appended:  # added by a delta run: its source time is in its first line instead
            want = late_comment(want)
            report.not_preservable(t.external_id, tid, where, iso(t.comments[i].created_at))
        if _checksum_of(got, want) != body_checksum(body_with_links(want), want.html):
            report.problem("comment_body", t.external_id, f"{where}: body differs", tid)
        if not appended and _when(got.get("created_at")) != _when(iso(want.created_at)):
            report.problem(
                "comment_timestamp",
                t.external_id,
                f"{where}: created_at {got.get('created_at')} != {iso(want.created_at)}",
                tid,
            )
        if bool(got.get("public", True)) != want.public:
            report.problem("comment_public", t.external_id, f"{where}: visibility differs", tid)
        _check_attachments(report, t, want, got, where, tid)


def _checksum_of(got: dict[str, Any], want: MappedComment) -> str:
    if want.html and got.get("html_body"):
        return body_checksum(str(got["html_body"]), True)
    return body_checksum(str(got.get("body") or got.get("plain_body") or ""), False)


def _check_attachments(
    report: VerifyReport,
    t: MappedTicket,
    want: MappedComment,
    got: dict[str, Any],
    where: str,
    tid: int,
) -> None:
    files = [a for a in want.attachments if uploadable(a)]
    if not files:
        return
    expected = sorted(a.size if a.size is not None else len(a.read()) for a in files)
    actual = sorted(int(a.get("size") or 0) for a in got.get("attachments") or [])
    report.attachments_checked += len(expected)
    if expected != actual:
        report.problem(
            "attachments", t.external_id, f"{where}: sizes {actual}, expected {expected}", tid
        )


def _when(value: Any) -> int | None:
    """A timestamp as epoch seconds (pre-1970 values are clamped to 0, as import does)."""
    if not value:
        return None
    text = str(value).replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return max(0, int(parsed.timestamp()))


def _compare_counts(report: VerifyReport) -> None:
    for name, table in (
        ("status", report.by_status),
        ("tag", report.by_tag),
        ("topic", report.by_topic),
    ):
        for key, (want, got) in sorted(table.items()):
            if want != got:
                report.problem(
                    f"{name}_count", "", f"{name} {key!r}: {got} on the target, {want} expected"
                )
