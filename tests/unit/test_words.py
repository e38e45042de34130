"""Counts in words: "1 agent", never "1 agents"."""

from __future__ import annotations

import pytest

from helpctl.words import plural


@pytest.mark.parametrize(
    ("count", "expected"), [(0, "0 agents"), (1, "1 agent"), (2, "2 agents"), (-1, "-1 agents")]
)
def test_plural(count: int, expected: str) -> None:
    assert plural(count, "agent") == expected


def test_irregular_plural() -> None:
    assert plural(1, "match", "matches") == "1 match"
    assert plural(3, "match", "matches") == "3 matches"
