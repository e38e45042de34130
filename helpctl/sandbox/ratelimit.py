"""Per-account request budgets, answered with Zendesk's rate-limit headers and 429."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["UNLIMITED", "RateLimiter", "Verdict"]

#: The budget reported in headers when no limit is set (nothing is ever refused then).
UNLIMITED = 100_000
WINDOW = 60.0


@dataclass(frozen=True)
class Verdict:
    """The outcome of one request against the budget: allowed or not, and the headers to send."""

    allowed: bool
    limit: int
    remaining: int
    reset: int

    def headers(self) -> dict[str, str]:
        out = {
            "x-rate-limit": str(self.limit),
            "x-rate-limit-remaining": str(self.remaining),
            "ratelimit-limit": str(self.limit),
            "ratelimit-remaining": str(self.remaining),
            "ratelimit-reset": str(self.reset),
        }
        if not self.allowed:
            out["retry-after"] = str(self.reset)
        return out


class RateLimiter:
    """A fixed one-minute window per account, like Zendesk's requests-per-minute budget."""

    def __init__(
        self, per_minute: int | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._lock = threading.Lock()
        self._start = clock()
        self._used = 0

    @property
    def used(self) -> int:
        """Requests counted in the current window."""
        with self._lock:
            return self._used

    def set_limit(self, per_minute: int | None) -> None:
        with self._lock:
            self.per_minute = per_minute
            self._start = self._clock()
            self._used = 0

    def take(self) -> Verdict:
        """Count one request; refuse it when the window's budget is spent."""
        with self._lock:
            now = self._clock()
            if now - self._start >= WINDOW:
                self._start, self._used = now, 0
            reset = max(1, math.ceil(self._start + WINDOW - now))
            limit = self.per_minute if self.per_minute is not None else UNLIMITED
            if self.per_minute is not None and self._used >= limit:
                return Verdict(False, limit, 0, reset)
            self._used += 1
            return Verdict(True, limit, max(0, limit - self._used), reset)
