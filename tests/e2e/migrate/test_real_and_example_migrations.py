"""Whole migrations through the real CLI into an embedded sandbox, verified: the real Stack
Exchange dump and Mendeley CSV export (from ../shared), and the two examples the project ships,
run from a fresh copy (they need nothing from ../shared)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_run import Run
from migrate_e2e_helpers import FIXTURES, ROOT


def _real(tmp_path: Path, shared: Path, name: str) -> Path:
    folder = tmp_path / "real"
    folder.mkdir(exist_ok=True)
    shutil.copy(FIXTURES / "realdata" / "helpctl.yaml", folder / "helpctl.yaml")
    text = (FIXTURES / "realdata" / f"{name}.yaml").read_text(encoding="utf-8")
    (folder / f"{name}.yaml").write_text(text.replace("SHARED", str(shared)), encoding="utf-8")
    return folder / f"{name}.yaml"


def _migrate_and_verify(mapping: Path, run_cli: Callable[..., Run]) -> dict[str, object]:
    ran = run_cli("migrate", "run", str(mapping), "--json", "--quiet")
    assert ran.exit_code == 0, ran.stdout + ran.stderr
    verified = run_cli("migrate", "verify", str(mapping), "--json")
    assert verified.exit_code == 0, verified.stdout
    doc: dict[str, object] = verified.json()
    return doc


@pytest.mark.slow
def test_the_stack_exchange_dump_imports_54_threads_and_verifies(
    tmp_path: Path, shared_dir: Path, run_cli: Callable[..., Run]
) -> None:
    doc = _migrate_and_verify(_real(tmp_path, shared_dir, "stackexchange"), run_cli)
    tickets = doc["tickets"]
    assert isinstance(tickets, dict) and tickets["found"] == tickets["expected"] == 54


@pytest.mark.slow
def test_the_mendeley_export_imports_101_tickets_and_verifies(
    tmp_path: Path, shared_dir: Path, run_cli: Callable[..., Run]
) -> None:
    doc = _migrate_and_verify(_real(tmp_path, shared_dir, "mendeley"), run_cli)
    tickets = doc["tickets"]
    assert isinstance(tickets, dict) and tickets["found"] == tickets["expected"] == 101


@pytest.fixture
def examples(tmp_path: Path, run_cli: Callable[..., Run]) -> Path:
    """A fresh copy of examples/migrations with its config applied to its sandbox."""
    folder = tmp_path / "examples"
    shutil.copytree(ROOT / "examples" / "migrations", folder,
                    ignore=shutil.ignore_patterns(".helpctl", "*.sqlite3"))  # fmt: skip
    applied = run_cli("apply", str(folder), "--yes")
    assert applied.exit_code == 0, applied.stdout + applied.stderr
    return folder


@pytest.mark.slow
def test_the_shipped_forum_example_runs_and_verifies(
    examples: Path, run_cli: Callable[..., Run]
) -> None:
    doc = _migrate_and_verify(examples / "forum" / "migration.yaml", run_cli)
    tickets = doc["tickets"]
    assert isinstance(tickets, dict) and tickets["found"] == tickets["expected"] > 0


@pytest.mark.slow
def test_the_shipped_homegrown_example_runs_and_verifies(
    examples: Path, run_cli: Callable[..., Run]
) -> None:
    folder = examples / "homegrown"
    subprocess.run([sys.executable, "generate.py", "--tickets", "300"], cwd=folder, check=True,
                   capture_output=True)  # fmt: skip
    doc = _migrate_and_verify(folder / "migration.yaml", run_cli)
    tickets = doc["tickets"]
    assert isinstance(tickets, dict) and tickets["found"] == tickets["expected"] == 300


def test_consolidating_one_account_into_another_reads_the_source_instance(
    tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    shutil.copytree(FIXTURES / "quarantine", tmp_path / "quarantine")
    shutil.copytree(FIXTURES / "consolidate", tmp_path / "c")
    first = _migrate_and_verify(tmp_path / "c" / "into-old.yaml", run_cli)
    doc = _migrate_and_verify(tmp_path / "c" / "consolidate.yaml", run_cli)
    old, new = first["tickets"], doc["tickets"]
    assert isinstance(old, dict) and isinstance(new, dict)
    assert new["found"] == new["expected"] == old["found"] == 3
