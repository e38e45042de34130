"""diff, drift and instances against sandbox accounts."""

from __future__ import annotations

from fleet_helpers import Cli, Project, edit


def test_diff_compares_two_instances_live_and_exits_2_when_they_differ(
    cli: Cli, project: Project
) -> None:
    fleet = project("fleet")
    assert cli("apply", fleet, "--all", "--yes").exit_code == 0
    same = cli("diff", fleet, "north", "south", "--json")
    assert same.exit_code == 0, same.stdout
    differ = cli("diff", fleet, "north", "east", "--json")
    assert differ.exit_code == 2
    doc = differ.json()
    assert [(c["action"], c["kind"], c["key"]) for c in doc["changes"]] == [
        ("update", "triggers", "Route accounts")
    ]
    assert doc["changes"][0]["diffs"][0]["path"] == "actions"


def test_drift_matrix_counts_pending_changes_per_instance_and_kind(
    cli: Cli, project: Project
) -> None:
    fleet = project("fleet")
    assert cli("apply", fleet, "--all", "--yes").exit_code == 0
    assert cli("drift", fleet, "--all").exit_code == 0
    edit(fleet / "shared" / "overlay.yaml", "value: Tier 2", "value: Tier 1")
    edit(
        fleet / "base" / "support.yaml",
        "  - name: Tier 2\n",
        "  - name: Tier 2\n  - name: Tier 3\n",
    )
    drift = cli("drift", fleet, "--all", "--json")
    assert drift.exit_code == 2
    assert drift.json()["matrix"] == {
        "north": {"groups": 1, "triggers": 1},
        "south": {"groups": 1, "triggers": 1},
        "east": {"groups": 1},
    }
    table = cli("drift", fleet, "--all")
    assert "north" in table.stdout and "triggers" in table.stdout


def test_instances_lists_each_instance_and_check_signs_in(cli: Cli, project: Project) -> None:
    listed = cli("instances", project("fleet"), "--check", "--json")
    assert listed.exit_code == 0, listed.stdout
    rows = listed.json()["instances"]
    assert [r["instance"] for r in rows] == ["north", "south", "east"]
    assert all(r["check"]["role"] == "admin" for r in rows)
