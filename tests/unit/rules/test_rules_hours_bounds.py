"""Automation time conditions compare the elapsed time with precomputed bounds; they must
agree with counting whole hours elapsed (reference part 2 §8) on every side of each bound."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from helpctl.rules.context import Context
from helpctl.rules.directory import Directory
from helpctl.rules.model import Ticket
from helpctl.rules.operators import _hours_slow, hours_check

NOW = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
OFFSETS = [timedelta(hours=h, seconds=s) for h in range(-3, 8) for s in (-1, 0, 1, 1799, 3599)]


def _ctx() -> Context:
    return Context(Ticket(), Directory(), NOW)


@pytest.mark.parametrize("operator", ["is", "less_than", "greater_than"])
@pytest.mark.parametrize("hours", [-2, -0.5, 0, 0.5, 1, 2, 2.5, 4, 5.0, "3", float("inf"), 1e15])
@pytest.mark.parametrize("until", [False, True])
def test_bounds_agree_with_whole_hours_elapsed(operator: str, hours: Any, until: bool) -> None:
    ctx = _ctx()
    for offset in [*OFFSETS, None]:
        stamp = None if offset is None else (NOW + offset if until else NOW - offset)
        fast = hours_check(operator, lambda _, s=stamp: s, hours, until=until)
        slow = _hours_slow(operator, lambda _, s=stamp: s, float(hours), until)
        assert fast(ctx) == slow(ctx), (operator, hours, offset)


def test_solved_more_than_96_hours_holds_from_the_97th_hour() -> None:
    ctx = _ctx()
    check = hours_check("greater_than", lambda c: c.now - timedelta(hours=97), "96")
    assert check(ctx)
    check = hours_check("greater_than", lambda c: c.now - timedelta(hours=97, seconds=-1), "96")
    assert not check(ctx)
