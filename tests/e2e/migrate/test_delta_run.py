"""A delta run: a source record changed after its import is brought up to date on the target
through the ticket update API; a closed one cannot be, and the ledger says so."""

from __future__ import annotations

import json
from pathlib import Path

from migrate_e2e_helpers import synthetic

from helpctl.migrate.delta import LOCKED_NOTE
from helpctl.migrate.ledger import Ledger
from helpctl.migrate.mapping import load_mapping
from helpctl.migrate.runner import RunReport, run
from helpctl.migrate.sources import open_source
from helpctl.zendesk.imports import ZendeskImportTarget


def _run(mapping_path: Path, target: ZendeskImportTarget) -> RunReport:
    mapping = load_mapping(mapping_path)
    with Ledger(mapping.ledger_path) as ledger:
        return run(open_source(mapping.source_spec, mapping.base_dir), mapping, target, ledger)


def _target_id(mapping_path: Path, source_id: str) -> int:
    with Ledger(load_mapping(mapping_path).ledger_path) as ledger:
        entry = ledger.entry(source_id)
    assert entry is not None and entry.target_id is not None
    return entry.target_id


def test_a_changed_open_ticket_is_updated_and_a_closed_one_is_recorded_as_locked(
    tmp_path: Path, target: ZendeskImportTarget
) -> None:
    mapping = synthetic(tmp_path / "m", 20, comments=2)
    assert _run(mapping, target).ok
    corpus = mapping.parent / "tickets.jsonl"
    rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    opened, closed = rows[8], rows[0]  # statuses cycle in bench/corpus.py: 8 is open, 0 closed
    assert (opened["status"], closed["status"]) == ("open", "closed")
    opened["subject"] = "Printer still jams"
    opened["tags"] = ["reopened"]
    extra = {**opened["comments"][0], "source_id": "8-new", "body": "Any news?"}
    opened["comments"].append(extra)
    closed["subject"] = "Renamed after closing"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))

    report = _run(mapping, target)
    assert report.this_run["updated"] == 2 and report.this_run["sent"] == 0
    ticket = target.client.get(f"tickets/{_target_id(mapping, opened['source_id'])}")["ticket"]
    assert ticket["subject"] == "Printer still jams"
    assert "reopened" in ticket["tags"]
    bodies = [c["body"] for c in target.comments(ticket["id"])]
    assert len(bodies) == 3  # finding 5: the appended comment carries its source time
    assert bodies[-1].splitlines()[0].startswith("Originally posted 20")
    assert bodies[-1].endswith("Any news?")
    kept = target.client.get(f"tickets/{_target_id(mapping, closed['source_id'])}")["ticket"]
    assert kept["subject"] != "Renamed after closing"
    with Ledger(load_mapping(mapping).ledger_path) as ledger:
        entry = ledger.entry(closed["source_id"])
        notes = ledger.notes()
    assert entry is not None and entry.reason == LOCKED_NOTE
    assert [n.source_id for n in notes] == [closed["source_id"]]
    assert _run(mapping, target).this_run["updated"] == 0  # the new hashes are recorded


def test_verify_reports_a_comment_added_after_import_as_time_not_preservable(
    tmp_path: Path, target: ZendeskImportTarget
) -> None:
    """Finding 5: the appended comment is not a verify failure; its source time is kept in its
    body and in the ledger, and verify says why its time differs."""
    from helpctl.migrate.verify import verify

    mapping_path = synthetic(tmp_path / "m", 12, comments=2)
    assert _run(mapping_path, target).ok
    corpus = mapping_path.parent / "tickets.jsonl"
    rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    opened = rows[8]
    late = {**opened["comments"][0], "source_id": "8-late", "body": "Still broken",
            "created_at": "2012-02-03T04:05:06Z"}  # fmt: skip
    opened["comments"].append(late)
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    assert _run(mapping_path, target).this_run["updated"] == 1

    mapping = load_mapping(mapping_path)
    with Ledger(mapping.ledger_path) as ledger:
        [recorded] = ledger.late_comment_list()
        source = open_source(mapping.source_spec, mapping.base_dir)
        report = verify(source, mapping, target, ledger, scan=False)
    assert (recorded.comment_id, recorded.source_time) == ("8-late", "2012-02-03T04:05:06Z")
    assert report.ok, report.problems
    assert report.time_not_preservable == 1
    assert report.late_comments[0]["source_time"] == "2012-02-03T04:05:06Z"
    body = target.comments(_target_id(mapping_path, opened["source_id"]))[-1]["body"]
    assert body.startswith("Originally posted 2012-02-03 04:05 UTC")
