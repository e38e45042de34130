"""Safety: thresholds that --force overrides, and refusals it does not."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from helpctl.config.project import SafetyConfig
from helpctl.errors import PlanError
from helpctl.plan import Change, InstancePlan, check_plan, diff
from helpctl.resources import KINDS
from helpctl.resources.state import State

Case = Callable[[str], tuple[State, State]]
STRICT = SafetyConfig(max_update_pct=30, max_delete_pct=30, min_existing=10)


def _plan(case: Case, name: str, owned: dict[str, str]) -> tuple[InstancePlan, State]:
    desired, live = case(name)
    return diff(desired, live, kinds=KINDS, ownership=owned, prune=True), live


def test_safety_refuses_updates_and_deletes_above_thresholds_naming_counts(case: Case) -> None:
    plan, live = _plan(case, "thresholds", {"groups": "all"})
    with pytest.raises(PlanError) as err:
        check_plan(plan, live, kinds=KINDS, safety=STRICT)
    text = str(err.value)
    assert "[test]" in text
    assert "groups: 4 of 10 existing would be updated (40% > max_update_pct 30%)" in text
    assert "groups: 4 of 10 existing would be deleted (40% > max_delete_pct 30%)" in text
    assert "--force" in err.value.hint


def test_safety_force_accepts_changes_above_thresholds(case: Case) -> None:
    plan, live = _plan(case, "thresholds", {"groups": "all"})
    check_plan(plan, live, kinds=KINDS, safety=STRICT, force=True)


def test_safety_ignores_thresholds_below_min_existing(case: Case) -> None:
    plan, live = _plan(case, "thresholds", {"groups": "all"})
    check_plan(plan, live, kinds=KINDS, safety=SafetyConfig(min_existing=11))


def test_safety_refuses_deleting_field_used_by_live_form_even_with_force(case: Case) -> None:
    plan, live = _plan(case, "in_use", {"ticket_fields": "all"})
    with pytest.raises(PlanError) as err:
        check_plan(plan, live, kinds=KINDS, safety=STRICT, force=True)
    assert (
        "cannot delete ticket_fields 'Order number': still used by ticket_forms 'Contact us'"
        in (str(err.value))
    )


def test_safety_refuses_removing_option_used_by_live_trigger_even_with_force(case: Case) -> None:
    plan, live = _plan(case, "in_use", {"ticket_fields": "all"})
    with pytest.raises(PlanError) as err:
        check_plan(plan, live, kinds=KINDS, safety=STRICT, force=True)
    assert (
        "cannot remove option 'reason_refund' from ticket_fields 'Contact reason': "
        "still used by triggers 'Route refunds' (conditions.all[0].value)"
    ) in str(err.value)


def test_safety_allows_deleting_a_field_once_the_plan_also_stops_using_it(case: Case) -> None:
    desired, live = case("in_use")
    desired.add(live.of("ticket_forms")[0])
    desired.of("ticket_forms")[0].attrs = {"name": "Contact us", "fields": ["Subject"]}
    desired.add(live.of("triggers")[0])
    desired.get("ticket_fields", "Contact reason").attrs["options"].append(  # type: ignore[union-attr]
        {"name": "Refund", "value": "reason_refund"}
    )
    plan = diff(desired, live, kinds=KINDS, ownership={"ticket_fields": "all"}, prune=True)
    assert ("delete", "Order number") in [(c.action, c.key) for c in plan.changes]
    check_plan(plan, live, kinds=KINDS, safety=STRICT)


def test_safety_refuses_deleting_a_system_object_even_with_force(case: Case) -> None:
    _, live = case("in_use")
    subject = live.get("ticket_fields", "Subject")
    plan = InstancePlan(
        "test",
        [Change("delete", "ticket_fields", "Subject", live=subject)],
        kinds=["ticket_fields"],
    )
    with pytest.raises(PlanError, match="system object"):
        check_plan(plan, live, kinds=KINDS, safety=STRICT, force=True)


def test_safety_refuses_changing_a_ticket_field_type_even_with_force(case: Case) -> None:
    plan, live = _plan(case, "type_change", {})
    assert [d.path for d in plan.changes[0].diffs] == ["type"]
    with pytest.raises(PlanError, match=r"type cannot change \('text' → 'integer'\)"):
        check_plan(plan, live, kinds=KINDS, safety=STRICT, force=True)


def test_safety_refuses_deleting_dynamic_content_whose_placeholder_a_trigger_uses(
    case: Case,
) -> None:
    plan, live = _plan(case, "dc_in_use", {"dynamic_content": "all"})
    assert [(c.action, c.key) for c in plan.changes] == [("delete", "Refund issued")]
    with pytest.raises(
        PlanError, match="cannot delete dynamic_content 'Refund issued': still used"
    ):
        check_plan(plan, live, kinds=KINDS, safety=STRICT, force=True)


def test_safety_refuses_a_saved_plan_deleting_an_external_object_even_with_force(
    case: Case,
) -> None:
    _, live = case("prune")
    hand_made = live.get("groups", "Hand made")
    plan = InstancePlan(
        "test", [Change("delete", "groups", "Hand made", live=hand_made)], kinds=["groups"]
    )
    with pytest.raises(PlanError, match="groups 'Hand made' is declared external"):
        check_plan(
            plan,
            live,
            kinds=KINDS,
            safety=STRICT,
            external={"groups": ["Hand made"]},
            force=True,
        )
