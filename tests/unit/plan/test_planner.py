"""The planner: desired vs live → ordered changes (specifications as tests)."""

from __future__ import annotations

from collections.abc import Callable

from helpctl.plan import diff
from helpctl.plan.model import MARKER_PATH
from helpctl.resources import KINDS
from helpctl.resources.state import State

Case = Callable[[str], tuple[State, State]]


def _steps(plan_changes: list[object]) -> list[tuple[str, str, str]]:
    return [(c.action, c.kind, c.key) for c in plan_changes]  # type: ignore[attr-defined]


def test_plan_is_empty_when_live_has_what_config_sets_plus_server_only_keys(case: Case) -> None:
    desired, live = case("in_sync")
    plan = diff(desired, live, kinds=KINDS)
    assert plan.empty, _steps(plan.changes)


def test_plan_treats_missing_live_key_as_zendesk_default(case: Case) -> None:
    desired, live = case("defaults")
    assert diff(desired, live, kinds=KINDS).empty


def test_plan_creates_missing_and_updates_changed_objects_in_dependency_order(case: Case) -> None:
    desired, live = case("changes")
    plan = diff(desired, live, kinds=KINDS)
    assert _steps(plan.changes) == [
        ("create", "groups", "Tier 2"),
        ("update", "ticket_fields", "Contact reason"),
        ("create", "ticket_forms", "Contact us"),
        ("update", "triggers", "Route payments"),
    ]


def test_plan_update_lists_only_the_changed_keys_with_old_and_new(case: Case) -> None:
    desired, live = case("changes")
    trigger = next(c for c in diff(desired, live, kinds=KINDS).changes if c.kind == "triggers")
    assert [d.path for d in trigger.diffs] == ["actions"]
    assert trigger.diffs[0].old == [{"field": "group_id", "value": "Tier 1"}]
    assert trigger.diffs[0].new == [{"field": "group_id", "value": "Tier 2"}]


def test_plan_treats_option_order_as_an_update_of_the_field(case: Case) -> None:
    desired, live = case("changes")
    field = next(c for c in diff(desired, live, kinds=KINDS).changes if c.kind == "ticket_fields")
    assert field.action == "update"
    assert [d.path for d in field.diffs] == ["options"]


def test_plan_renamed_from_updates_in_place_with_identity_diff(case: Case) -> None:
    desired, live = case("rename")
    plan = diff(desired, live, kinds=KINDS, ownership={"triggers": "all"}, prune=True)
    assert _steps(plan.changes) == [("update", "triggers", "Notify requester (new)")]
    change = plan.changes[0]
    assert change.live is not None and change.live.live_id == 5
    assert [(d.path, d.old, d.new) for d in change.diffs] == [
        ("title", "Notify requester", "Notify requester (new)")
    ]


def test_plan_never_deletes_without_prune(case: Case) -> None:
    desired, live = case("prune")
    owned = {"groups": "all", "triggers": "all", "trigger_categories": "all"}
    plan = diff(desired, live, kinds=KINDS, ownership=owned, prune=False)
    assert not [c for c in plan.changes if c.action == "delete"]


def test_plan_deletes_only_kinds_the_instance_manages(case: Case) -> None:
    desired, live = case("prune")
    plan = diff(desired, live, kinds=KINDS, ownership={"groups": "all"}, prune=True)
    assert _steps(plan.changes) == [
        ("delete", "groups", "Hand made"),
        ("delete", "groups", "Old team"),
    ]


def test_plan_with_tagged_ownership_deletes_only_objects_helpctl_marked(case: Case) -> None:
    desired, live = case("prune")
    plan = diff(desired, live, kinds=KINDS, ownership={"groups": "tagged"}, prune=True)
    # Tier 1 is declared but its marker is gone: the plan puts it back (see the next test)
    assert _steps(plan.changes) == [
        ("update", "groups", "Tier 1"),
        ("delete", "groups", "Old team"),
    ]


