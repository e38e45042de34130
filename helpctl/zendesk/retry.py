"""When a failed request may be sent again, and how long to wait first.

The rule that keeps helpctl from duplicating objects: a request is repeated only when repeating
it cannot do anything twice.

- The server declined it unprocessed: 429, or 503 with ``Retry-After`` ("come back in N s").
  Any method; wait what the server said.
- It never left: the connection could not be opened (``NOT_SENT``). Any method.
- It may have run, but running it twice is harmless: 409/5xx answers and lost answers (read
  timeouts, resets) of idempotent requests: GET/PUT/PATCH/DELETE, and POSTs the caller marks
  idempotent (upserts, job polling).

Everything else is raised, so that the caller can look before it re-sends a create.
"""

from __future__ import annotations

import random

import httpx

__all__ = ["NOT_SENT", "RETRYABLE", "RetryPolicy"]

#: Failures that happen before a single byte of the request reached the server.
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.ProxyError)
#: Failures worth another try (a transient network fault, not a bug in the request).
RETRYABLE = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError, *NOT_SENT)
#: Statuses retried with backoff when the request is idempotent.
RETRY_STATUSES = frozenset({409, 500, 502, 503, 504})
#: A ``Retry-After`` longer than this is not slept through: the request fails with RateLimited.
MAX_RETRY_AFTER = 300.0
BACKOFF_BASE = 0.5
BACKOFF_CAP = 30.0


def was_sent(exc: httpx.RequestError) -> bool:
    """Whether the request may have reached the server before ``exc``."""
    return not isinstance(exc, NOT_SENT)


class RetryPolicy:
    """At most ``max_retries`` repeats, with exponential backoff and jitter between them."""

    def __init__(self, max_retries: int, rng: random.Random) -> None:
        self.max_retries = max_retries
        self._rng = rng

    def after_failure(self, exc: httpx.RequestError, *, safe: bool, attempt: int) -> float | None:
        """Seconds to wait before repeating after a transport failure, or None to give up."""
        if attempt >= self.max_retries or not isinstance(exc, RETRYABLE):
            return None
        if not safe and was_sent(exc):
            return None
        return self.backoff(attempt + 1)

    def after_answer(
        self, status: int, retry_after: float | None, *, safe: bool, attempt: int
    ) -> float | None:
        """Seconds to wait before repeating after an error answer, or None to give up."""
        declined = status == 429 or (status == 503 and retry_after is not None)
        if not declined and (status not in RETRY_STATUSES or not safe):
            return None
        if attempt >= self.max_retries:
            return None
        if retry_after is None or not declined:
            return self.backoff(attempt + 1)
        return retry_after if retry_after <= MAX_RETRY_AFTER else None

    def backoff(self, attempt: int) -> float:
        """0.5 s, 1 s, 2 s… (capped at 30 s), each scaled by a random 0.5–1 so that clients
        failing together do not retry together."""
        ceiling = min(BACKOFF_CAP, BACKOFF_BASE * 2.0 ** (attempt - 1))
        return ceiling * (0.5 + self._rng.random() / 2)
