"""How a reorder of managed objects lands among the objects the config does not list."""

from __future__ import annotations

from helpctl.zendesk.live import fill_slots


def test_listed_objects_take_the_places_they_held_and_unlisted_ones_stay_put() -> None:
    assert fill_slots([1, 2, 3, 4, 5], [4, 2]) == [1, 4, 3, 2, 5]


def test_listed_objects_not_yet_live_go_to_the_end() -> None:
    assert fill_slots([1, 2, 3], [3, 9, 1]) == [3, 2, 1, 9]


def test_ids_compare_as_text_so_string_and_number_ids_match() -> None:
    assert fill_slots(["10", "11"], [11, 10]) == [11, 10]
