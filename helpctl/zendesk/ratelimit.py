"""Client-side rate limiting: stay inside an instance's per-minute budget instead of hitting 429.

The limiter is a sliding-window log: it remembers when each of the last ``limit`` requests was
(or will be) sent, and a new request may go only once the oldest of them is a full window old.
That allows a burst of up to the whole budget at once, never more than ``limit`` requests in any
60-second window, and a sustained rate of exactly the budget. It also conforms to a server-side
token bucket or fixed window of the same size, so a well-behaved client does not meet 429s.

The server's own view corrects it (reference §4): ``x-rate-limit`` / ``ratelimit-limit`` lower
the budget when the account's limit is lower (or set it when none was configured), and when
``*-remaining`` gets low, because other integrations share the account, the rest of the window
(``ratelimit-reset``) is paced out instead of spent. ``Retry-After`` pauses every request.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from time import time as wall_time

__all__ = ["RateInfo", "RateLimiter", "parse_retry_after", "read_rate_headers"]

#: The length of Zendesk's rate-limit window, in seconds.
WINDOW = 60.0
#: Extra spacing on the window so that network jitter cannot make two sends that are a window
#: apart on our clock look closer together on the server's.
GUARD = 0.2

#: Send times remembered while no limit is known, so that a limit learned later applies to the
#: requests already sent. No Zendesk plan allows more than 2,500 a minute.
REMEMBERED = 2500
#: A reported limit above this is "unlimited" (the sandbox reports 100,000 when none is set).
UNLIMITED_ABOVE = 50_000

#: Every spelling of the three headers (reference §4), mapped to what it says.
_HEADERS = {
    "x-rate-limit": "limit",
    "ratelimit-limit": "limit",
    "rate-limit": "limit",
    "rate-limit-limit": "limit",
    "x-rate-limit-remaining": "remaining",
    "ratelimit-remaining": "remaining",
    "rate-limit-remaining": "remaining",
    "ratelimit-reset": "reset",
    "rate-limit-reset": "reset",
}


@dataclass(frozen=True)
class RateInfo:
    """What one response's headers say about the account's budget (None: not said)."""

    limit: int | None = None
    remaining: int | None = None
    reset: float | None = None


_NOTHING = RateInfo()


def read_rate_headers(headers: Mapping[str, str]) -> RateInfo:
    """Read the rate-limit headers in any of their spellings, in one pass over the headers
    (``httpx.Headers`` or a plain dict). When two spellings disagree the stricter one wins."""
    items = getattr(headers, "multi_items", headers.items)()
    found: dict[str, float] = {}
    for name, raw in items:
        slot = _HEADERS.get(name.lower())
        if slot is None:
            continue
        try:
            value = float(raw.split(",")[0])
        except ValueError:
            continue
        if slot not in found or value < found[slot]:
            found[slot] = value
    if not found:
        return _NOTHING
    limit, remaining, reset = found.get("limit"), found.get("remaining"), found.get("reset")
    return RateInfo(
        int(limit) if limit is not None and limit > 0 else None,
        int(remaining) if remaining is not None else None,
        max(reset, 0.0) if reset is not None else None,
    )


def parse_retry_after(value: str | None) -> float | None:
    """``Retry-After`` as seconds: a number, or an HTTP date (seconds from now)."""
    if value is None:
        return None
    value = value.strip()
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - wall_time(), 0.0)


class RateLimiter:
    """A per-client budget of ``limit`` requests a minute (``None``: unlimited until a response
    says otherwise). Thread-safe; the clock is injected so tests can simulate hours in
    milliseconds.

    :meth:`reserve` books a send time and returns how long to wait for it; :meth:`observe` reads
    a response's headers; :meth:`pause` holds every request back (``Retry-After``).
    """

    def __init__(
        self,
        limit: int | None,
        *,
        clock: Callable[[], float],
        low_water: float = 0.1,
    ) -> None:
        self.budget = limit
        self.limit = limit
        self._clock = clock
        self._low_water = low_water
        self._sent: deque[float] = deque()
        self._not_before = 0.0
        self._spacing = 0.0
        self._pace_until = 0.0
        self._last = float("-inf")
        self._lock = threading.Lock()

    def reserve(self) -> float:
        """Book the earliest allowed send time; return the seconds to wait until it."""
        with self._lock:
            now = self._clock()
            at = now if now > self._not_before else self._not_before
            sent = self._sent
            limit = self.limit
            if limit is not None:
                while len(sent) >= limit:
                    at = max(at, sent.popleft() + WINDOW + GUARD)
            elif len(sent) >= REMEMBERED:
                sent.popleft()
            if self._spacing and at < self._pace_until:
                at = max(at, self._last + self._spacing)
            sent.append(at)  # booked times never decrease, so the log stays sorted
            self._last = at
            return at - now

    def pause(self, seconds: float) -> None:
        """Send nothing for ``seconds`` from now (the server said ``Retry-After``)."""
        with self._lock:
            self._not_before = max(self._not_before, self._clock() + seconds)

    def observe(self, info: RateInfo) -> None:
        """Correct the budget and pacing from what the server reported."""
        with self._lock:
            reported = info.limit
            if reported is not None and reported <= UNLIMITED_ABOVE:
                self._set_limit(reported if self.budget is None else min(self.budget, reported))
            if info.remaining is not None:
                self._pace(info.remaining, info.reset)

    def _set_limit(self, limit: int) -> None:
        if limit == self.limit:
            return
        self.limit = limit
        while len(self._sent) > limit:
            self._sent.popleft()

    def _pace(self, remaining: int, reset: float | None) -> None:
        now = self._clock()
        limit = self.limit
        low = max(2.0, (limit or 0) * self._low_water)
        if remaining > low:
            self._spacing = 0.0
            return
        # Without a reset header, assume the server frees capacity at the budget's steady rate.
        steady = WINDOW / limit if limit else 1.0
        left = reset if reset is not None else steady * (remaining + 1)
        if remaining <= 0:
            self._not_before = max(self._not_before, now + left)
            self._spacing = 0.0
            return
        self._spacing = left / remaining
        self._pace_until = now + left
