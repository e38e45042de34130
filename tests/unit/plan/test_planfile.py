"""Saved plans: what goes into plan.json, and the refusal when live state moved."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from helpctl.errors import PlanError
from helpctl.plan import diff
from helpctl.plan.savefile import check_fresh, load, plan_document, save
from helpctl.resources import KINDS
from helpctl.resources.state import Resource, State

Case = Callable[[str], tuple[State, State]]


def _saved(case: Case, tmp_path: Path) -> tuple[Path, State]:
    desired, live = case("changes")
    plan = diff(desired, live, kinds=KINDS)
    path = tmp_path / "plan.json"
    save(path, plan_document([plan], {"test": live}, Path("/projects/acme")))
    return path, live


def test_saved_plan_reads_back_the_same_changes(case: Case, tmp_path: Path) -> None:
    desired, live = case("changes")
    plan = diff(desired, live, kinds=KINDS)
    path, _ = _saved(case, tmp_path)
    [saved] = load(path)
    assert saved.plan.instance == "test"
    assert saved.plan.live_checksum == plan.live_checksum
    assert [(c.action, c.kind, c.key, c.diffs) for c in saved.plan.changes] == [
        (c.action, c.kind, c.key, c.diffs) for c in plan.changes
    ]
    update = next(c for c in saved.plan.changes if c.action == "update")
    assert update.live is not None and update.live.live_id is not None


def test_saved_plan_records_version_project_and_checksum(case: Case, tmp_path: Path) -> None:
    path, live = _saved(case, tmp_path)
    doc = json.loads(path.read_text())
    assert doc["format"] == "helpctl-plan/1"
    assert doc["helpctl_version"]
    assert doc["project"] == "/projects/acme"
    assert doc["instances"][0]["live_checksum"] == live.checksum(list(KINDS))


def test_saved_plan_applies_when_live_state_did_not_move(case: Case, tmp_path: Path) -> None:
    path, live = _saved(case, tmp_path)
    [saved] = load(path)
    check_fresh(saved, live, path)


def test_saved_plan_refuses_naming_the_objects_that_moved(case: Case, tmp_path: Path) -> None:
    path, live = _saved(case, tmp_path)
    live.get("triggers", "Route payments").attrs["active"] = False  # type: ignore[union-attr]
    live.add(Resource("groups", "Night shift", {"name": "Night shift"}, live_id=99))
    [saved] = load(path)
    with pytest.raises(PlanError) as err:
        check_fresh(saved, live, path)
    assert "triggers 'Route payments' changed" in str(err.value)
    assert "groups 'Night shift' appeared" in str(err.value)
    assert "plan --out" in err.value.hint


def test_loading_a_file_that_is_not_a_plan_is_refused_with_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text('{"hello": 1}')
    with pytest.raises(PlanError, match="not a helpctl plan file"):
        load(path)
