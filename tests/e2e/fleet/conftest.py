"""End-to-end fleet tests: the real CLI entry point against sandbox accounts on loopback.

Every test copies a project from ``tests/fixtures/plan/projects/`` (or the quickstart) into its
own temporary folder, so each gets its own sandbox database (``.helpctl/`` inside the copy).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_run import cli_runner
from fleet_helpers import Cli

ROOT = Path(__file__).resolve().parents[3]
PROJECTS = ROOT / "tests" / "fixtures" / "plan" / "projects"


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    """Run ``helpctl ARGS…`` through ``main()``: real exit codes, stdout and stderr apart."""
    run = cli_runner(capsys, monkeypatch)
    return lambda *args: run(*map(str, args))


@pytest.fixture
def project(tmp_path: Path) -> Callable[[str], Path]:
    """A private copy of a fixture project (or ``quickstart``), returned as its folder."""

    def copy(name: str) -> Path:
        src = ROOT / "examples" / "quickstart" if name == "quickstart" else PROJECTS / name
        dest = tmp_path / name
        shutil.copytree(src, dest, ignore=shutil.ignore_patterns(".helpctl"))
        return dest

    return copy
