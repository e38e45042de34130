"""The per-minute request budget on a fake clock."""

from __future__ import annotations

from helpctl.sandbox.ratelimit import UNLIMITED, RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_budget_is_spent_then_refused_until_the_window_ends() -> None:
    clock = Clock()
    limiter = RateLimiter(3, clock)
    assert [limiter.take().remaining for _ in range(3)] == [2, 1, 0]
    clock.now += 20
    refused = limiter.take()
    assert not refused.allowed
    assert refused.reset == 40
    assert refused.headers()["retry-after"] == "40"
    clock.now += 40
    assert limiter.take().allowed


def test_no_limit_never_refuses_and_reports_a_large_budget() -> None:
    limiter = RateLimiter(None, Clock())
    verdicts = [limiter.take() for _ in range(500)]
    assert all(v.allowed for v in verdicts)
    assert verdicts[0].headers()["x-rate-limit"] == str(UNLIMITED)


def test_changing_the_limit_starts_a_fresh_window() -> None:
    limiter = RateLimiter(1, Clock())
    limiter.take()
    limiter.set_limit(2)
    assert [limiter.take().allowed for _ in range(3)] == [True, True, False]
