"""``verify`` proves arrival: it passes on an intact import (2014 timestamps kept, archived
closed tickets found by id) and catches a deleted ticket, a missing comment and a changed body
when the target is tampered with after the import."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from migrate_e2e_helpers import synthetic

from helpctl.migrate.ledger import Ledger
from helpctl.migrate.mapping import load_mapping
from helpctl.migrate.runner import run
from helpctl.migrate.sources import open_source
from helpctl.migrate.verify import VerifyReport, verify
from helpctl.sandbox.runner import SandboxServer
from helpctl.zendesk.imports import ZendeskImportTarget

TICKETS = 120


@pytest.fixture
def imported(tmp_path: Path, target: ZendeskImportTarget) -> Iterator[Path]:
    mapping_path = synthetic(tmp_path / "m", TICKETS, comments=3)
    mapping = load_mapping(mapping_path)
    with Ledger(mapping.ledger_path) as ledger:
        report = run(open_source(mapping.source_spec, mapping.base_dir), mapping, target, ledger)
    assert report.ok
    yield mapping_path


def _verify(mapping_path: Path, target: ZendeskImportTarget) -> VerifyReport:
    mapping = load_mapping(mapping_path)
    source = open_source(mapping.source_spec, mapping.base_dir)
    with Ledger(mapping.ledger_path) as ledger:
        return verify(source, mapping, target, ledger)


def _ticket_id(mapping_path: Path, source_id: str) -> int:
    with Ledger(load_mapping(mapping_path).ledger_path) as ledger:
        entry = ledger.entry(source_id)
    assert entry is not None and entry.target_id is not None
    return entry.target_id


def test_an_intact_import_verifies_with_historical_timestamps(
    imported: Path, target: ZendeskImportTarget
) -> None:
    report = _verify(imported, target)
    assert report.ok, report.problems[:3]
    assert report.found == TICKETS and report.comments_checked == TICKETS * 3
    first = target.client.get(f"tickets/{_ticket_id(imported, 'T0000000')}")["ticket"]
    assert first["created_at"].startswith("2014-03-01")


def test_archived_closed_tickets_are_hidden_from_the_list_but_found_by_verify(
    imported: Path, target: ZendeskImportTarget
) -> None:
    listed = {t["external_id"] for t in target.client.iter_items("tickets", "tickets")}
    report = _verify(imported, target)
    assert report.archived_expected > 0
    assert report.archived_found == report.archived_expected
    assert len(listed) == TICKETS - report.archived_expected


def test_verify_catches_a_deleted_ticket(imported: Path, target: ZendeskImportTarget) -> None:
    target.client.delete(f"tickets/{_ticket_id(imported, 'T0000005')}")
    report = _verify(imported, target)
    assert not report.ok
    assert [p["external_id"] for p in report.problems if p["check"] == "missing"] == [
        "syn-T0000005"
    ]


def test_verify_catches_a_missing_comment_and_a_changed_body(
    imported: Path, target: ZendeskImportTarget, served: SandboxServer
) -> None:
    store, account = served.app.store, served.app.default or "default"
    first = _ticket_id(imported, "T0000003")
    second = _ticket_id(imported, "T0000004")
    doomed = target.comments(first)[1]["id"]
    store.delete(account, "comments", [doomed])
    row = store.get(account, "comments", target.comments(second)[0]["id"])
    assert row is not None
    changed = {**row.doc(), "body": "Tampered with", "html_body": "<p>Tampered with</p>"}
    store.put(account, "comments", row.id, changed, parent=row.parent, position=row.position)
    report = _verify(imported, target)
    found = {(p["check"], p["external_id"]) for p in report.problems}
    assert ("comment_count", "syn-T0000003") in found
    assert ("comment_body", "syn-T0000004") in found
    assert not report.ok


def test_verify_catches_a_duplicate_sent_behind_its_back(
    imported: Path, target: ZendeskImportTarget
) -> None:
    original = target.client.get(f"tickets/{_ticket_id(imported, 'T0000009')}")["ticket"]
    copy = {"external_id": original["external_id"], "subject": original["subject"],
            "requester_id": original["requester_id"],
            "comments": [{"author_id": original["requester_id"], "body": "again"}]}  # fmt: skip
    target.client.post("imports/tickets", json={"ticket": copy})
    report = _verify(imported, target)
    assert [p["external_id"] for p in report.problems if p["check"] == "duplicate"] == [
        "syn-T0000009"
    ]
    assert not report.ok
