"""`helpctl sandbox reset [PROJECT] [-i NAME]`: deletes the data files of a project's embedded
sandbox instances, and asks first unless `--yes`."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_run import Run

PROJECT = """\
version: 1
instances:
  latam: {backend: sandbox, include: []}
  emea: {backend: sandbox, account: emea, include: []}
  india: {backend: sandbox, path: data/india.sqlite3, include: []}
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "helpctl.yaml").write_text(PROJECT)
    for rel in (".helpctl/sandbox.sqlite3", ".helpctl/sandbox.sqlite3-wal", "data/india.sqlite3"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(b"x")
    return tmp_path


def test_one_instance_is_reset_with_those_sharing_its_file(
    project: Path, run_cli: Callable[..., Run]
) -> None:
    ran = run_cli("sandbox", "reset", str(project), "-i", "latam", "--yes")
    assert ran.exit_code == 0, ran.stderr
    assert not (project / ".helpctl/sandbox.sqlite3").exists()
    assert not (project / ".helpctl/sandbox.sqlite3-wal").exists()
    assert (project / "data/india.sqlite3").exists()  # another file, not named


def test_the_whole_project_by_default(project: Path, run_cli: Callable[..., Run]) -> None:
    ran = run_cli("sandbox", "reset", "--yes", cwd=project)
    assert ran.exit_code == 0, ran.stderr
    assert ran.stdout.splitlines() == [
        "removed .helpctl/sandbox.sqlite3",
        "removed data/india.sqlite3",
    ]


def test_without_yes_and_without_a_terminal_nothing_is_deleted(
    project: Path, run_cli: Callable[..., Run]
) -> None:
    ran = run_cli("sandbox", "reset", str(project))
    assert ran.exit_code == 1
    assert "--yes" in ran.stderr
    assert (project / ".helpctl/sandbox.sqlite3").exists()


class _Terminal(io.StringIO):
    """A stdin that is a terminal, where the user types ``answer``."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("answer", "kept"), [("n\n", True), ("y\n", False)])
def test_it_asks_first_and_names_the_instances(
    project: Path,
    run_cli: Callable[..., Run],
    monkeypatch: pytest.MonkeyPatch,
    answer: str,
    kept: bool,
) -> None:
    monkeypatch.setattr(sys, "stdin", _Terminal(answer))
    ran = run_cli("sandbox", "reset", str(project), "-i", "emea")
    assert (project / ".helpctl/sandbox.sqlite3").exists() is kept
    assert ran.exit_code == (1 if kept else 0)
    assert "instances latam, emea" in ran.stdout


def test_an_unknown_instance_is_refused(project: Path, run_cli: Callable[..., Run]) -> None:
    ran = run_cli("sandbox", "reset", str(project), "-i", "latm", "--yes")
    assert ran.exit_code == 1
    assert "did you mean `latam`" in ran.stderr
    assert (project / ".helpctl/sandbox.sqlite3").exists()