def test_plan_restores_a_marker_removed_by_hand_where_prune_goes_by_marker(case: Case) -> None:
    desired, live = case("prune")
    tagged = diff(desired, live, kinds=KINDS, ownership={"groups": "tagged"})
    [restore] = tagged.changes
    assert (restore.action, restore.key, restore.restores_marker) == ("update", "Tier 1", True)
    assert [(d.path, d.new) for d in restore.diffs] == [(MARKER_PATH, "restored")]
    # with `all` (or `none`) the marker decides nothing: no change for it
    assert diff(desired, live, kinds=KINDS, ownership={"groups": "all"}).empty
    # a kind without a marker field (trigger categories) never gets one
    categories = diff(desired, live, kinds=KINDS, ownership={"trigger_categories": "tagged"})
    assert categories.empty


def test_plan_never_deletes_system_objects(case: Case) -> None:
    desired, live = case("prune")
    plan = diff(desired, live, kinds=KINDS, ownership={"ticket_fields": "all"}, prune=True)
    assert not [c for c in plan.changes if c.kind == "ticket_fields"]


def test_plan_deletes_last_in_reverse_dependency_order(case: Case) -> None:
    desired, live = case("prune")
    owned = {"groups": "tagged", "triggers": "all", "trigger_categories": "all"}
    plan = diff(desired, live, kinds=KINDS, ownership=owned, prune=True)
    deletes = [c for c in plan.changes if c.action == "delete"]
    assert _steps(deletes) == [
        ("delete", "triggers", "Retired rule"),
        ("delete", "trigger_categories", "Retired"),
        ("delete", "groups", "Old team"),
    ]


def test_plan_reorders_triggers_within_their_category_ignoring_unmanaged_ones(case: Case) -> None:
    desired, live = case("reorder")
    reorders = [c for c in diff(desired, live, kinds=KINDS).changes if c.action == "reorder"]
    assert [(c.kind, c.scope, c.order) for c in reorders] == [
        ("triggers", "category Routing", ["B", "A"]),
        ("triggers", "category Notifications", ["New first", "N1", "N2"]),
    ]


def test_plan_reorders_after_creating_the_objects_it_places(case: Case) -> None:
    desired, live = case("reorder")
    steps = _steps(diff(desired, live, kinds=KINDS).changes)
    assert steps.index(("create", "triggers", "New first")) < steps.index(
        ("reorder", "triggers", "Notifications")
    )


def test_plan_appending_a_trigger_at_the_end_needs_no_reorder(case: Case) -> None:
    desired, live = case("append")
    assert _steps(diff(desired, live, kinds=KINDS).changes) == [("create", "triggers", "N3")]


def test_plan_records_the_checksum_of_the_live_state_it_was_built_from(case: Case) -> None:
    desired, live = case("changes")
    plan = diff(desired, live, kinds=KINDS)
    assert plan.live_checksum == live.checksum(list(KINDS))
    assert plan.kinds == list(KINDS)


def test_plan_matched_by_provider_alias_key_is_not_a_rename(case: Case) -> None:
    desired, live = case("alias")
    assert diff(desired, live, kinds=KINDS).empty


def test_prune_never_deletes_objects_declared_external(case: Case) -> None:
    desired, live = case("prune")
    plan = diff(
        desired,
        live,
        kinds=KINDS,
        ownership={"groups": "all"},
        external={"groups": ["Hand made"]},
        prune=True,
    )
    assert _steps(plan.changes) == [("delete", "groups", "Old team")]


def test_prune_spares_an_external_object_even_when_helpctl_tagged_it(case: Case) -> None:
    desired, live = case("prune")
    owned = {"groups": "tagged", "triggers": "all", "trigger_categories": "all"}
    external = {"groups": ["Old team"], "trigger_categories": ["Retired"]}
    plan = diff(desired, live, kinds=KINDS, ownership=owned, external=external, prune=True)
    deletes = [c for c in plan.changes if c.action == "delete"]
    assert _steps(deletes) == [("delete", "triggers", "Retired rule")]


def test_plan_never_touches_an_external_object_even_when_the_config_defines_it(
    case: Case,
) -> None:
    desired, live = case("external")
    external = {"groups": ["Tier 1", "Partners"]}
    plan = diff(desired, live, kinds=KINDS, ownership={"groups": "all"}, external=external)
    assert _steps(plan.changes) == [("create", "groups", "Billing")]
