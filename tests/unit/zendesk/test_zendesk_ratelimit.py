"""The limiter on its own: bursts up to the budget, a sliding window, header corrections."""

from __future__ import annotations

import itertools
import threading

import pytest

from helpctl.zendesk.ratelimit import (
    GUARD,
    WINDOW,
    RateInfo,
    RateLimiter,
    parse_retry_after,
    read_rate_headers,
)


class Clock:
    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


def send(limiter: RateLimiter, clock: Clock) -> float:
    """Reserve, wait as told, and return the send time."""
    clock.now += limiter.reserve()
    return clock.now


def test_a_budget_allows_a_burst_of_exactly_the_budget() -> None:
    clock = Clock()
    limiter = RateLimiter(5, clock=clock)

    times = [send(limiter, clock) for _ in range(6)]

    assert times[:5] == [500.0] * 5
    assert times[5] == pytest.approx(500.0 + WINDOW + GUARD)


def test_without_a_budget_nothing_waits() -> None:
    clock = Clock()
    limiter = RateLimiter(None, clock=clock)

    assert [limiter.reserve() for _ in range(1000)] == [0.0] * 1000


def test_a_reported_limit_applies_to_requests_already_sent() -> None:
    clock = Clock()
    limiter = RateLimiter(None, clock=clock)
    for _ in range(3):
        send(limiter, clock)

    limiter.observe(RateInfo(limit=3, remaining=200))

    assert limiter.limit == 3
    assert limiter.reserve() == pytest.approx(WINDOW + GUARD)


def test_a_configured_budget_is_lowered_but_never_raised_by_the_server() -> None:
    limiter = RateLimiter(400, clock=Clock())

    limiter.observe(RateInfo(limit=2500))
    assert limiter.limit == 400
    limiter.observe(RateInfo(limit=200))
    assert limiter.limit == 200


def test_the_sandbox_unlimited_figure_does_not_become_a_budget() -> None:
    limiter = RateLimiter(None, clock=Clock())

    limiter.observe(RateInfo(limit=100_000, remaining=99_999))

    assert limiter.limit is None


def test_low_remaining_spreads_the_rest_of_the_window() -> None:
    clock = Clock()
    limiter = RateLimiter(100, clock=clock)

    limiter.observe(RateInfo(limit=100, remaining=4, reset=20))
    times = [send(limiter, clock) for _ in range(3)]

    assert [b - a for a, b in itertools.pairwise(times)] == [5.0, 5.0]


def test_nothing_remaining_waits_for_the_reset() -> None:
    clock = Clock()
    limiter = RateLimiter(100, clock=clock)

    limiter.observe(RateInfo(limit=100, remaining=0, reset=12))

    assert limiter.reserve() == 12


def test_plenty_remaining_stops_pacing() -> None:
    clock = Clock()
    limiter = RateLimiter(100, clock=clock)
    limiter.observe(RateInfo(limit=100, remaining=4, reset=20))

    limiter.observe(RateInfo(limit=100, remaining=90, reset=59))

    assert [limiter.reserve() for _ in range(3)] == [0.0, 0.0, 0.0]


def test_pause_holds_every_request_back() -> None:
    clock = Clock()
    limiter = RateLimiter(None, clock=clock)

    limiter.pause(2)

    assert limiter.reserve() == 2


@pytest.mark.parametrize(
    ("headers", "info"),
    [
        ({"x-rate-limit": "700", "x-rate-limit-remaining": "699"}, RateInfo(700, 699, None)),
        (
            {"ratelimit-limit": "400", "ratelimit-remaining": "12", "ratelimit-reset": "41"},
            RateInfo(400, 12, 41.0),
        ),
        (
            {"rate-limit": "400", "rate-limit-remaining": "7", "rate-limit-reset": "3"},
            RateInfo(400, 7, 3.0),
        ),
        ({"x-rate-limit-remaining": "50", "ratelimit-remaining": "9"}, RateInfo(None, 9, None)),
        ({"x-rate-limit": "lots"}, RateInfo(None, None, None)),
        ({}, RateInfo(None, None, None)),
    ],
)
def test_rate_headers_are_read_in_every_spelling(headers: dict[str, str], info: RateInfo) -> None:
    assert read_rate_headers(headers) == info


@pytest.mark.parametrize(
    ("value", "seconds"), [("2", 2.0), ("0.5", 0.5), ("-3", 0.0), (None, None), ("soon", None)]
)
def test_retry_after_is_read_as_seconds(value: str | None, seconds: float | None) -> None:
    assert parse_retry_after(value) == seconds


def test_retry_after_as_an_http_date_in_the_past_is_zero() -> None:
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0


def test_reservations_from_many_threads_never_overbook_a_window() -> None:
    clock = Clock()
    limiter = RateLimiter(25, clock=clock)
    booked: list[float] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(20):
            at = clock.now + limiter.reserve()
            with lock:
                booked.append(at)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    booked.sort()
    assert len(booked) == 160
    assert all(
        later - earlier >= WINDOW for earlier, later in zip(booked, booked[25:], strict=False)
    )
