"""Apply under injected faults, and idempotency as a property over generated projects."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml
from fleet_helpers import Cli, Project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


def test_apply_under_faults_reaches_the_same_state_without_duplicates(
    cli: Cli, project: Project
) -> None:
    faults = project("faults")
    applied = cli("apply", faults, "--all", "--yes")
    assert applied.exit_code == 0, applied.stdout + applied.stderr
    same = cli("diff", faults, "clean", "faulty", "--json")
    assert same.exit_code == 0, same.stdout
    assert same.json()["same"] is True
    again = cli("plan", faults, "--all", "--json")
    assert again.exit_code == 0, again.stdout


NAMES = st.from_regex(r"[A-Z][a-z]{2,7}( [A-Z][a-z]{2,7})?", fullmatch=True)
VALUES = st.from_regex(r"[a-z]{3,8}", fullmatch=True)


@st.composite
def configs(draw: st.DrawFn) -> dict[str, Any]:
    """A small valid config: groups, a dropdown, triggers routing options to groups, macros."""
    groups = draw(st.lists(NAMES, min_size=1, max_size=4, unique=True))
    values = draw(st.lists(VALUES, min_size=1, max_size=5, unique=True))
    options = [{"name": v.title(), "value": f"reason_{v}"} for v in values]
    categories = draw(st.lists(NAMES, min_size=1, max_size=2, unique=True))
    triggers = [
        {
            "title": f"Route {opt['value']}",
            "category": draw(st.sampled_from(categories)),
            "active": draw(st.booleans()),
            "conditions": {
                "all": [
                    {"field": "update_type", "operator": "is", "value": "Create"},
                    {"field": "custom_fields.Reason", "operator": "is", "value": opt["value"]},
                ]
            },
            "actions": [{"field": "group_id", "value": draw(st.sampled_from(groups))}],
        }
        for opt in draw(st.lists(st.sampled_from(options), max_size=4, unique_by=str))
    ]
    macros = [
        {
            "title": f"Assign to {g}",
            "actions": [{"field": "group_id", "value": g}, {"field": "status", "value": "open"}],
        }
        for g in groups[: draw(st.integers(0, len(groups)))]
    ]
    return {
        "groups": [{"name": g} for g in groups],
        "ticket_fields": [{"title": "Reason", "type": "tagger", "options": options}],
        "trigger_categories": [{"name": c} for c in categories],
        "triggers": triggers,
        "macros": macros,
    }


@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))
@given(config=configs())
def test_apply_then_plan_is_empty_for_generated_projects(cli: Cli, config: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "config.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
        project_doc = {"version": 1, "instances": {"gen": {"include": ["config.yaml"]}}}
        (root / "helpctl.yaml").write_text(yaml.safe_dump(project_doc))
        applied = cli("apply", root, "--yes")
        assert applied.exit_code == 0, applied.stdout + applied.stderr
        planned = cli("plan", root, "--json")
        assert planned.exit_code == 0, planned.stdout
