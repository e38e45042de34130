"""Refusals end to end: unsafe plans, stale saved plans, and failures that spare other instances."""

from __future__ import annotations

from pathlib import Path

from fleet_helpers import Cli, Project, edit


def test_unsafe_plan_is_refused_without_force(cli: Cli, project: Project) -> None:
    single = project("single")
    assert cli("apply", single, "--yes").exit_code == 0
    groups = single / "config" / "groups.yaml"
    for word in ("first", "second"):
        edit(groups, f"description: {word}", f"description: {word} (changed)")
    refused = cli("apply", single, "--yes", "--json")
    assert refused.exit_code == 1
    row = refused.json()["instances"][0]
    assert row["outcome"] == "error"
    assert "groups: 2 of 4 existing would be updated" in row["error"]["message"]
    forced = cli("apply", single, "--yes", "--force")
    assert forced.exit_code == 0, forced.stderr


def test_saved_plan_is_refused_when_live_state_moved(
    cli: Cli, project: Project, tmp_path: Path
) -> None:
    single = project("single")
    assert cli("apply", single, "--yes").exit_code == 0
    edit(single / "config" / "groups.yaml", "description: first", "description: one")
    plan_file = tmp_path / "plan.json"
    assert cli("plan", single, "--out", plan_file).exit_code == 2
    edit(single / "config" / "groups.yaml", "description: second", "description: two")
    # someone else changes the helpdesk meanwhile
    assert cli("apply", single, "--yes", "--force").exit_code == 0
    stale = cli("apply", single, "--plan", plan_file, "--yes")
    assert stale.exit_code == 1
    assert "groups 'Alpha' changed" in stale.stdout
    assert "groups 'Beta' changed" in stale.stdout


def test_saved_plan_applies_exactly_when_nothing_moved(
    cli: Cli, project: Project, tmp_path: Path
) -> None:
    single = project("single")
    assert cli("apply", single, "--yes").exit_code == 0
    edit(single / "config" / "groups.yaml", "description: first", "description: one")
    plan_file = tmp_path / "plan.json"
    assert cli("plan", single, "--out", plan_file).exit_code == 2
    assert cli("apply", single, "--plan", plan_file, "--yes").exit_code == 0
    assert cli("plan", single).exit_code == 0


def test_failures_are_listed_other_objects_and_instances_applied_exit_3(
    cli: Cli, project: Project
) -> None:
    partial = project("partial")
    result = cli("apply", partial, "--all", "--yes", "--json")
    assert result.exit_code == 3
    rows = {row["instance"]: row for row in result.json()["instances"]}
    assert {name: row["outcome"] for name, row in rows.items()} == {
        "fine": "applied",
        "broken": "partial",
        "invalid": "error",
    }
    [failure] = rows["broken"]["failures"]
    assert failure.startswith("create brands 'Copy of main'")
    assert rows["broken"]["created"] == 3
    assert cli("plan", partial, "-i", "fine").exit_code == 0


def test_pruning_a_field_or_option_a_live_trigger_uses_is_refused_even_with_force(
    cli: Cli, project: Project
) -> None:
    inuse = project("inuse")
    assert cli("apply", inuse, "--yes").exit_code == 0
    support = inuse / "config" / "support.yaml"
    text = support.read_text()
    kept = text[: text.index("triggers:")]  # the trigger stays live, unmanaged
    kept = kept.replace("  - title: Order number\n    type: text\n", "")
    support.write_text(kept.replace("      - {name: Refund, value: reason_refund}\n", ""))
    refused = cli("apply", inuse, "--yes", "--prune", "--force", "--json")
    assert refused.exit_code == 1
    message = refused.json()["instances"][0]["error"]["message"]
    assert "cannot delete ticket_fields 'Order number': still used by triggers 'Tag orders'" in (
        message
    )
    assert "cannot remove option 'reason_refund' from ticket_fields 'Contact reason'" in message


def test_plan_of_an_invalid_instance_lists_its_problems_with_file_and_line(
    cli: Cli, project: Project
) -> None:
    result = cli("plan", project("partial"), "-i", "invalid", "-i", "fine")
    assert result.exit_code == 1
    assert "bad/macros.yaml:4" in result.stdout
    assert "ref_unknown_group" in result.stdout
    assert "== fine: 3 to create" in result.stdout  # the valid instance is still planned
