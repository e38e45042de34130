"""Where a client may connect, how it is opened and closed, and what --debug logs."""

from __future__ import annotations

import logging
from collections.abc import Callable

import httpx
import pytest
import respx
from client_support import BASE

from helpctl.errors import ConfigError
from helpctl.zendesk.client import ZendeskClient

MakeClient = Callable[..., ZendeskClient]


def test_an_http_base_url_off_loopback_is_refused(make_client: MakeClient) -> None:
    with pytest.raises(ConfigError, match="plain http"):
        make_client(base_url="http://acme.zendesk.com/api/v2/")


def test_the_sandbox_on_loopback_may_use_http(make_client: MakeClient) -> None:
    client = make_client(base_url="http://127.0.0.1:8765/accounts/b/api/v2")

    assert client.base_url == "http://127.0.0.1:8765/accounts/b/api/v2/"


def test_a_rate_limit_below_one_is_a_config_error(make_client: MakeClient) -> None:
    with pytest.raises(ConfigError, match="positive number"):
        make_client(rate_limit=0)


def test_debug_logs_one_line_per_attempt_with_status_duration_remaining_and_retry(
    client: ZendeskClient, router: respx.Router, caplog: pytest.LogCaptureFixture
) -> None:
    router.get("groups").mock(
        side_effect=[
            httpx.Response(500),
            httpx.Response(200, json={"groups": []}, headers={"x-rate-limit-remaining": "41"}),
        ]
    )
    caplog.set_level(logging.DEBUG, logger="helpctl.http")

    client.get("groups", {"page[size]": 100})

    lines = [r.getMessage() for r in caplog.records if r.name == "helpctl.http"]
    assert len(lines) == 2
    assert lines[0].startswith("[acme] GET groups?page[size]=100 → 500 ")
    assert lines[0].endswith("remaining=- retry=0")
    assert lines[1].endswith("remaining=41 retry=1")
    assert "ms " in lines[1]


def test_stats_count_requests_by_method_and_reset(
    client: ZendeskClient, router: respx.Router
) -> None:
    router.get("groups").mock(return_value=httpx.Response(200, json={"groups": []}))
    router.delete("groups/1").mock(return_value=httpx.Response(204))

    client.get("groups")
    client.get("groups")
    client.delete("groups/1")

    assert client.stats.by_method == {"GET": 2, "DELETE": 1}
    assert client.stats.as_dict()["requests"] == 3
    client.stats.reset()
    assert (client.stats.requests, client.stats.by_method) == (0, {})


def test_paths_are_relative_to_the_base_url(client: ZendeskClient, router: respx.Router) -> None:
    route = router.get(f"{BASE}ticket_fields/12/options").mock(
        return_value=httpx.Response(200, json={"custom_field_options": []})
    )

    client.get("ticket_fields/12/options")

    assert route.call_count == 1


def test_a_refused_base_url_names_the_instance(make_client: MakeClient) -> None:
    with pytest.raises(ConfigError, match=r"^instance acme: refusing plain http to 10\.1\.2\.3"):
        make_client(base_url="http://10.1.2.3/api/v2/")
