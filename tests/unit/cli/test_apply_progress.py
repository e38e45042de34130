"""Apply progress: per instance with counts; plain lines off a terminal, bars on one."""

from __future__ import annotations

from typing import Literal

import pytest

from helpctl.cli.apply_progress import ApplyProgress, use_bars
from helpctl.plan import Change
from helpctl.providers.base import ChangeResult


def _result(status: Literal["done", "failed", "skipped"], key: str) -> ChangeResult:
    reason = "boom" if status == "failed" else ""
    return ChangeResult(Change("create", "groups", key), status, reason=reason)


def test_lines_name_the_instance_and_count_against_the_plan(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with ApplyProgress({"north": 2}) as progress:
        report = progress.for_instance("north")
        report(_result("done", "A"))
        report(_result("failed", "B"))
    err = capsys.readouterr().err.splitlines()
    assert err == ["[north] (1/2) ✓ create groups 'A'", "[north] (2/2) ✗ create groups 'B': boom"]
    assert progress.counts("north") == {"done": 1, "failed": 1, "skipped": 0}


def test_bars_count_without_printing_lines(capsys: pytest.CaptureFixture[str]) -> None:
    with ApplyProgress({"north": 1, "south": 1}, bars=True) as progress:
        progress.for_instance("north")(_result("done", "A"))
        progress.for_instance("south")(_result("failed", "B"))
    assert progress.counts("south")["failed"] == 1
    assert "✗ create groups" not in capsys.readouterr().err


def test_no_bars_under_json_or_off_a_terminal() -> None:
    assert use_bars(json_=True) is False
    assert use_bars(json_=False) is False  # pytest's stderr is not a terminal
