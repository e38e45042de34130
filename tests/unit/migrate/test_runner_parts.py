"""Pure parts of the runner: job results, body checksums, plan estimates, content hashes."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from helpctl.migrate.hashing import ticket_hash
from helpctl.migrate.ledger import Ledger, Outgoing
from helpctl.migrate.links import body_with_links, uploadable
from helpctl.migrate.mapped import MappedComment, MappedTicket, MappedUser
from helpctl.migrate.model import LegacyAttachment
from helpctl.migrate.planning import MigrationPlan, _reason_kind
from helpctl.migrate.reconcile import settle_job
from helpctl.migrate.target import JobOutcome
from helpctl.migrate.values import iso
from helpctl.migrate.verify import body_checksum
from helpctl.zendesk.imports import _outcome


def _ticket(**changes: object) -> MappedTicket:
    when = datetime(2014, 1, 2, 3, 4, 5, tzinfo=UTC)
    base = MappedTicket(
        source_id="1", external_id="x-1", subject="Printer", status="closed", requester="u",
        comments=[MappedComment("u", "Hello", False, True, when)],
        users={"u": MappedUser("u", "Ann", None, "ann@example.com")}, created_at=when,
    )  # fmt: skip
    return replace(base, **changes)  # type: ignore[arg-type]


def test_job_results_are_read_by_index_whatever_order_they_come_in() -> None:
    job = {"id": "J", "status": "completed", "results": [
        {"index": 1, "error": "TicketImportFailed", "details": "Subject: blank"},
        {"index": 0, "id": 41},
    ]}  # fmt: skip
    outcome = _outcome("J", job)
    assert outcome is not None
    assert outcome.results == [("ok", 41), ("error", "TicketImportFailed: Subject: blank")]


def test_a_running_job_has_no_outcome_and_a_vanished_one_is_lost() -> None:
    assert _outcome("J", {"id": "J", "status": "working"}) is None
    lost = _outcome("J", None)
    assert lost is not None and lost.lost


def test_settling_a_job_records_each_item_and_returns_what_it_could_not(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.sqlite3") as ledger:
        ledger.mark_sent([Outgoing(s, f"x-{s}", "h") for s in ("a", "b", "c")], "J")
        outcome = JobOutcome("J", "completed", [("ok", 7), ("error", "RecordInvalid: no")])
        left = settle_job(ledger, ["a", "b", "c"], outcome)
        states = {s: e.state for s, e in ledger.entries(["a", "b", "c"]).items()}
    assert left == ["c"]
    assert states == {"a": "imported", "b": "failed", "c": "sent"}


def test_body_checksum_ignores_markup_entities_and_whitespace_but_not_words() -> None:
    assert body_checksum("<p>Caf&eacute;\n  open</p>", True) == body_checksum("Café open", False)
    assert body_checksum("Café open", False) != body_checksum("Café closed", False)


def test_timestamps_are_sent_as_utc_with_a_z() -> None:
    assert iso(datetime(2014, 1, 2, 3, 4, 5)) == "2014-01-02T03:04:05Z"


def test_quarantine_reasons_group_by_kind_not_by_particulars() -> None:
    assert _reason_kind("unknown author 'ghost' in comment 3") == _reason_kind(
        "unknown author 'bob' in comment 12"
    )


def test_plan_estimates_requests_and_eta_from_the_rate_limit() -> None:
    plan = MigrationPlan(to_send=1000, users=150, attachments=4, rate_limit=600)
    assert plan.requests == 30 + 4  # (10 import + 2 user jobs) × (1 post + 1.5 polls), 4 files
    assert plan.eta_seconds == plan.requests / 10


def test_plan_gives_no_eta_for_a_target_without_rate_limit() -> None:
    plan = MigrationPlan(to_send=1000, rate_limit=None)
    assert plan.eta_seconds is None
    assert plan.as_dict()["eta_seconds"] is None


def test_the_content_hash_moves_with_anything_sent_and_only_then() -> None:
    t = _ticket()
    assert ticket_hash(t) == ticket_hash(_ticket())
    assert ticket_hash(t) != ticket_hash(_ticket(subject="Printer jam"))
    later = [replace(t.comments[0], body="Hello!")]
    assert ticket_hash(t) != ticket_hash(_ticket(comments=later))
    assert ticket_hash(t) != ticket_hash(_ticket(tags=["vip"]))


def test_attachments_without_bytes_become_links_in_their_comment() -> None:
    when = datetime(2014, 1, 2, tzinfo=UTC)
    files = [LegacyAttachment("big.zip", size=10**9, url="https://old.example/big.zip"),
             LegacyAttachment("small.txt", data=b"hi")]  # fmt: skip
    text = MappedComment("u", "See attached", False, True, when, files)
    assert body_with_links(text) == (
        "See attached\n\nAttachments:\n- big.zip: https://old.example/big.zip"
    )
    page = MappedComment("u", "<p>See</p>", True, True, when, files[:1])
    assert '<a href="https://old.example/big.zip">big.zip</a>' in body_with_links(page)
    assert [uploadable(a) for a in files] == [False, True]
