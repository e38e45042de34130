"""``migrate review``'s pure part: a seeded reservoir sample, and each difference between a
record as read and its ticket on the target judged same, explained by the mapping, or not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from helpctl.migrate.late_comments import late_comment
from helpctl.migrate.mapped import MappedComment, MappedTicket, MappedUser, Quarantined
from helpctl.migrate.model import LegacyComment, LegacyTicket, LegacyUser
from helpctl.migrate.review import ReviewRecord, review_record, sample_records
from helpctl.migrate.review_checks import ReviewContext

MSK = timezone(timedelta(hours=4))
WHEN = datetime(2011, 11, 4, 18, 49, tzinfo=MSK)
LINK_HTML = '<p>See <a href="http://example.ru/dns">the guide</a></p>'
LINK_TEXT = "See the guide (http://example.ru/dns)"


def _legacy(status: str = "answered", tags: list[str] | None = None) -> LegacyTicket:
    users = {"11": LegacyUser("11", "Ivan", "ivan@example.ru")}
    comment = LegacyComment("p1", "11", LINK_HTML, WHEN, html=True)
    return LegacyTicket(
        "501", "Site down", [comment], status=status, tags=tags or [], requester_id="11",
        created_at=WHEN, users=users, origin="threads.csv record 1",
    )  # fmt: skip


def _mapped(legacy: LegacyTicket) -> MappedTicket:
    user = MappedUser("11", "Ivan", "u-11", "ivan@example.ru")
    comment = MappedComment("11", LINK_TEXT, False, True, WHEN, source_id="p1")
    return MappedTicket(
        source_id=legacy.source_id, external_id="f-501", subject=legacy.subject, status="solved",
        requester="11", comments=[comment], users={"11": user}, tags=["imported"],
        created_at=WHEN,
    )  # fmt: skip


def _doc(**over: Any) -> dict[str, Any]:
    doc = {
        "id": 7, "external_id": "f-501", "subject": "Site down", "status": "solved",
        "tags": ["imported"], "requester_id": 900, "created_at": "2011-11-04T14:49:00Z",
    }  # fmt: skip
    doc.update(over)
    return doc


def _comment(**over: Any) -> dict[str, Any]:
    doc = {"id": 1, "author_id": 900, "public": True, "created_at": "2011-11-04T14:49:00Z",
           "body": LINK_TEXT}  # fmt: skip
    doc.update(over)
    return doc


def _review(
    doc: dict[str, Any] | None = None,
    comments: list[dict[str, Any]] | None = None,
    *,
    legacy: LegacyTicket | None = None,
    late: dict[str, str] | None = None,
    zone: str | None = None,
) -> ReviewRecord:
    legacy = legacy or _legacy()
    ctx = ReviewContext({"11": 900}, late or {}, {}, zone)
    got = comments if comments is not None else [_comment()]
    return review_record(legacy, _mapped(legacy), "imported", doc or _doc(), got, ctx)


def _verdicts(record: ReviewRecord) -> dict[str, str]:
    out = {c.name: c.verdict for c in record.checks}
    for pair in record.comments:
        out.update({f"comment-{pair.index}-{c.name}": c.verdict for c in pair.checks})
    return out


def test_a_faithful_import_is_explained_where_the_mapping_changed_it_and_same_elsewhere() -> None:
    record = _review()
    verdicts = _verdicts(record)
    assert record.ok and record.origin == "threads.csv record 1" and record.ticket_id == 7
    assert verdicts["subject"] == "same"
    assert verdicts["status"] == "explained"
    assert verdicts["tags"] == "explained"
    assert verdicts["requester"] == "same"
    assert verdicts["comment-1-body"] == "explained"
    notes = {c.name: c.note for c in record.checks}
    assert "answered → solved" in notes["status"]
    assert "added by the mapping: imported" in notes["tags"]
    body = record.comments[0].checks[-1]
    assert body.note.startswith("HTML converted to text")


def test_a_time_in_the_declared_zone_is_shown_as_written_and_explained() -> None:
    record = _review(zone="Europe/Moscow")
    created = next(c for c in record.checks if c.name == "created_at")
    assert created.verdict == "explained"
    assert created.source == "2011-11-04T18:49:00+04:00 (Europe/Moscow)"
    assert "UTC+04:00" in created.note
    late_by_an_hour = _review(_doc(created_at="2011-11-04T15:49:00Z"), zone="Europe/Moscow")
    assert _verdicts(late_by_an_hour)["created_at"] == "unexplained"


def test_differences_the_mapping_does_not_explain_are_flagged() -> None:
    record = _review(
        _doc(status="pending", tags=["imported", "vip"], requester_id=901, subject="Other"),
        [_comment(body="See the guide", public=False, author_id=902)],
    )
    verdicts = _verdicts(record)
    for check in ("status", "tags", "requester", "subject", "comment-1-body",
                  "comment-1-visibility", "comment-1-author"):  # fmt: skip
        assert verdicts[check] == "unexplained", check
    assert not record.ok
    tags = next(c for c in record.checks if c.name == "tags")
    assert "not from the mapping: vip" in tags.note


def test_a_missing_comment_and_a_missing_ticket_are_flagged() -> None:
    record = _review(comments=[])
    assert [c.verdict for c in record.comments[0].checks] == ["unexplained"]
    assert record.comments[0].target is None
    ctx = ReviewContext({}, {}, {})
    legacy = _legacy()
    gone = review_record(legacy, _mapped(legacy), "imported", None, [], ctx)
    assert gone.state == "missing on target" and not gone.ok


def test_a_quarantined_record_is_explained_with_its_reasons() -> None:
    legacy = _legacy()
    record = review_record(legacy, Quarantined("501", ["no subject"]), "quarantined", None, [],
                           ReviewContext({}, {}, {}))  # fmt: skip
    assert record.state == "quarantined" and record.ok
    assert "no subject" in record.checks[0].note


def test_a_comment_appended_after_import_is_time_not_preservable_not_a_failure() -> None:
    mapped_comment = _mapped(_legacy()).comments[0]
    late_body = late_comment(mapped_comment).body
    record = _review(
        comments=[_comment(created_at=datetime.now(UTC).isoformat(), body=late_body)],
        late={"p1": "2011-11-04T14:49:00Z"},
    )
    time_check = next(c for c in record.comments[0].checks if c.name == "time")
    assert time_check.verdict == "explained" and "not preservable" in time_check.note


def test_the_sample_is_seeded_uniform_in_source_order_and_reads_everything_once() -> None:
    tickets = [LegacyTicket(str(i), "s", []) for i in range(1000)]
    first, read = sample_records(iter(tickets), 10, seed=7)
    again, _ = sample_records(iter(tickets), 10, seed=7)
    other, _ = sample_records(iter(tickets), 10, seed=8)
    ids = [int(t.source_id) for t in first]
    assert read == 1000 and len(first) == 10 and ids == sorted(ids)
    assert [t.source_id for t in again] == [t.source_id for t in first]
    assert [t.source_id for t in other] != [t.source_id for t in first]
    assert max(ids) > 100  # not just the first records
    few, read = sample_records(iter(tickets[:3]), 10, seed=1)
    assert [t.source_id for t in few] == ["0", "1", "2"] and read == 3
