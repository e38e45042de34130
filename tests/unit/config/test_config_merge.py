"""Overlays merge maps by key and replace lists; variables substitute into strings only."""

from __future__ import annotations

from helpctl.config.merge import overlay, substitute, substitute_attrs
from helpctl.config.yamlpos import PosDict, locations_of, parse_yaml


def _doc(text: str, name: str) -> PosDict:
    doc = parse_yaml(text, name)
    assert isinstance(doc, PosDict)
    return doc


def test_overlay_merges_maps_by_key_and_replaces_lists() -> None:
    base = _doc("title: T\nconditions: {all: [a, b], any: [c]}\nactions: [x, y]\n", "base.yaml")
    over = _doc("conditions: {any: []}\nactions: [z]\n", "over.yaml")
    merged = overlay(base, over)
    assert merged == {"title": "T", "conditions": {"all": ["a", "b"], "any": []}, "actions": ["z"]}
    assert base["actions"] == ["x", "y"], "inputs are shared between instances: never modified"


def test_overlaid_keys_point_at_the_overlay_file() -> None:
    base = _doc("title: T\nactions: [x]\n", "base.yaml")
    merged = overlay(base, _doc("actions: [z]\n", "markets/ar.yaml"))
    where = locations_of(merged)
    assert where["title"].file == "base.yaml"
    assert where["actions"].file == "markets/ar.yaml"


def test_variables_substitute_into_strings_and_escapes_stay_literal() -> None:
    doc = _doc('text: "Hi ${market} {{ticket.id}} {{dc.x}} $${raw}"\ncount: 3\n', "f.yaml")
    result, unknown = substitute(doc, {"market": "AR"})
    assert result == {"text": "Hi AR {{ticket.id}} {{dc.x}} ${raw}", "count": 3}
    assert unknown == []


def test_unknown_variables_are_returned_with_their_path_and_left_in_place() -> None:
    doc = _doc("actions:\n  - {value: 'to ${markt}'}\n", "f.yaml")
    result, unknown = substitute(doc, {"market": "AR"})
    assert result["actions"][0]["value"] == "to ${markt}"
    assert unknown == ["actions[0].value\0markt"]


def test_substituting_canonical_attrs_matches_the_tree_walk() -> None:
    attrs = {"title": "T ${m}", "actions": [{"value": ['a "${m}"', "\\ ${m}"]}]}
    fast, unknown = substitute_attrs(attrs, {"m": 'M "quoted" \\'})
    slow, _ = substitute(attrs, {"m": 'M "quoted" \\'})
    assert fast == slow
    assert unknown == []
    assert attrs["title"] == "T ${m}"


def test_substituting_attrs_with_an_unknown_variable_reports_its_path() -> None:
    _, unknown = substitute_attrs({"actions": [{"value": "${nope}"}]}, {})
    assert unknown == ["actions[0].value\0nope"]
