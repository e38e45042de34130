"""`helpctl apply` over fake providers: the fleet flow's ending reaches the exit code through one
path (0 clean, 3 for a PartialFailure, 1 when nothing was written), text and JSON alike."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cli_run import Run
from fleet_fakes import PROJECT, FakeProvider

import helpctl.cli.cmd_fleet as cmd_fleet
from helpctl.config.project import Project


class FakeConnections:
    """What `Connections` gives the fleet commands: a provider per instance, and closing."""

    def __init__(self, providers: dict[str, FakeProvider]) -> None:
        self.providers = providers
        self.closed = False

    def __enter__(self) -> FakeConnections:
        return self

    def __exit__(self, *exc: object) -> None:
        self.closed = True

    def provider(self, name: str) -> FakeProvider:
        return self.providers[name]


@pytest.fixture
def helpdesk(monkeypatch: pytest.MonkeyPatch) -> dict[str, FakeProvider]:
    providers = {name: FakeProvider(name) for name in ("north", "south", "east")}
    opened: list[FakeConnections] = []

    def connections(project: Project, *, debug: bool = False) -> FakeConnections:
        opened.append(FakeConnections(providers))
        return opened[-1]

    monkeypatch.setattr(cmd_fleet, "connections", connections)
    return providers


def _apply(run_cli: Callable[..., Run], *args: str) -> Run:
    return run_cli("apply", str(PROJECT), "-i", "north", "-i", "south", "--yes", *args)


def test_a_rejected_object_exits_3_with_the_failure_listed(
    run_cli: Callable[..., Run], helpdesk: dict[str, FakeProvider]
) -> None:
    helpdesk["south"].reject = {"Tier 2": "name: has already been taken"}
    result = _apply(run_cli, "--json")
    assert result.exit_code == 3, result.stdout + result.stderr
    rows: dict[str, Any] = {r["instance"]: r for r in result.json()["instances"]}
    assert rows["north"]["outcome"] == "applied" and rows["south"]["outcome"] == "partial"
    assert rows["south"]["failures"] == ["create groups 'Tier 2': name: has already been taken"]


def test_text_output_lists_the_failed_object_and_exits_3(
    run_cli: Callable[..., Run], helpdesk: dict[str, FakeProvider]
) -> None:
    helpdesk["north"].down = True
    helpdesk["south"].reject = {"Tier 1": "invalid"}
    result = _apply(run_cli)
    assert result.exit_code == 3
    assert "✗ [south] create groups 'Tier 1': invalid" in result.stdout
    # north's error is shown once, under its plan, not again in the summary
    assert "== north: error" in result.stdout
    assert result.stdout.count("connection refused") == 1
    assert "Traceback" not in result.stderr


def test_nothing_written_exits_1_and_a_clean_run_exits_0(
    run_cli: Callable[..., Run], helpdesk: dict[str, FakeProvider]
) -> None:
    helpdesk["north"].down = helpdesk["south"].down = True
    assert _apply(run_cli, "--json").exit_code == 1
    helpdesk["north"].down = helpdesk["south"].down = False
    assert _apply(run_cli, "--json").exit_code == 0
    assert [len(p.applied) for p in helpdesk.values()] == [1, 1, 0]


def test_plan_exit_codes_come_from_the_same_fleet_plan(
    run_cli: Callable[..., Run], helpdesk: dict[str, FakeProvider], tmp_path: Path
) -> None:
    out = tmp_path / "plan.json"
    pending = run_cli("plan", str(PROJECT), "-i", "north", "--out", str(out), "--json")
    assert pending.exit_code == 2 and pending.json()["changes_pending"] is True
    assert out.is_file()
    assert _apply(run_cli).exit_code == 0
    assert run_cli("plan", str(PROJECT), "-i", "north", "-i", "south").exit_code == 0
