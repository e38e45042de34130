"""The client's base URL passes the URL policy; links are followed on the base URL's origin only."""

from __future__ import annotations

import pytest

from helpctl.errors import ConfigError
from helpctl.zendesk.urls import Target, check_base_url


def test_the_client_takes_an_allowed_base_url_with_a_trailing_slash() -> None:
    assert check_base_url("http://[::1]:8080/api/v2") == "http://[::1]:8080/api/v2/"


def test_the_client_refuses_what_the_url_policy_refuses_naming_the_instance() -> None:
    with pytest.raises(ConfigError, match=r"^instance prod: refusing plain http") as caught:
        check_base_url("http://acme.zendesk.com/api/v2/", instance="prod")

    assert "https://" in caught.value.hint


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
