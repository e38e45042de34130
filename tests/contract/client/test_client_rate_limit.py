"""The client keeps inside the instance's budget, honours Retry-After and reads the headers."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import httpx
import pytest
import respx
from client_support import FakeTime, WindowServer, most_in_any_window

from helpctl.errors import RateLimited
from helpctl.zendesk.client import ZendeskClient

MakeClient = Callable[..., ZendeskClient]


def test_429_with_retry_after_2_succeeds_after_at_least_2_seconds_of_sleep(
    client: ZendeskClient, router: respx.Router, fake_time: FakeTime
) -> None:
    router.get("tickets/5").mock(
        side_effect=[
            httpx.Response(
                429,
                text="Number of allowed API requests per minute exceeded",
                headers={"retry-after": "2"},
            ),
            httpx.Response(200, json={"ticket": {"id": 5}}),
        ]
    )

    assert client.get("tickets/5") == {"ticket": {"id": 5}}
    assert fake_time.slept >= 2
    assert (client.stats.rate_limited, client.stats.retries) == (1, 1)


def test_429_is_retried_even_for_a_post_because_the_server_refused_it(
    client: ZendeskClient, router: respx.Router
) -> None:
    route = router.post("groups").mock(
        side_effect=[
            httpx.Response(
                429, json={"error": "APIRateLimitExceeded"}, headers={"retry-after": "1"}
            ),
            httpx.Response(201, json={"group": {"id": 9}}),
        ]
    )

    assert client.post("groups", {"group": {"name": "Tier 3"}}) == {"group": {"id": 9}}
    assert route.call_count == 2


def test_a_retry_after_beyond_five_minutes_fails_at_once_instead_of_hanging(
    client: ZendeskClient, router: respx.Router, fake_time: FakeTime
) -> None:
    router.get("views").mock(return_value=httpx.Response(429, headers={"retry-after": "3600"}))

    with pytest.raises(RateLimited) as caught:
        client.get("views")

    assert caught.value.retry_after == 3600
    assert fake_time.slept == 0


@pytest.mark.parametrize("budget", [10, 60, 200])
def test_a_budget_of_n_a_minute_is_never_exceeded_over_3n_requests(
    make_client: MakeClient, router: respx.Router, fake_time: FakeTime, budget: int
) -> None:
    sent: list[float] = []

    def record(request: httpx.Request) -> httpx.Response:
        sent.append(fake_time.now)
        return httpx.Response(200, json={})

    router.get("users/me").mock(side_effect=record)
    client = make_client(rate_limit=budget)

    for _ in range(3 * budget):
        client.get("users/me")

    assert len(sent) == 3 * budget
    assert most_in_any_window(sent) == budget  # bursts up to the budget, never beyond
    elapsed = sent[-1] - sent[0]
    assert elapsed <= 2 * 60 * 1.01  # and sustains the budget: 3N take two windows, not more


def test_without_a_budget_the_client_adopts_the_limit_the_server_reports(
    make_client: MakeClient, router: respx.Router, fake_time: FakeTime
) -> None:
    server = WindowServer(fake_time, limit=30)
    router.get("users/me").mock(side_effect=server)
    client = make_client()

    for _ in range(90):
        client.get("users/me")

    assert client.limiter.limit == 30
    assert server.refused == 0
    assert most_in_any_window(server.sent) <= 30


def test_remaining_running_low_paces_the_rest_of_the_window_instead_of_hitting_429(
    make_client: MakeClient, router: respx.Router, fake_time: FakeTime
) -> None:
    # Another integration already spent 60 of the account's 100 requests this minute.
    server = WindowServer(fake_time, limit=100, used_by_others=60)
    router.get("users/me").mock(side_effect=server)
    client = make_client(rate_limit=100)

    for _ in range(120):
        client.get("users/me")

    assert server.refused == 0
    assert client.stats.rate_limited == 0
    assert len(server.sent) == 120
    gaps = [b - a for a, b in itertools.pairwise(server.sent)]
    assert max(gaps) > 1  # it slowed down rather than bursting into the limit


def test_2023_header_spelling_corrects_the_budget_too(
    make_client: MakeClient, router: respx.Router
) -> None:
    router.get("users/me").mock(
        return_value=httpx.Response(
            200, json={}, headers={"rate-limit": "400", "rate-limit-remaining": "399"}
        )
    )
    client = make_client(rate_limit=700)

    client.get("users/me")

    assert client.limiter.limit == 400


@pytest.mark.parametrize(
    ("budget", "server_window_offset", "used_by_others"),
    [(200, 0.0, 0), (200, 17.3, 0), (None, 41.0, 0), (400, 5.0, 100)],
)
def test_over_five_simulated_minutes_it_sustains_the_budget_without_429s(
    make_client: MakeClient,
    router: respx.Router,
    fake_time: FakeTime,
    budget: int | None,
    server_window_offset: float,
    used_by_others: int,
) -> None:
    limit = budget or 300
    server = WindowServer(fake_time, limit=limit, used_by_others=used_by_others)
    server.start -= server_window_offset  # the server's minute need not start with ours
    router.get("users/me").mock(side_effect=server)
    client = make_client(rate_limit=budget)

    start = fake_time.now
    while fake_time.now - start < 300:
        client.get("users/me")

    per_minute = len(server.sent) / (fake_time.now - start) * 60
    assert per_minute >= 0.9 * (limit - used_by_others)
    assert server.refused == 0


def _other_request_during_the_wait(
    make_client: MakeClient, router: respx.Router, fake_time: FakeTime, remaining: str
) -> float:
    """How long a second request has to wait while the first sleeps off a 429."""
    router.get("incremental/tickets/cursor").mock(
        side_effect=[
            httpx.Response(429, headers={"retry-after": "30", "x-rate-limit-remaining": remaining}),
            httpx.Response(200, json={"tickets": []}),
        ]
    )
    router.get("groups").mock(return_value=httpx.Response(200, json={"groups": []}))
    waited: list[float] = []

    def sleep(seconds: float) -> None:
        if not waited:  # the other thread's request, sent while the first one waits
            before = fake_time.now
            waited.append(-1.0)
            client.get("groups")
            waited[0] = fake_time.now - before
        fake_time.sleep(seconds)

    client = make_client(sleep=sleep)
    client.get("incremental/tickets/cursor")
    return waited[0]


def test_an_endpoint_429_while_the_account_has_budget_holds_back_only_that_request(
    make_client: MakeClient, router: respx.Router, fake_time: FakeTime
) -> None:
    assert _other_request_during_the_wait(make_client, router, fake_time, remaining="650") == 0


def test_an_account_wide_429_holds_back_every_request(
    make_client: MakeClient, router: respx.Router, fake_time: FakeTime
) -> None:
    assert _other_request_during_the_wait(make_client, router, fake_time, remaining="0") >= 30
