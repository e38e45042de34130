"""Counters of what a :class:`~helpctl.zendesk.client.ZendeskClient` sent, for reports and
benchmarks (``helpctl apply`` prints the request count; ``bench/*.py`` the 429 rate)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ClientStats"]


@dataclass
class ClientStats:
    """Requests sent (every attempt), of which retries, and 429s met; seconds spent waiting."""

    requests: int = 0
    retries: int = 0
    rate_limited: int = 0
    slept: float = 0.0
    by_method: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def count(self, method: str) -> None:
        with self._lock:
            self.requests += 1
            self.by_method[method] = self.by_method.get(method, 0) + 1

    def add_retry(self) -> None:
        with self._lock:
            self.retries += 1

    def add_rate_limited(self) -> None:
        with self._lock:
            self.rate_limited += 1

    def add_sleep(self, seconds: float) -> None:
        with self._lock:
            self.slept += seconds

    def reset(self) -> None:
        with self._lock:
            self.requests = self.retries = self.rate_limited = 0
            self.slept = 0.0
            self.by_method = {}

    def as_dict(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "retries": self.retries,
            "rate_limited": self.rate_limited,
            "slept": round(self.slept, 3),
            "by_method": dict(self.by_method),
        }
