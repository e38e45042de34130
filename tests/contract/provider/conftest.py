"""Contract tests of ZendeskProvider: respx serves recorded replies; nothing sleeps for real."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
import respx
from provider_support import BASE, CANARY, EMAIL, FakeAccount, fixture

from helpctl.zendesk.auth import Auth
from helpctl.zendesk.client import ZendeskClient
from helpctl.zendesk.provider import ZendeskProvider


@pytest.fixture
def router() -> respx.Router:
    return respx.Router(base_url=BASE, assert_all_called=False)


@pytest.fixture
def client(router: respx.Router) -> ZendeskClient:
    http = httpx.Client(transport=httpx.MockTransport(router.handler))
    return ZendeskClient(
        http, base_url=BASE, auth=Auth.token(EMAIL, CANARY), instance="acme", sleep=lambda s: None
    )


@pytest.fixture
def provider(client: ZendeskClient) -> ZendeskProvider:
    return ZendeskProvider(client, "acme")


MakeProvider = Callable[..., ZendeskProvider]


@pytest.fixture
def make_provider(router: respx.Router) -> Callable[..., ZendeskProvider]:
    def make(**kw: Any) -> ZendeskProvider:
        http = httpx.Client(transport=httpx.MockTransport(router.handler))
        client = ZendeskClient(
            http, base_url=BASE, auth=Auth.token(EMAIL, CANARY), sleep=lambda s: None, **kw
        )
        return ZendeskProvider(client, "acme")

    return make


@pytest.fixture
def account(router: respx.Router) -> FakeAccount:
    """A fake Zendesk account holding ``apply_account.json``, served on ``router``."""
    fake = FakeAccount(fixture("apply_account.json"))
    fake.mount(router)
    return fake
