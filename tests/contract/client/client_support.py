"""Constants and helpers of the client contract tests (the fixtures are in conftest.py)."""

from __future__ import annotations

import base64
import json
import math
from pathlib import Path
from typing import Any

import httpx

BASE = "https://acme.zendesk.com/api/v2/"
EMAIL = "admin@acme.example"
CANARY = "canary-Zk7q-3f9e-do-not-leak"
CANARY_B64 = base64.b64encode(f"{EMAIL}/token:{CANARY}".encode()).decode()
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "client"


class FakeTime:
    """A clock that only moves when the client sleeps."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    @property
    def slept(self) -> float:
        return sum(self.sleeps)


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def fixture_json(name: str) -> Any:
    return json.loads(fixture_bytes(name))


def json_reply(status: int, content: bytes, **headers: str) -> httpx.Response:
    return httpx.Response(
        status, content=content, headers={"content-type": "application/json", **headers}
    )


class WindowServer:
    """A fixed one-minute request budget shared with other integrations, answering with
    Zendesk's rate-limit headers and 429 + Retry-After, on the test's fake clock."""

    def __init__(self, fake_time: FakeTime, limit: int, used_by_others: int = 0) -> None:
        self.time = fake_time
        self.limit = limit
        self.used_by_others = used_by_others
        self.start = fake_time.now
        self.used = used_by_others
        self.sent: list[float] = []
        self.refused = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        now = self.time.now
        if now - self.start >= 60:
            self.start, self.used = now, self.used_by_others
        reset = max(1, math.ceil(self.start + 60 - now))
        headers = {"ratelimit-limit": str(self.limit), "ratelimit-reset": str(reset)}
        if self.used >= self.limit:
            self.refused += 1
            headers.update({"ratelimit-remaining": "0", "retry-after": str(reset)})
            return httpx.Response(
                429, text="Number of allowed API requests per minute exceeded", headers=headers
            )
        self.used += 1
        self.sent.append(now)
        headers["ratelimit-remaining"] = str(self.limit - self.used)
        return httpx.Response(200, json={"ok": True}, headers=headers)


def most_in_any_window(times: list[float], window: float = 60.0) -> int:
    """The largest number of ``times`` (sorted) inside any half-open window of that length."""
    best, lo = 0, 0
    for hi, t in enumerate(times):
        while t - times[lo] >= window:
            lo += 1
        best = max(best, hi - lo + 1)
    return best
