"""A fresh in-memory sandbox per test, and an httpx client authenticated as its admin."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest

from helpctl.sandbox.runner import SandboxServer


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer() as server:
        yield server


Connect = Callable[..., httpx.Client]


def client_for(server: SandboxServer, account: str | None = None) -> httpx.Client:
    email, token = server.credentials(account)
    return httpx.Client(
        base_url=server.base_url(account), auth=(f"{email}/token", token), timeout=10
    )


@pytest.fixture
def connect() -> Connect:
    """``connect(server, account=None)``: an authenticated client for any running sandbox."""
    return client_for


@pytest.fixture
def api(sandbox: SandboxServer) -> Iterator[httpx.Client]:
    with client_for(sandbox) as client:
        yield client
