"""configs/: the example config-as-code repository validates, plans, applies and converges."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fleet_helpers import Cli

ROOT = Path(__file__).resolve().parents[3]


def test_configs_repository_validates_offline(cli: Cli) -> None:
    result = cli("validate", ROOT / "configs")
    assert result.exit_code == 0, result.stdout + result.stderr


def test_configs_fleet_applies_and_then_plans_no_changes(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # plan needs no webhook credential; applying the CRM webhook's create sends it
    monkeypatch.delenv("BAZARIO_CRM_TOKEN", raising=False)
    repo = tmp_path / "configs"
    shutil.copytree(ROOT / "configs", repo, ignore=shutil.ignore_patterns(".helpctl"))
    first = cli("plan", repo, "--all", "--json")
    assert first.exit_code == 2
    assert {row["status"] for row in first.json()["instances"]} == {"changes"}
    monkeypatch.setenv("BAZARIO_CRM_TOKEN", "crm-token-for-tests")
    applied = cli("apply", repo, "--all", "--yes")
    assert applied.exit_code == 0, applied.stdout + applied.stderr
    drift = cli("drift", repo, "--all", "--json")
    assert drift.exit_code == 0, drift.stdout
    assert drift.json()["matrix"] == {"latam": {}, "emea": {}, "india": {}}
