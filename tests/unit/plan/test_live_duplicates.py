"""``live_duplicate_identity``: a config object whose title two live objects share (two runs
raced to create it) is a refusal naming both ids, unless the config names each apart."""

from __future__ import annotations

from helpctl.plan.safety import live_duplicates
from helpctl.resources import KINDS
from helpctl.resources.state import Resource, State


def _group(key: str, name: str, live_id: int | None = None) -> Resource:
    return Resource("groups", key, {"name": name}, live_id=live_id)


def test_two_live_objects_sharing_a_configured_name_are_reported_with_both_ids() -> None:
    desired = State("acme", {"groups": [_group("Tier 1", "Tier 1")]})
    live = State(
        "acme",
        {"groups": [_group("Tier 1", "Tier 1", 10), _group("Tier 1 (#12)", "Tier 1", 12)]},
    )

    (line,) = live_duplicates(desired, live, KINDS)

    assert line.startswith("live_duplicate_identity: groups 'Tier 1'")
    assert "ids 10, 12" in line and "delete or rename all but one" in line


def test_duplicates_the_config_does_not_name_or_names_apart_are_not_reported() -> None:
    live = State(
        "acme",
        {"groups": [_group("Tier 1", "Tier 1", 10), _group("Tier 1 (#12)", "Tier 1", 12)]},
    )
    unrelated = State("acme", {"groups": [_group("Tier 2", "Tier 2")]})
    apart = State(
        "acme", {"groups": [_group("Tier 1", "Tier 1"), _group("Tier 1 (#12)", "Tier 1")]}
    )

    assert live_duplicates(unrelated, live, KINDS) == []
    assert live_duplicates(apart, live, KINDS) == []
