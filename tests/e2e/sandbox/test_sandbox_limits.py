"""Rate limits and injected faults: headers on every answer, 429 + Retry-After past the budget,
seeded faults that reproduce, resets the client sees as transport errors."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import httpx
import pytest

from helpctl.errors import SandboxError
from helpctl.sandbox.runner import SandboxServer

Connect = Callable[..., httpx.Client]


def test_every_answer_carries_the_rate_limit_headers(api: httpx.Client) -> None:
    for reply in (api.get("brands"), api.get("tickets/12345")):
        for header in (
            "x-rate-limit",
            "x-rate-limit-remaining",
            "ratelimit-limit",
            "ratelimit-remaining",
            "ratelimit-reset",
        ):
            assert header in reply.headers


def test_requests_past_the_budget_get_429_with_retry_after(connect: Connect) -> None:
    with SandboxServer(rate_limit=5) as server, connect(server) as api:
        remaining = [int(api.get("brands").headers["x-rate-limit-remaining"]) for _ in range(5)]
        refused = api.get("brands")
    assert remaining == [4, 3, 2, 1, 0]
    assert refused.status_code == 429
    assert refused.json()["error"] == "APIRateLimitExceeded"
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert refused.headers["retry-after"] == refused.headers["ratelimit-reset"]


def test_rate_limit_is_per_account(connect: Connect) -> None:
    with SandboxServer(accounts=("a", "b")) as server:
        server.set_rate_limit("a", 1)
        a, b = connect(server, "a"), connect(server, "b")
        assert a.get("brands").status_code == 200
        assert a.get("brands").status_code == 429
        assert b.get("brands").status_code == 200


def _statuses(server: SandboxServer, api: httpx.Client, n: int) -> list[str]:
    out = []
    for _ in range(n):
        try:
            out.append(str(api.get("groups").status_code))
        except httpx.TransportError:
            out.append("reset")
    return out


def test_faults_are_seeded_and_reproducible(connect: Connect) -> None:
    spec = "429:0.1,500:0.1,503:0.1,reset:0.1"
    runs = []
    for _ in range(2):
        with SandboxServer(faults=spec, seed=7) as server, connect(server) as api:
            runs.append(_statuses(server, api, 60))
    assert runs[0] == runs[1]
    assert {"200", "429", "500", "503", "reset"} <= set(runs[0])


def test_another_seed_gives_another_fault_sequence(connect: Connect) -> None:
    runs = []
    for seed in (1, 2):
        with SandboxServer(faults="500:0.3", seed=seed) as server, connect(server) as api:
            runs.append(_statuses(server, api, 40))
    assert runs[0] != runs[1]


def test_reset_is_a_transport_error_for_the_client(connect: Connect) -> None:
    with (
        SandboxServer(faults="reset:1") as server,
        connect(server) as api,
        pytest.raises(httpx.TransportError),
    ):
        api.get("brands")


def test_a_reset_after_write_loses_the_answer_but_keeps_the_write(connect: Connect) -> None:
    with SandboxServer(faults="reset:1,after_write:1") as server, connect(server) as api:
        with pytest.raises(httpx.TransportError):
            api.post("groups", json={"group": {"name": "Written anyway"}})
        server.set_faults(None, None)
        names = [g["name"] for g in api.get("groups").json()["groups"]]
    assert names.count("Written anyway") == 1


def test_injected_503_carries_retry_after(connect: Connect) -> None:
    with SandboxServer(faults="503:1,retry_after:2") as server, connect(server) as api:
        reply = api.get("brands")
    assert reply.status_code == 503
    assert reply.headers["retry-after"] == "2"


def test_an_invalid_fault_spec_is_refused() -> None:
    with pytest.raises(SandboxError, match="invalid fault"):
        SandboxServer(faults="teapot:0.5").start()


def test_injected_latency_does_not_hold_up_other_requests(connect: Connect) -> None:
    with SandboxServer(accounts=("slow", "quick")) as server:
        server.set_faults("slow", "latency:1500ms")
        slow = threading.Thread(target=connect(server, "slow").get, args=("brands",))
        slow.start()
        while server.app.accounts["slow"].limiter.used == 0:  # the slow request is in
            time.sleep(0.001)
        reply = connect(server, "quick").get("brands")
        still_waiting = slow.is_alive()
        slow.join()
    assert reply.status_code == 200
    assert still_waiting  # answered while the slow request was still sleeping
