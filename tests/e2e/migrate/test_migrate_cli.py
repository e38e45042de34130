"""`helpctl migrate plan|run|status|retry|verify` through the real entry point, into the
embedded sandbox a project's `helpctl.yaml` declares beside the mapping."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from cli_run import Run
from migrate_e2e_helpers import FIXTURES

BAD = {"missing-subject", "empty-body", "unknown-author", "invalid-timestamp", "big-attachment",
       "undecodable"}  # fmt: skip
GOOD = {"good-1", "good-closed", "good-attachment"}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "quarantine", tmp_path / "q")
    return tmp_path / "q"


def test_plan_counts_everything_offline_and_lists_quarantine_reasons(
    project: Path, run_cli: Callable[..., Run]
) -> None:
    result = run_cli("migrate", "plan", str(project / "migration.yaml"), "--json")
    assert result.exit_code == 0, result.stderr
    doc = result.json()
    assert (doc["tickets"], doc["to_send"], doc["quarantined"]["count"]) == (9, 3, 6)
    assert doc["users"] == {"total": 2, "agents": 1, "cached": 0}
    assert doc["attachments"]["count"] == 1
    assert doc["attachments"]["bytes"] == (project / "files" / "note.txt").stat().st_size
    assert {r["source_id"] for r in doc["quarantined"]["records"]} == BAD
    assert not (project / ".helpctl" / "sandbox.sqlite3").exists()  # nothing was contacted


def test_bad_records_are_quarantined_with_reasons_and_the_rest_import(
    project: Path, run_cli: Callable[..., Run]
) -> None:
    mapping = str(project / "migration.yaml")
    ran = run_cli("migrate", "run", mapping, "--json", "--quiet")
    assert ran.exit_code == 0, ran.stderr
    assert ran.json()["counts"]["imported"] == len(GOOD)
    status = run_cli("migrate", "status", mapping, "--json").json()
    assert status["counts"]["quarantined"] == len(BAD)
    reasons = {q["source_id"]: " ".join(q["reasons"]) for q in status["quarantined"]}
    assert set(reasons) == BAD
    assert "subject" in reasons["missing-subject"]
    assert "ghost" in reasons["unknown-author"]
    assert "over the limit" in reasons["big-attachment"]
    assert "undecodable" in reasons["undecodable"]
    verified = run_cli("migrate", "verify", mapping, "--json")
    assert verified.exit_code == 0, verified.stdout
    assert verified.json()["comments"]["attachments_checked"] == 1


def test_a_second_run_sends_nothing_and_verify_writes_its_report(
    project: Path, run_cli: Callable[..., Run]
) -> None:
    mapping = str(project / "migration.yaml")
    assert run_cli("migrate", "run", mapping, "--quiet").exit_code == 0
    again = run_cli("migrate", "run", mapping, "--json", "--quiet").json()
    assert again["this_run"]["sent"] == 0 and again["this_run"]["unchanged"] == len(GOOD)
    assert again["requests"] <= 2  # the lookups of names only, never an import
    report = project / "verify.json"
    human = run_cli("migrate", "verify", mapping, "--report", str(report))
    assert human.exit_code == 0 and human.stdout.startswith("OK")
    assert '"ok": true' in report.read_text()


@pytest.mark.parametrize("command", ["plan", "run", "status", "retry", "verify"])
def test_every_migrate_command_has_help(command: str, run_cli: Callable[..., Run]) -> None:
    result = run_cli("migrate", command, "--help")
    assert result.exit_code == 0 and "MAPPING" in result.stdout


def test_records_the_target_cannot_take_fail_with_exit_3_and_retry_sends_only_them(
    tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    shutil.copytree(FIXTURES / "quarantine", tmp_path / "quarantine")
    shutil.copytree(FIXTURES / "missing-brand", tmp_path / "b")
    mapping = str(tmp_path / "b" / "migration.yaml")
    first = run_cli("migrate", "run", mapping, "--json", "--quiet")
    assert first.exit_code == 3
    failures = first.json()["failures"]
    assert {f["source_id"] for f in failures} == GOOD
    assert all("no brand named 'Northwind'" in f["reason"] for f in failures)
    config = tmp_path / "b" / "config"
    (config / "brands.yaml.later").rename(config / "brands.yaml")
    assert run_cli("apply", str(tmp_path / "b"), "--yes").exit_code == 0
    retried = run_cli("migrate", "retry", mapping, "--json", "--quiet")
    assert retried.exit_code == 0, retried.stdout
    doc = retried.json()
    assert doc["this_run"]["sent"] == len(GOOD) and doc["counts"]["imported"] == len(GOOD)


def test_plan_check_target_names_what_the_target_lacks_before_anything_is_sent(
    tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    shutil.copytree(FIXTURES / "quarantine", tmp_path / "quarantine")
    shutil.copytree(FIXTURES / "missing-brand", tmp_path / "b")
    mapping = str(tmp_path / "b" / "migration.yaml")
    result = run_cli("migrate", "plan", mapping, "--check-target", "--json")
    assert result.exit_code == 1, result.stderr  # issue 10, finding 10: it exited 0
    doc = result.json()
    assert doc["missing_on_target"] == {"brands": ["Northwind"], "fields": [], "groups": []}
    assert run_cli("migrate", "status", mapping, "--json").json()["counts"]["imported"] == 0


def test_plan_check_target_lists_names_the_mapping_declares_and_exits_1(
    tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    shutil.copytree(FIXTURES / "quarantine", tmp_path / "quarantine")
    shutil.copytree(FIXTURES / "names-on-target", tmp_path / "n")
    mapping = str(tmp_path / "n" / "migration.yaml")
    result = run_cli("migrate", "plan", mapping, "--check-target")
    assert result.exit_code == 1, result.stderr
    assert "missing on the target: group 'Escalations'" in result.stdout
    assert "missing on the target: field 'Contract tier'" in result.stdout
    assert run_cli("migrate", "plan", mapping).exit_code == 0  # offline: not checked


@pytest.mark.parametrize(
    "content",
    [b"just some notes\n", "sqlite"],
    ids=["text file", "another SQLite database"],
)
def test_a_ledger_path_that_is_not_a_ledger_is_refused_by_path(
    tmp_path: Path, run_cli: Callable[..., Run], content: bytes | str
) -> None:
    shutil.copytree(FIXTURES / "quarantine", tmp_path / "quarantine")
    shutil.copytree(FIXTURES / "names-on-target", tmp_path / "n")
    ledger = tmp_path / "n" / "elsewhere.sqlite3"
    if isinstance(content, bytes):
        ledger.write_bytes(content)
    else:
        with closing(sqlite3.connect(ledger)) as db:
            db.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
            db.commit()
    before = ledger.read_bytes()
    mapping = str(tmp_path / "n" / "not-a-ledger.yaml")
    for args in (("status",), ("run", "--quiet")):
        result = run_cli("migrate", args[0], mapping, *args[1:])
        assert result.exit_code == 1, (args, result.stdout)
        assert str(ledger) in result.stderr and "not a migration ledger" in result.stderr
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert ledger.read_bytes() == before  # never written into
