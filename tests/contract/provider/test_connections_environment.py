"""A one-off run against a zendesk instance that names no subdomain or credentials: the
zcli-style ZENDESK_* variables fill in what the project leaves out (an injected environ, and a
respx-mocked account: nothing leaves the machine)."""

from __future__ import annotations

import base64
from pathlib import Path

import httpx
import pytest
import respx

from helpctl.config.loader import load_project
from helpctl.errors import ConfigError
from helpctl.providers.connect import Connections

PROJECT = (
    Path(__file__).resolve().parents[2]
    / "fixtures"
    / "config"
    / "warnings"
    / "zendesk_from_environment"
)
TOKEN = "canary-zcli-3Fv-do-not-leak"
EMAIL = "canary-agent@acme.example"
ZCLI = {"ZENDESK_SUBDOMAIN": "acme", "ZENDESK_EMAIL": EMAIL, "ZENDESK_API_TOKEN": TOKEN}


def test_a_one_off_instance_reaches_the_subdomain_and_signs_in_with_the_zcli_variables() -> None:
    basic = base64.b64encode(f"{EMAIL}/token:{TOKEN}".encode()).decode()
    with respx.mock(assert_all_called=True) as mock:
        me = mock.get("https://acme.zendesk.com/api/v2/users/me").mock(
            return_value=httpx.Response(200, json={"user": {"email": EMAIL, "role": "admin"}})
        )
        with Connections(load_project(PROJECT), environ=ZCLI) as conns:
            checked = conns.check("oneoff")

    assert checked["user"] == EMAIL and checked["role"] == "admin"
    assert me.calls.last.request.headers["Authorization"] == f"Basic {basic}"


def test_an_oauth_token_in_the_environment_is_used_as_bearer() -> None:
    env = {"ZENDESK_SUBDOMAIN": "acme", "ZENDESK_OAUTH_TOKEN": TOKEN}

    endpoint = Connections(load_project(PROJECT), environ=env).endpoint("oneoff")

    assert endpoint.base_url == "https://acme.zendesk.com/api/v2/"
    assert endpoint.auth.scheme == "bearer"


def test_the_instance_subdomain_and_email_win_over_the_variables() -> None:
    env = {"ZENDESK_SUBDOMAIN": "elsewhere", "ZENDESK_EMAIL": EMAIL, "ZENDESK_API_TOKEN": TOKEN}

    endpoint = Connections(load_project(PROJECT), environ=env).endpoint("mailed")

    assert endpoint.base_url == "https://acme.zendesk.com/api/v2/"
    assert endpoint.auth.email == "ops@acme.example"


def test_missing_variables_are_one_error_naming_the_instance_and_every_variable() -> None:
    with pytest.raises(ConfigError) as caught:
        Connections(load_project(PROJECT), environ={"ZENDESK_EMAIL": EMAIL}).endpoint("oneoff")

    text = f"{caught.value} {caught.value.hint}"
    assert "oneoff" in text
    assert "ZENDESK_SUBDOMAIN" in text and "ZENDESK_API_TOKEN" in text
    assert EMAIL not in text


@pytest.mark.parametrize("instance", ["oneoff", "tokenless", "mailed"])
def test_a_missing_token_never_shows_what_the_environment_holds(instance: str) -> None:
    env = {"ZENDESK_SUBDOMAIN": "acme", "ZENDESK_EMAIL": TOKEN}

    with pytest.raises(ConfigError) as caught:
        Connections(load_project(PROJECT), environ=env).endpoint(instance)

    assert instance in str(caught.value) and "ZENDESK_API_TOKEN" in str(caught.value)
    assert TOKEN not in f"{caught.value} {caught.value.hint} {caught.value.as_dict()}"
