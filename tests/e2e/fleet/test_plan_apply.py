"""plan / apply against sandbox accounts: the main job, end to end."""

from __future__ import annotations

import re
from typing import Any

from fleet_helpers import Cli, Project, edit


def _changes(doc: dict[str, Any]) -> dict[str, list[tuple[str, str, str]]]:
    return {
        row["instance"]: [(c["action"], c["kind"], c["key"]) for c in row.get("changes", [])]
        for row in doc["instances"]
    }


def test_apply_quickstart_then_plan_reports_no_changes(cli: Cli, project: Project) -> None:
    qs = project("quickstart")
    first = cli("apply", qs, "--yes")
    assert first.exit_code == 0, first.stderr + first.stdout
    # progress, one line per change with its count against the plan: 1/N … N/N
    counts = re.findall(r"^\[sandbox\] \((\d+)/(\d+)\) ✓ ", first.stderr, re.M)
    (total,) = {int(of) for _, of in counts}
    assert sorted(int(n) for n, _ in counts) == list(range(1, total + 1))
    assert re.search(
        r"^\[sandbox\] \(\d+/\d+\) ✓ create triggers 'Auto-reply to new requests'$",
        first.stderr,
        re.M,
    )
    assert "applied" in first.stdout.splitlines()[-1]  # the summary table, last on stdout
    again = cli("plan", qs, "--json")
    assert again.exit_code == 0, again.stdout
    assert again.json()["instances"][0]["status"] == "no changes"


def test_plan_before_apply_exits_2_with_creates(cli: Cli, project: Project) -> None:
    qs = project("quickstart")
    result = cli("plan", qs, "--json")
    assert result.exit_code == 2
    actions = {c[0] for c in _changes(result.json())["sandbox"]}
    assert actions == {"create"}


def test_changing_overlay_trigger_plans_only_on_instances_that_include_it(
    cli: Cli, project: Project
) -> None:
    fleet = project("fleet")
    assert cli("apply", fleet, "--all", "--yes").exit_code == 0
    edit(fleet / "shared" / "overlay.yaml", "value: Tier 2", "value: Tier 1")
    result = cli("plan", fleet, "--all", "--json")
    assert result.exit_code == 2
    assert _changes(result.json()) == {
        "north": [("update", "triggers", "Route accounts")],
        "south": [("update", "triggers", "Route accounts")],
        "east": [],
    }


def test_rename_with_renamed_from_updates_in_place(cli: Cli, project: Project) -> None:
    fleet = project("fleet")
    assert cli("apply", fleet, "-i", "east", "--yes").exit_code == 0
    edit(
        fleet / "base" / "support.yaml",
        "  - title: Route payments\n",
        "  - title: Route payment questions\n    renamed_from: [Route payments]\n",
    )
    result = cli("plan", fleet, "-i", "east", "--prune", "--json")
    assert _changes(result.json()) == {"east": [("update", "triggers", "Route payment questions")]}
    assert cli("apply", fleet, "-i", "east", "--yes").exit_code == 0
    assert cli("plan", fleet, "-i", "east", "--json").exit_code == 0


def test_prune_deletes_only_kinds_the_instance_manages(cli: Cli, project: Project) -> None:
    fleet = project("fleet")
    assert cli("apply", fleet, "-i", "north", "-i", "east", "--yes").exit_code == 0
    edit(fleet / "base" / "support.yaml", "  - name: Tier 2\n", "")
    edit(fleet / "shared" / "overlay.yaml", "value: Tier 2", "value: Tier 1")
    support = fleet / "base" / "support.yaml"
    text = support.read_text()
    start, end = text.index("  - title: Route payments"), text.index("  - title: Route accounts")
    support.write_text(text[:start] + text[end:])
    north = cli("plan", fleet, "-i", "north", "--prune", "--json").json()
    east = cli("plan", fleet, "-i", "east", "--prune", "--json").json()
    # north manages triggers (all) and groups (tagged: helpctl created Tier 2, so it may go)
    assert _changes(north)["north"] == [
        ("update", "triggers", "Route accounts"),
        ("delete", "triggers", "Route payments"),
        ("delete", "groups", "Tier 2"),
    ]
    # east manages nothing: with --prune it still deletes nothing
    assert not [c for c in _changes(east)["east"] if c[0] == "delete"]
    no_prune = cli("plan", fleet, "-i", "north", "--json").json()
    assert not [c for c in _changes(no_prune)["north"] if c[0] == "delete"]


def test_apply_without_yes_and_without_terminal_refuses(cli: Cli, project: Project) -> None:
    qs = project("quickstart")
    result = cli("apply", qs)
    assert result.exit_code == 1
    assert "--yes" in result.stderr


def test_plan_with_several_instances_needs_a_choice(cli: Cli, project: Project) -> None:
    result = cli("plan", project("fleet"))
    assert result.exit_code == 1
    assert "--all" in result.stderr


def test_reordering_triggers_and_options_applies_and_converges(cli: Cli, project: Project) -> None:
    fleet = project("fleet")
    assert cli("apply", fleet, "-i", "east", "--yes").exit_code == 0
    support = fleet / "base" / "support.yaml"
    text = support.read_text()
    start, end = text.index("  - title: Route payments"), text.index("  - title: Route accounts")
    support.write_text(text[:start] + text[end:] + text[start:end])
    payment = "      - {name: Payment, value: reason_payment}\n"
    account = "      - {name: Account, value: reason_account}\n"
    edit(support, payment + account, account + payment)
    planned = cli("plan", fleet, "-i", "east", "--json")
    assert _changes(planned.json()) == {
        "east": [
            ("update", "ticket_fields", "Contact reason"),
            ("reorder", "triggers", "Routing"),
        ]
    }
    reorder = planned.json()["instances"][0]["changes"][1]
    assert reorder["order"] == ["Route accounts", "Route payments"]
    assert cli("apply", fleet, "-i", "east", "--yes").exit_code == 0
    assert cli("plan", fleet, "-i", "east").exit_code == 0
