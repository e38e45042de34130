"""`external:` protects live objects from `--prune`, even where the instance manages the kind."""

from __future__ import annotations

from typing import Any

from fleet_helpers import Cli, Project, edit


def _steps(doc: dict[str, Any]) -> list[tuple[str, str, str]]:
    (row,) = doc["instances"]
    return [(c["action"], c["kind"], c["key"]) for c in row.get("changes", [])]


def test_plan_prune_leaves_a_live_group_declared_external_alone(cli: Cli, project: Project) -> None:
    proj = project("external")
    assert cli("apply", proj, "-i", "main", "--yes").exit_code == 0
    # someone else's group lands on the same account
    made = cli("apply", proj, "-i", "other", "--yes")
    assert made.exit_code == 0, made.stderr + made.stdout
    planned = cli("plan", proj, "-i", "main", "--prune", "--json")
    assert planned.exit_code == 0, planned.stderr + planned.stdout
    assert _steps(planned.json()) == []
    applied = cli("apply", proj, "-i", "main", "--prune", "--yes")
    assert applied.exit_code == 0, applied.stderr + applied.stdout
    # the group is still live: its own project has nothing to create
    assert _steps(cli("plan", proj, "-i", "other", "--json").json()) == []


def test_plan_prune_deletes_the_same_group_once_it_is_no_longer_external(
    cli: Cli, project: Project
) -> None:
    proj = project("external")
    assert cli("apply", proj, "-i", "main", "--yes").exit_code == 0
    assert cli("apply", proj, "-i", "other", "--yes").exit_code == 0
    edit(proj / "helpctl.yaml", "    external: {groups: [Escalations]}\n", "")
    planned = cli("plan", proj, "-i", "main", "--prune", "--json")
    assert _steps(planned.json()) == [("delete", "groups", "Escalations")]
