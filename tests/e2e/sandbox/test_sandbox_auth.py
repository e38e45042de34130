"""Authentication and account selection answer as Zendesk does."""

from __future__ import annotations

import base64
from collections.abc import Callable

import httpx

from helpctl.sandbox.runner import SandboxServer

UNAUTHORIZED = {"error": "Couldn't authenticate you"}


def test_request_without_credentials_gets_401_with_zendesks_body(sandbox: SandboxServer) -> None:
    reply = httpx.get(sandbox.base_url() + "brands.json")
    assert reply.status_code == 401
    assert reply.json() == UNAUTHORIZED


def test_wrong_token_gets_401(sandbox: SandboxServer) -> None:
    email, _ = sandbox.credentials()
    reply = httpx.get(sandbox.base_url() + "brands", auth=(f"{email}/token", "wrong"))
    assert reply.status_code == 401
    assert reply.json() == UNAUTHORIZED


def test_api_token_basic_auth_and_bearer_are_accepted(sandbox: SandboxServer) -> None:
    email, token = sandbox.credentials()
    basic = httpx.get(sandbox.base_url() + "users/me.json", auth=(f"{email}/token", token))
    bearer = httpx.get(
        sandbox.base_url() + "users/me", headers={"Authorization": f"Bearer {token}"}
    )
    assert basic.status_code == bearer.status_code == 200
    assert basic.json()["user"]["email"] == email


def test_unknown_account_gets_the_unknown_subdomain_404(sandbox: SandboxServer) -> None:
    reply = httpx.get(sandbox.url + "/accounts/nowhere/api/v2/brands")
    assert reply.status_code == 404
    assert reply.json()["error"]["title"] == "No help desk at nowhere.zendesk.com"


def test_accounts_have_separate_data_and_credentials(connect: Callable[..., httpx.Client]) -> None:
    with SandboxServer(accounts=("one", "two")) as server:
        one, two = connect(server, "one"), connect(server, "two")
        one.post("groups", json={"group": {"name": "Only in one"}}).raise_for_status()
        names_two = [g["name"] for g in two.get("groups").json()["groups"]]
        assert "Only in one" not in names_two
        email, token = server.credentials("one")
        cross = httpx.get(server.base_url("two") + "groups", auth=(f"{email}/token", token))
        assert cross.status_code == 401


def test_host_header_selects_the_account() -> None:
    with SandboxServer(accounts=("first", "second")) as server:
        email, token = server.credentials("second")
        auth = base64.b64encode(f"{email}/token:{token}".encode()).decode()
        reply = httpx.get(
            server.url + "/api/v2/users/me",
            headers={"Host": "second.localhost", "Authorization": f"Basic {auth}"},
        )
        assert reply.status_code == 200
        assert reply.json()["user"]["email"] == email


def test_email_case_does_not_matter_but_password_auth_is_refused(sandbox: SandboxServer) -> None:
    email, token = sandbox.credentials()
    upper = httpx.get(sandbox.base_url() + "users/me", auth=(f"{email.upper()}/token", token))
    password = httpx.get(sandbox.base_url() + "users/me", auth=(email, token))
    garbage = httpx.get(sandbox.base_url() + "users/me", headers={"Authorization": "Basic !!"})
    assert upper.status_code == 200
    assert password.status_code == garbage.status_code == 401
