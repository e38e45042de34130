"""The runner against an in-memory helpdesk: batching, users, exactly-once under lost replies,
resume after a crash, quarantine, failures and retry, delta updates."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path
from types import ModuleType

import pytest
from runner_fake_helpdesk import FakeHelpdesk

from helpctl.migrate.ledger import Ledger, Outgoing
from helpctl.migrate.mapping import Mapping, load_mapping
from helpctl.migrate.runner import RunOptions, RunReport, run
from helpctl.migrate.sources import open_source
from helpctl.zendesk.imports import ZendeskImportTarget

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "migrate_runner"


def _corpus_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "bench" / "corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def migration(tmp_path: Path) -> Path:
    """The synthetic mapping beside a 250-ticket corpus (3 batches, one of them partial)."""
    shutil.copy(FIXTURES / "synthetic" / "migration.yaml", tmp_path / "migration.yaml")
    _corpus_module().write_corpus(tmp_path / "tickets.jsonl", 250, comments=3)
    return tmp_path / "migration.yaml"


def _run(path: Path, helpdesk: FakeHelpdesk, **options: object) -> RunReport:
    mapping: Mapping = load_mapping(path)
    source = open_source(mapping.source_spec, mapping.base_dir)
    target = ZendeskImportTarget(helpdesk)  # type: ignore[arg-type]
    with Ledger(mapping.ledger_path) as ledger:
        try:
            opts = RunOptions(poll_interval=0.0, **options)  # type: ignore[arg-type]
            return run(source, mapping, target, ledger, options=opts)
        finally:
            target.close()


def test_every_ticket_arrives_once_with_its_history(migration: Path) -> None:
    helpdesk = FakeHelpdesk()
    report = _run(migration, helpdesk)
    assert report.ok and report.counts["imported"] == 250
    ids = helpdesk.external_ids()
    assert len(ids) == len(set(ids)) == 250
    row = json.loads((migration.parent / "tickets.jsonl").read_text().splitlines()[0])
    first = next(t for t in helpdesk.tickets.values() if t["external_id"] == "syn-T0000000")
    assert first["created_at"] == row["created_at"] and row["created_at"].startswith("2014-")
    assert [c["created_at"] for c in first["comments"]] == [
        c["created_at"] for c in row["comments"]
    ]
    closed = [t for t in helpdesk.tickets.values() if t["status"] == "closed"]
    assert closed and all(t["archived"] for t in closed)
    assert not any(t["archived"] for t in helpdesk.tickets.values() if t["status"] != "closed")


def test_users_are_upserted_once_and_cached_in_the_ledger(migration: Path) -> None:
    helpdesk = FakeHelpdesk()
    _run(migration, helpdesk)
    with Ledger(migration.parent / "ledger.sqlite3") as ledger:
        cached = ledger.user_count()
    assert cached == len(helpdesk.users) > 0


def test_without_bulk_user_import_users_are_upserted_one_by_one(migration: Path) -> None:
    helpdesk = FakeHelpdesk()
    helpdesk.bulk_users_enabled = False  # Zendesk's default until support enables it
    report = _run(migration, helpdesk)
    assert report.ok and len(set(helpdesk.external_ids())) == 250
    with Ledger(migration.parent / "ledger.sqlite3") as ledger:
        assert ledger.user_count() == len(helpdesk.users) > 0


def test_a_second_run_sends_nothing(migration: Path) -> None:
    helpdesk = FakeHelpdesk()
    _run(migration, helpdesk)
    posted = helpdesk.posted_imports
    report = _run(migration, helpdesk)
    assert helpdesk.posted_imports == posted
    assert report.this_run["unchanged"] == 250 and report.this_run["sent"] == 0


def test_a_lost_reply_after_the_import_is_looked_up_not_resent(migration: Path) -> None:
    helpdesk = FakeHelpdesk()
    helpdesk.lose_replies = 2
    report = _run(migration, helpdesk)
    ids = helpdesk.external_ids()
    assert report.ok and len(ids) == len(set(ids)) == 250


def test_a_request_lost_before_the_import_is_sent_again(migration: Path) -> None:
    helpdesk = FakeHelpdesk()
    helpdesk.refuse_before = 1
    report = _run(migration, helpdesk)
    assert report.ok and len(set(helpdesk.external_ids())) == 250


def test_a_crash_after_sending_is_reconciled_before_anything_is_resent(migration: Path) -> None:
    helpdesk = FakeHelpdesk()
    _run(migration, helpdesk)
    # As if the process died between posting the job and recording its outcome:
    with Ledger(migration.parent / "ledger.sqlite3") as ledger:
        entries = list(ledger.by_state("imported"))[:100]
        ledger.mark_sent([Outgoing(e.source_id, e.external_id, e.content_hash) for e in entries])
    posted = helpdesk.posted_imports
    report = _run(migration, helpdesk)
    assert helpdesk.posted_imports == posted
    assert report.ok and report.this_run["reconciled"] == 100
    assert len(helpdesk.external_ids()) == 250


def test_records_the_target_rejects_fail_and_retry_resends_only_them(migration: Path) -> None:
    helpdesk = FakeHelpdesk()
    helpdesk.reject_subjects = {"Synthetic ticket 7", "Synthetic ticket 120"}
    report = _run(migration, helpdesk)
    assert not report.ok
    assert sorted(f["source_id"] for f in report.failures) == ["T0000007", "T0000120"]
    assert "RecordInvalid" in report.failures[0]["reason"]
    helpdesk.reject_subjects = set()
    posted = helpdesk.posted_tickets
    report = _run(migration, helpdesk, retry_only=True)
    assert report.ok and helpdesk.posted_tickets == posted + 2
    assert report.this_run["sent"] == 2 and len(set(helpdesk.external_ids())) == 250


def test_a_changed_open_ticket_is_updated_and_a_closed_one_is_noted(migration: Path) -> None:
    helpdesk = FakeHelpdesk()
    _run(migration, helpdesk)
    corpus = migration.parent / "tickets.jsonl"
    rows = [json.loads(line) for line in corpus.read_text().splitlines()]
    rows[8]["subject"] = "Renamed open ticket"  # index 8 is open (see bench/corpus.py)
    rows[0]["subject"] = "Renamed closed ticket"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows))
    report = _run(migration, helpdesk)
    assert report.this_run["updated"] == 2
    assert [u["subject"] for u in helpdesk.updates] == ["Renamed open ticket"]
    with Ledger(migration.parent / "ledger.sqlite3") as ledger:
        closed = ledger.entry("T0000000")
    assert closed is not None and "closed" in closed.reason
    assert len(helpdesk.external_ids()) == 250
