"""The one URL policy: https only, plain http to loopback only, no credentials, no other scheme,
and a malformed URL is a refusal with a reason, never an exception."""

from __future__ import annotations

import subprocess
import sys

import pytest

from helpctl.config.urls import (
    api_url,
    check_subdomain,
    check_url,
    is_loopback,
    require_url,
    subdomain_url,
)
from helpctl.errors import ConfigError, Position


@pytest.mark.parametrize(
    "url",
    [
        "https://acme.zendesk.com/api/v2/",
        "https://10.0.0.8:8443/",
        "http://localhost:8765/api/v2",
        "http://LOCALHOST/",
        "http://127.0.0.1:8080/api/v2",
        "http://127.4.5.6/",
        "http://[::1]:8080/api/v2",
    ],
)
def test_https_anywhere_and_http_to_loopback_are_allowed(url: str) -> None:
    assert check_url(url) is None


@pytest.mark.parametrize(
    "url",
    [
        "http://acme.zendesk.com/api/v2/",
        "http://10.0.0.8/api/v2/",
        "http://128.0.0.1/",
        "http://localhost.acme.example/",
        "http://acme.localhost/",
        "http://[::2]/",
    ],
)
def test_plain_http_off_loopback_is_refused(url: str) -> None:
    problem = check_url(url)

    assert problem is not None and "plain http" in problem.message
    assert "https://" in problem.hint


@pytest.mark.parametrize(
    "url",
    [
        "https://me:hunter22@acme.zendesk.com/api/v2/",
        "https://hunter22@acme.zendesk.com/",
        "http://me:hunter22@127.0.0.1/",
        "https://:hunter22@acme.zendesk.com/",
    ],
)
def test_credentials_in_the_url_are_refused_without_echoing_them(url: str) -> None:
    problem = check_url(url)

    assert problem is not None and "credentials" in problem.message
    assert "hunter22" not in problem.message + problem.hint


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://acme.example/", "acme.zendesk.com/api/v2", "https:///x", ""],
)
def test_other_schemes_and_urls_without_a_host_are_refused(url: str) -> None:
    problem = check_url(url)

    assert problem is not None and "https://" in problem.message


@pytest.mark.parametrize(
    "url", ["https://[::1/", "http://[::1]:notaport/", "https://acme.example:99999/"]
)
def test_a_malformed_url_is_a_refusal_not_a_crash(url: str) -> None:
    problem = check_url(url)

    assert problem is not None and "malformed" in problem.message


def test_require_url_raises_a_config_error_naming_instance_and_position() -> None:
    where = Position("helpctl.yaml", 7)
    with pytest.raises(ConfigError) as caught:
        require_url("https://[::1/", instance="prod", position=where)

    assert caught.value.position == where
    assert str(caught.value).startswith("helpctl.yaml:7: instance prod: the url is malformed")


@pytest.mark.parametrize(
    ("url", "base"),
    [
        ("https://acme.example", "https://acme.example/api/v2/"),
        ("http://127.0.0.1:9/accounts/b/", "http://127.0.0.1:9/accounts/b/api/v2/"),
        ("https://acme.example/api/v2", "https://acme.example/api/v2/"),
    ],
)
def test_api_url_ends_in_api_v2(url: str, base: str) -> None:
    assert api_url(url) == base


def test_loopback_is_localhost_127_slash_8_and_ipv6_one() -> None:
    assert [is_loopback(h) for h in ("localhost", "127.255.0.1", "[::1]", "::1")] == [True] * 4
    assert not any(is_loopback(h) for h in ("0.0.0.0", "10.0.0.1", "localhost.example", ""))


def test_a_subdomain_is_one_ascii_label() -> None:
    assert check_subdomain("acme-support") is None
    assert subdomain_url("Acme-Support") == "https://acme-support.zendesk.com/api/v2/"
    for bad in ("", "acme.evil.com", "a/b", "x" * 64, "acmé"):
        assert check_subdomain(bad) == "is not a Zendesk subdomain"


def test_the_policy_and_sandbox_serve_load_no_http_client() -> None:
    # the sandbox applies the same loopback rule, and still never loads the Zendesk client
    code = (
        "import sys\n"
        "import helpctl.config.urls, helpctl.cli.cmd_sandbox, helpctl.sandbox.runner\n"
        "print(','.join(m for m in ('httpx', 'helpctl.zendesk.client') if m in sys.modules))\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert found == ""
