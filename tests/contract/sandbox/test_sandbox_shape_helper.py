"""The fidelity comparison itself: what it accepts and what it reports."""

from __future__ import annotations

from typing import Any


def test_missing_keys_and_other_types_are_reported(shape: Any) -> None:
    recorded = {"id": 1, "name": "x", "tags": ["a"], "default": False}
    actual = {"id": "1", "tags": [1], "default": False}
    assert shape(recorded, actual) == [
        "$.id: recorded number, sandbox string",
        "$.name: missing",
        "$.tags[]: recorded string, sandbox number",
    ]


def test_recorded_null_is_strict_unless_loose(shape: Any) -> None:
    assert shape({"logo": None}, {"logo": {"id": 1}}) == ["$.logo: recorded null, sandbox object"]
    assert shape({"logo": None}, {"logo": {"id": 1}}, frozenset({"$.logo"})) == []


def test_list_items_are_compared_with_the_item_of_the_same_type(shape: Any) -> None:
    recorded = {"fields": [{"type": "tagger", "custom_field_options": []}]}
    actual = {"fields": [{"type": "subject"}, {"type": "tagger", "custom_field_options": []}]}
    assert shape(recorded, actual) == []


def test_extra_keys_in_the_sandbox_reply_are_fine(shape: Any) -> None:
    assert shape({"id": 1}, {"id": 2, "url": "u"}) == []
