"""Per-field comparison: only what the config sets counts, Zendesk's defaults fill the gaps."""

from __future__ import annotations

from helpctl.plan.field_diff import field_diffs, same_value
from helpctl.resources import KINDS


def test_keys_the_config_does_not_set_are_not_compared() -> None:
    assert field_diffs({"name": "A"}, {"name": "A", "id": 7, "url": "x"}, {}) == []


def test_nested_maps_compare_only_the_keys_the_config_sets() -> None:
    assert same_value({"all": [{"field": "status"}]}, {"all": [{"field": "status", "id": 1}]})


def test_list_order_and_length_are_significant() -> None:
    assert not same_value(["a", "b"], ["b", "a"])
    assert not same_value(["a"], ["a", "b"])


def test_blank_values_match_a_missing_live_value() -> None:
    for blank in (None, False, "", [], {}):
        assert same_value(blank, None)
    assert not same_value(True, None)


def test_numbers_compare_by_value_but_booleans_are_not_numbers() -> None:
    assert same_value(1, 1.0)
    assert not same_value(True, 1)
    assert not same_value(0, False)


def test_a_missing_live_key_takes_zendesks_default() -> None:
    assert field_diffs({"active": True}, {}, {"active": True}) == []
    [diff] = field_diffs({"active": False}, {}, {"active": True})
    assert (diff.path, diff.old, diff.new) == ("active", True, False)


def test_renamed_from_is_never_compared() -> None:
    never = KINDS["groups"].never_compared
    assert "renamed_from" in never
    assert field_diffs({"renamed_from": ["Old"]}, {}, {}, never) == []
    # without the kind's list, the same key would be a change
    assert field_diffs({"renamed_from": ["Old"]}, {}, {}) != []
