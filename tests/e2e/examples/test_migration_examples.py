"""The shipped example migrations run from a checkout: apply the example project to a sandbox,
migrate each example through the CLI, and verify everything arrived."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from helpctl.cli.app import app


@pytest.fixture
def project(repo_root: Path, tmp_path: Path) -> Path:
    """A copy of examples/migrations (sandbox state is written beside the project)."""
    target = tmp_path / "migrations"
    shutil.copytree(repo_root / "examples" / "migrations", target,
                    ignore=shutil.ignore_patterns(".helpctl", "*.sqlite3"))  # fmt: skip
    applied = CliRunner().invoke(app, ["apply", str(target), "--yes"])
    assert applied.exit_code == 0, applied.output
    return target


def migrate(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["migrate", *args, "--json"])
    assert result.exit_code == 0, result.output
    loaded: dict[str, Any] = json.loads(result.stdout)
    return loaded


def test_forum_example_migrates_and_verifies(project: Path) -> None:
    mapping = str(project / "forum" / "migration.yaml")
    migrate("run", mapping)
    report = migrate("verify", mapping)
    threads = (project / "forum" / "threads.csv").read_text(encoding="utf-8-sig").splitlines()
    assert report["ok"] is True
    assert report["tickets"]["found"] == report["tickets"]["expected"] == len(threads) - 1


def test_homegrown_example_generates_migrates_and_verifies(project: Path) -> None:
    folder = project / "homegrown"
    subprocess.run([sys.executable, str(folder / "generate.py"), "--tickets", "300"], check=True,
                   capture_output=True)  # fmt: skip
    mapping = str(folder / "migration.yaml")
    migrate("run", mapping)
    report = migrate("verify", mapping)
    assert report["ok"] is True
    assert report["tickets"]["found"] == 300
    assert report["comments"]["comments_checked"] == 300 * 5
