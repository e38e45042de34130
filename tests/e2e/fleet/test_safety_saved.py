"""Refusals end to end: unsafe plans, stale saved plans, and failures that spare other instances."""

from __future__ import annotations

from pathlib import Path

from fleet_helpers import Cli, Project, edit


def test_unsafe_plan_is_refused_without_force(cli: Cli, project: Project) -> None:
    single = project("single")
    assert cli("apply", single, "--yes").code == 0
    groups = single / "config" / "groups.yaml"
    for word in ("first", "second"):
        edit(groups, f"description: {word}", f"description: {word} (changed)")
    refused = cli("apply", single, "--yes", "--json")
    assert refused.code == 1
    row = refused.json()["instances"][0]
    assert row["outcome"] == "error"
    assert "groups: 2 of 4 existing would be updated" in row["error"]["message"]
    forced = cli("apply", single, "--yes", "--force")
    assert forced.code == 0, forced.err


def test_saved_plan_is_refused_when_live_state_moved(
    cli: Cli, project: Project, tmp_path: Path
) -> None:
    single = project("single")
    assert cli("apply", single, "--yes").code == 0
    edit(single / "config" / "groups.yaml", "description: first", "description: one")
    plan_file = tmp_path / "plan.json"
    assert cli("plan", single, "--out", plan_file).code == 2
    edit(single / "config" / "groups.yaml", "description: second", "description: two")
    assert cli("apply", single, "--yes").code == 0  # someone else changed the helpdesk
    stale = cli("apply", single, "--plan", plan_file, "--yes")
    assert stale.code == 1
    assert "groups 'Alpha' changed" in stale.err
    assert "groups 'Beta' changed" in stale.err


def test_saved_plan_applies_exactly_when_nothing_moved(
    cli: Cli, project: Project, tmp_path: Path
) -> None:
    single = project("single")
    assert cli("apply", single, "--yes").code == 0
    edit(single / "config" / "groups.yaml", "description: first", "description: one")
    plan_file = tmp_path / "plan.json"
    assert cli("plan", single, "--out", plan_file).code == 2
    assert cli("apply", single, "--plan", plan_file, "--yes").code == 0
    assert cli("plan", single).code == 0


def test_one_failing_instance_leaves_others_applied_and_exits_3(cli: Cli, project: Project) -> None:
    fleet = project("fleet")
    edit(
        fleet / "helpctl.yaml",
        "    vars: {market: South}\n",
        '    vars: {market: South}\n    faults: "500:1.0"\n',
    )
    result = cli("apply", fleet, "--all", "--yes", "--json")
    assert result.code == 3
    outcomes = {row["instance"]: row["outcome"] for row in result.json()["instances"]}
    assert outcomes == {"north": "applied", "south": "error", "east": "applied"}
    assert cli("plan", fleet, "-i", "north", "-i", "east").code == 0
