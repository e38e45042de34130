"""Which failures are repeated, and after how long: never a create that may have run."""

from __future__ import annotations

import random

import httpx
import pytest

from helpctl.zendesk.retry import MAX_RETRY_AFTER, RetryPolicy


@pytest.fixture
def policy() -> RetryPolicy:
    return RetryPolicy(3, random.Random(3))


@pytest.mark.parametrize("status", [409, 500, 502, 503, 504])
def test_server_errors_are_retried_for_idempotent_requests_only(
    policy: RetryPolicy, status: int
) -> None:
    assert policy.after_answer(status, None, safe=True, attempt=0) is not None
    assert policy.after_answer(status, None, safe=False, attempt=0) is None


@pytest.mark.parametrize("status", [400, 401, 403, 404, 413, 422])
def test_client_errors_are_never_retried(policy: RetryPolicy, status: int) -> None:
    assert policy.after_answer(status, None, safe=True, attempt=0) is None


def test_declined_requests_wait_what_the_server_said_for_any_method(policy: RetryPolicy) -> None:
    assert policy.after_answer(429, 4.0, safe=False, attempt=0) == 4.0
    assert policy.after_answer(503, 2.0, safe=False, attempt=0) == 2.0
    assert policy.after_answer(429, MAX_RETRY_AFTER + 1, safe=True, attempt=0) is None


def test_a_429_without_retry_after_backs_off(policy: RetryPolicy) -> None:
    delay = policy.after_answer(429, None, safe=False, attempt=0)

    assert delay is not None and 0.25 <= delay <= 0.5


def test_nothing_is_retried_past_max_retries(policy: RetryPolicy) -> None:
    assert policy.after_answer(429, 1.0, safe=True, attempt=3) is None
    assert policy.after_failure(httpx.ConnectError("x"), safe=True, attempt=3) is None


@pytest.mark.parametrize(
    ("exc", "safe", "retried"),
    [
        (httpx.ConnectError("refused"), False, True),
        (httpx.ConnectTimeout("slow"), False, True),
        (httpx.PoolTimeout("busy"), False, True),
        (httpx.ReadTimeout("slow"), False, False),
        (httpx.ReadTimeout("slow"), True, True),
        (httpx.RemoteProtocolError("reset"), False, False),
        (httpx.RemoteProtocolError("reset"), True, True),
        (httpx.WriteError("broken pipe"), False, False),
        (httpx.LocalProtocolError("bug"), True, False),
        (httpx.UnsupportedProtocol("ftp"), True, False),
    ],
    ids=lambda v: type(v).__name__ if isinstance(v, Exception) else str(v),
)
def test_transport_failures_are_retried_only_when_a_repeat_cannot_duplicate(
    policy: RetryPolicy, exc: httpx.RequestError, safe: bool, retried: bool
) -> None:
    assert (policy.after_failure(exc, safe=safe, attempt=0) is not None) is retried


def test_backoff_doubles_up_to_its_cap_with_jitter(policy: RetryPolicy) -> None:
    for attempt, ceiling in [(1, 0.5), (2, 1.0), (3, 2.0), (4, 4.0), (9, 30.0), (40, 30.0)]:
        assert ceiling / 2 <= policy.backoff(attempt) <= ceiling
