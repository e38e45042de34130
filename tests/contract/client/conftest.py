"""Contract tests of ZendeskClient: respx serves recorded replies, time is simulated.

Every client here authenticates with the canary token; after each test the log records are
scanned for it, so any test that leaks the secret into a log line fails on its own.
"""

from __future__ import annotations

import json
import logging
import random
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from client_support import BASE, CANARY, CANARY_B64, EMAIL, FakeTime

from helpctl.zendesk.auth import Auth
from helpctl.zendesk.client import ZendeskClient


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def router() -> respx.Router:
    return respx.Router(base_url=BASE, assert_all_called=False)


MakeClient = Callable[..., ZendeskClient]


@pytest.fixture
def make_client(router: respx.Router, fake_time: FakeTime) -> MakeClient:
    def make(**kw: Any) -> ZendeskClient:
        kw.setdefault("base_url", BASE)
        kw.setdefault("auth", Auth.token(EMAIL, CANARY))
        kw.setdefault("instance", "acme")
        kw.setdefault("sleep", fake_time.sleep)
        kw.setdefault("clock", fake_time.clock)
        kw.setdefault("rng", random.Random(7))
        http = httpx.Client(transport=httpx.MockTransport(router.handler))
        return ZendeskClient(http, **kw)

    return make


@pytest.fixture
def client(make_client: MakeClient) -> ZendeskClient:
    return make_client()


@pytest.fixture
def recorded(zendesk_fixtures: Path) -> Callable[[str], bytes]:
    """Bytes of a recorded zendesk-go reply, by path under one of its ``responses`` folders
    (the recordings were taken from two layouts of that repository)."""
    roots = [
        zendesk_fixtures / "zendesk-go" / sub / "test_files" / "responses"
        for sub in ("zendesk", ".")
    ]

    def read(name: str) -> bytes:
        for root in roots:
            if (root / name).is_file():
                return (root / name).read_bytes()
        raise FileNotFoundError(f"no recorded reply {name} under {roots}")

    return read


@pytest.fixture
def salto_replies(zendesk_fixtures: Path) -> list[dict[str, Any]]:
    path = (
        zendesk_fixtures
        / "salto/packages/zendesk-adapter/test/mock_replies/myBrand_mock_replies.json"
    )
    replies: list[dict[str, Any]] = json.loads(path.read_text())
    return replies


@pytest.fixture(autouse=True)
def _no_secret_in_logs(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    caplog.set_level(logging.DEBUG)
    yield
    for record in caplog.records:
        text = record.getMessage() + repr(record.args) + repr(record.__dict__)
        assert CANARY not in text, f"secret leaked into log record {record.name}"
        assert CANARY_B64 not in text, f"encoded secret leaked into log record {record.name}"
