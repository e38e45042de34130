"""Only https (or loopback http) base URLs; links are followed on the base URL's origin only."""

from __future__ import annotations

import pytest

from helpctl.errors import ConfigError
from helpctl.zendesk.urls import Target, check_base_url, is_loopback, subdomain_url


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "127.4.5.6", "[::1]"])
def test_plain_http_is_allowed_to_loopback(host: str) -> None:
    assert check_base_url(f"http://{host}:8080/api/v2") == f"http://{host}:8080/api/v2/"


@pytest.mark.parametrize(
    "url", ["http://acme.zendesk.com/api/v2/", "http://10.0.0.8/api/v2/", "http://128.0.0.1/"]
)
def test_plain_http_to_any_other_host_is_refused(url: str) -> None:
    with pytest.raises(ConfigError, match="plain http") as caught:
        check_base_url(url)

    assert "https://" in caught.value.hint


def test_credentials_in_the_url_are_refused_without_echoing_them() -> None:
    with pytest.raises(ConfigError) as caught:
        check_base_url("https://me:hunter22@acme.zendesk.com/api/v2/")

    assert "hunter22" not in str(caught.value) + caught.value.hint


@pytest.mark.parametrize("url", ["ftp://acme.example/", "acme.zendesk.com/api/v2", "https:///x"])
def test_urls_without_http_scheme_or_host_are_refused(url: str) -> None:
    with pytest.raises(ConfigError):
        check_base_url(url)


def test_subdomain_becomes_the_api_v2_url() -> None:
    assert subdomain_url("Acme-Support") == "https://acme-support.zendesk.com/api/v2/"


@pytest.mark.parametrize("bad", ["", "acme.evil.com", "a/b", "x" * 64])
def test_a_subdomain_that_is_not_one_label_is_refused(bad: str) -> None:
    with pytest.raises(ConfigError, match="not a Zendesk subdomain"):
        subdomain_url(bad)


def test_is_loopback_is_false_for_public_names() -> None:
    assert not is_loopback("localhost.acme.example")
    assert is_loopback("LOCALHOST")


def test_target_resolves_relative_rooted_and_same_origin_absolute_paths() -> None:
    target = Target("https://acme.zendesk.com/api/v2/")

    assert target.url("triggers") == "https://acme.zendesk.com/api/v2/triggers"
    assert target.url("/api/v2/x.json") == "https://acme.zendesk.com/api/v2/x.json"
    nxt = "https://ACME.zendesk.com/api/v2/brands.json?page%5Bafter%5D=a"
    assert target.url(nxt) == nxt


@pytest.mark.parametrize(
    "url",
    [
        "https://other.zendesk.com/api/v2/brands.json",
        "http://acme.zendesk.com/api/v2/brands.json",
        "https://acme.zendesk.com:8443/api/v2/brands.json",
        "https://x:y@acme.zendesk.com/api/v2/brands.json",
    ],
)
def test_target_refuses_links_off_the_base_origin(url: str) -> None:
    assert Target("https://acme.zendesk.com/api/v2/").url(url) is None


def test_target_names_requests_by_relative_path_with_secret_query_values_hidden() -> None:
    target = Target("http://127.0.0.1:9000/accounts/b/api/v2/")

    shown = target.show("http://127.0.0.1:9000/accounts/b/api/v2/groups.json?page=2")
    assert shown == "groups.json?page=2"
    assert target.show("uploads", {"filename": "a.png", "token": "T0K"}) == (
        "uploads?filename=a.png&token=***"
    )
    assert target.show("search?access_token=zz") == "search?access_token=***"


def test_a_url_inside_the_query_does_not_make_a_path_absolute() -> None:
    target = Target("https://acme.zendesk.com/api/v2/")

    assert target.url("search?query=https://x.example") == (
        "https://acme.zendesk.com/api/v2/search?query=https://x.example"
    )
