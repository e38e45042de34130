"""Lists are read lazily and completely, in both of Zendesk's pagination shapes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
import respx
from client_support import fixture_bytes, fixture_json, json_reply

from helpctl.errors import ApiError
from helpctl.zendesk.client import ZendeskClient

Recorded = Callable[[str], bytes]
RECORDED_HOST = "https://subdomain.zendesk.com/api/v2/"


def test_cursor_pages_recorded_for_brands_are_followed_until_has_more_is_false(
    make_client: Callable[..., ZendeskClient], router: respx.Router, recorded: Recorded
) -> None:
    page1 = recorded("account_configuration/brand/list_page1_200.json")
    page2 = recorded("account_configuration/brand/list_page2_200.json")
    second = router.get(f"{RECORDED_HOST}brands.json", params={"page[after]": "aCursor="}).mock(
        return_value=json_reply(200, page2)
    )
    first = router.get(f"{RECORDED_HOST}brands", params={"page[size]": "100"}).mock(
        return_value=json_reply(200, page1)
    )
    client = make_client(base_url=RECORDED_HOST)

    brands = list(client.iter_items("brands", "brands"))

    assert len(brands) == 3
    assert len({b["id"] for b in brands}) == 3
    assert (first.call_count, second.call_count) == (1, 1)


def test_last_cursor_page_with_a_next_link_elsewhere_is_not_followed(
    make_client: Callable[..., ZendeskClient], router: respx.Router, recorded: Recorded
) -> None:
    # The recorded second page of ticket fields links to another account, with has_more false.
    page1 = recorded("support/ticket_field/list_page1_200.json")
    page2 = recorded("support/ticket_field/list_page2_200.json")
    router.get(f"{RECORDED_HOST}ticket_fields.json", params={"page[after]": "aCursor="}).mock(
        return_value=json_reply(200, page2)
    )
    router.get(f"{RECORDED_HOST}ticket_fields").mock(return_value=json_reply(200, page1))
    client = make_client(base_url=RECORDED_HOST)

    fields = list(client.iter_items("ticket_fields", "ticket_fields", page_size=2))

    assert len(fields) == 4
    assert client.stats.requests == 2


def test_salto_trigger_categories_stop_when_has_more_is_false_despite_a_next_link(
    make_client: Callable[..., ZendeskClient],
    router: respx.Router,
    salto_replies: list[dict[str, Any]],
) -> None:
    reply = next(r for r in salto_replies if r["url"] == "/api/v2/trigger_categories")
    base = "https://myBrand.zendesk.com/api/v2/"
    route = router.get(f"{base}trigger_categories").mock(
        return_value=httpx.Response(200, json=reply["response"])
    )
    client = make_client(base_url=base)

    categories = list(client.iter_items("trigger_categories", "trigger_categories"))

    assert [c["name"] for c in categories] == [
        "Notifications",
        "Custom Events",
        "Custom Events - edited",
    ]
    assert route.call_count == 1


def test_offset_shaped_answer_to_a_cursor_request_is_read_too(
    make_client: Callable[..., ZendeskClient],
    router: respx.Router,
    salto_replies: list[dict[str, Any]],
) -> None:
    reply = next(r for r in salto_replies if r["url"] == "/api/v2/brands")
    base = "https://myBrand.zendesk.com/api/v2/"
    router.get(f"{base}brands").mock(return_value=httpx.Response(200, json=reply["response"]))

    brands = list(make_client(base_url=base).iter_items("brands", "brands"))

    assert len(brands) == reply["response"]["count"]


def test_offset_pages_follow_next_page_until_null(
    client: ZendeskClient, router: respx.Router
) -> None:
    router.get("groups.json", params={"page": "2"}).mock(
        return_value=json_reply(200, fixture_bytes("offset_page2.json"))
    )
    first = router.get("groups", params={"per_page": "2"}).mock(
        return_value=json_reply(200, fixture_bytes("offset_page1.json"))
    )

    names = [
        g["name"] for g in client.iter_items("groups", "groups", pagination="offset", page_size=2)
    ]

    assert names == ["Tier 1", "Tier 2", "Billing"]
    assert first.call_count == 1


def test_a_repeated_cursor_raises_naming_the_path_instead_of_looping(
    client: ZendeskClient, router: respx.Router
) -> None:
    route = router.route(method="GET", path__regex=r"/triggers(\.json)?$").mock(
        return_value=json_reply(200, fixture_bytes("cursor_repeat.json"))
    )

    with pytest.raises(ApiError) as caught:
        list(client.iter_items("triggers", "triggers"))

    assert "same page twice" in str(caught.value)
    assert caught.value.path.startswith("triggers")
    assert route.call_count == 2


def test_has_more_with_only_an_after_cursor_asks_for_the_next_page_by_cursor(
    client: ZendeskClient, router: respx.Router
) -> None:
    last = dict(fixture_json("cursor_no_link.json"), meta={"has_more": False})
    second = router.get("macros", params={"page[after]": "bmV4dA=="}).mock(
        return_value=httpx.Response(200, json=last)
    )
    router.get("macros").mock(return_value=json_reply(200, fixture_bytes("cursor_no_link.json")))

    assert len(list(client.iter_items("macros", "macros"))) == 2
    assert second.calls.last.request.url.params["page[size]"] == "100"


def test_has_more_without_link_or_cursor_raises_rather_than_stop_early(
    client: ZendeskClient, router: respx.Router
) -> None:
    router.get("macros").mock(return_value=json_reply(200, fixture_bytes("cursor_dead_end.json")))

    with pytest.raises(ApiError, match=r"has_more is true but there is no links\.next"):
        list(client.iter_items("macros", "macros"))


def test_an_empty_list_yields_nothing(client: ZendeskClient, router: respx.Router) -> None:
    router.get("triggers").mock(return_value=json_reply(200, fixture_bytes("cursor_empty.json")))

    assert list(client.iter_items("triggers", "triggers")) == []


def test_unpaginated_list_is_one_get_without_page_parameters(
    client: ZendeskClient, router: respx.Router, recorded: Recorded
) -> None:
    route = router.get("ticket_forms").mock(
        return_value=json_reply(200, recorded("support/ticket_form/list_200.json"))
    )

    forms = list(client.iter_items("ticket_forms", "ticket_forms", pagination="none"))

    assert len(forms) == 3
    assert route.call_count == 1
    assert not route.calls.last.request.url.params


def test_listing_is_lazy_and_keeps_the_callers_params(
    client: ZendeskClient, router: respx.Router
) -> None:
    route = router.get("macros").mock(
        return_value=json_reply(
            200, fixture_bytes("cursor_empty.json").replace(b"triggers", b"macros")
        )
    )

    items = client.iter_items("macros", "macros", params={"access": "shared"})
    assert route.call_count == 0
    assert list(items) == []
    assert dict(route.calls.last.request.url.params) == {"access": "shared", "page[size]": "100"}


def test_a_next_link_to_another_host_is_refused_and_never_requested(
    client: ZendeskClient, router: respx.Router
) -> None:
    foreign = router.get("https://collector.example.net/api/v2/views.json")
    router.get("views").mock(
        return_value=json_reply(200, fixture_bytes("cursor_foreign_next.json"))
    )

    with pytest.raises(ApiError, match=r"another host \(collector.example.net\)"):
        list(client.iter_items("views", "views"))

    assert foreign.call_count == 0


def test_an_answer_without_the_list_key_raises(client: ZendeskClient, router: respx.Router) -> None:
    router.get("views").mock(return_value=httpx.Response(200, json={"rows": []}))

    with pytest.raises(ApiError, match="the answer has no 'views' list"):
        list(client.iter_items("views", "views"))
