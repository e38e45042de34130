"""End-to-end tests of the provider against a real sandbox on loopback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from helpctl.sandbox.runner import SandboxServer
from helpctl.zendesk.auth import Auth
from helpctl.zendesk.client import ZendeskClient
from helpctl.zendesk.provider import ZendeskProvider


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(accounts=("e2e",)) as server:
        yield server


@pytest.fixture
def client(sandbox: SandboxServer) -> Iterator[ZendeskClient]:
    email, token = sandbox.credentials()
    with ZendeskClient.open(sandbox.base_url(), Auth.token(email, token), instance="e2e") as client:
        yield client


@pytest.fixture
def provider(client: ZendeskClient) -> ZendeskProvider:
    return ZendeskProvider(client, "e2e")
