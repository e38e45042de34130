"""Human rendering of plans: one block per instance, old/new lines, plain text off a terminal."""

from __future__ import annotations

from collections.abc import Callable

from helpctl.cli.render_plan import render_plan, render_plan_summary
from helpctl.plan import diff
from helpctl.resources import KINDS
from helpctl.resources.state import State

Case = Callable[[str], tuple[State, State]]


def test_rendered_plan_shows_each_change_with_old_and_new_values(case: Case) -> None:
    desired, live = case("changes")
    text = render_plan(diff(desired, live, kinds=KINDS))
    assert text.splitlines()[0] == "== test: 2 to create, 2 to update"
    assert "  + create groups 'Tier 2'" in text
    assert "  ~ update triggers 'Route payments'" in text
    # the one action that changes, by its field, not the whole list
    assert "        - actions[field=group_id].value: Tier 1" in text
    assert "        + actions[field=group_id].value: Tier 2" in text
    # a create shows what it creates
    assert "        + name: Tier 2" in text


def test_rendered_plan_has_no_colour_codes_when_stdout_is_not_a_terminal(case: Case) -> None:
    desired, live = case("changes")
    assert "\x1b[" not in render_plan(diff(desired, live, kinds=KINDS))


def test_rendered_rename_names_the_old_identity(case: Case) -> None:
    desired, live = case("rename")
    text = render_plan(diff(desired, live, kinds=KINDS))
    assert "~ update triggers 'Notify requester (new)' (was 'Notify requester')" in text


def test_plan_summary_is_a_table_with_one_row_per_instance() -> None:
    rows = [
        {"instance": "latam", "counts": {"create": 2, "update": 0}, "status": "changes"},
        {"instance": "emea", "counts": {}, "status": "error"},
    ]
    lines = render_plan_summary(rows).splitlines()
    assert lines[0].split() == ["instance", "create", "update", "delete", "reorder", "status"]
    assert lines[2].split() == ["latam", "2", "0", "changes"]
    assert lines[3].split() == ["emea", "error"]
