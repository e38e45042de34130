"""Every HTTP failure becomes the right ApiError, naming method and path, with a usable hint."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
import respx
from client_support import FakeTime, fixture_bytes, json_reply

from helpctl.errors import (
    ApiError,
    AuthError,
    InvalidRecord,
    NotFound,
    PermissionDenied,
    RateLimited,
    ServerError,
)
from helpctl.zendesk.client import ZendeskClient

Recorded = Callable[[str], bytes]


def test_401_recorded_body_is_an_auth_error_pointing_at_the_instance_credentials(
    client: ZendeskClient, router: respx.Router, recorded: Recorded
) -> None:
    router.get("tickets/1").mock(
        return_value=json_reply(401, recorded("support/tickets/show_401.json"))
    )

    with pytest.raises(AuthError) as caught:
        client.get("tickets/1")

    err = caught.value
    assert (err.method, err.path, err.status) == ("GET", "tickets/1", 401)
    assert "Couldn't authenticate you" in str(err)
    assert "instance 'acme'" in err.hint and "token" in err.hint


def test_403_is_permission_denied_asking_for_admin_rights(
    client: ZendeskClient, router: respx.Router
) -> None:
    router.get("triggers").mock(return_value=json_reply(403, fixture_bytes("403_forbidden.json")))

    with pytest.raises(PermissionDenied) as caught:
        client.get("triggers")

    assert "You do not have access to this page" in str(caught.value)
    assert "admin rights" in caught.value.hint
    assert "import" not in caught.value.hint


def test_403_on_bulk_import_says_import_must_be_enabled(
    client: ZendeskClient, router: respx.Router
) -> None:
    router.post("users/create_or_update_many").mock(
        return_value=json_reply(403, fixture_bytes("403_forbidden.json"))
    )

    with pytest.raises(PermissionDenied) as caught:
        client.post("users/create_or_update_many", {"users": []}, idempotent=True)

    assert "bulk user and ticket import must be enabled" in caught.value.hint


def test_404_recorded_body_is_not_found_naming_method_and_path(
    client: ZendeskClient, router: respx.Router, recorded: Recorded
) -> None:
    router.put("macros/42").mock(
        return_value=json_reply(404, recorded("support/tickets/show_404.json"))
    )

    with pytest.raises(NotFound) as caught:
        client.put("macros/42", {"macro": {"title": "x"}})

    assert str(caught.value) == "[acme] PUT macros/42 → 404: Not found (RecordNotFound)"
    assert "deleted outside helpctl" in caught.value.hint


def test_404_for_an_unknown_subdomain_says_to_check_the_subdomain(
    client: ZendeskClient, router: respx.Router, recorded: Recorded
) -> None:
    body = recorded("support/tickets/show_404_wrong_subdomain.json")
    router.get("users/me").mock(return_value=json_reply(404, body))

    with pytest.raises(NotFound) as caught:
        client.get("users/me")

    assert "No help desk at example.zendesk.com" in str(caught.value)
    assert "check the subdomain" in caught.value.hint


@pytest.mark.parametrize(
    ("name", "field", "text"),
    [
        ("errors/422_record_invalid.json", "status", "Status: closed prevents ticket update"),
        ("support/users/create_422.json", "name", "Name: is too short (minimum one character)"),
        (
            "support/organization_membership/create_422.json",
            "user_id",
            "This user is already a member of this organization.",
        ),
    ],
)
def test_422_recorded_details_are_flattened_per_field(
    client: ZendeskClient,
    router: respx.Router,
    recorded: Recorded,
    name: str,
    field: str,
    text: str,
) -> None:
    router.post("things").mock(return_value=json_reply(422, recorded(name)))

    with pytest.raises(InvalidRecord) as caught:
        client.post("things", {"thing": {}})

    assert caught.value.details == {field: [text]}
    assert text in str(caught.value)
    assert "fix the fields listed" in caught.value.hint


def test_422_without_details_uses_the_description(
    client: ZendeskClient, router: respx.Router, recorded: Recorded
) -> None:
    body = recorded("support/ticket_attachment/upload_422.json")
    router.post("uploads").mock(return_value=json_reply(422, body))

    with pytest.raises(InvalidRecord) as caught:
        client.upload("a.bin", b"\x00", "application/octet-stream")

    assert "Attachment file could not be processed. (AttachmentUnprocessable)" in str(caught.value)
    assert caught.value.details == {}


def test_400_too_many_values_says_to_send_smaller_batches(
    client: ZendeskClient, router: respx.Router
) -> None:
    body = fixture_bytes("400_too_many_values.json")
    router.post("imports/tickets/create_many").mock(return_value=json_reply(400, body))

    with pytest.raises(InvalidRecord) as caught:
        client.post("imports/tickets/create_many", {"tickets": []})

    assert caught.value.status == 400
    assert "TooManyValues" in str(caught.value)
    assert "at most 100 items per bulk call" in caught.value.hint


def test_error_object_shape_reads_title_and_message(
    client: ZendeskClient, router: respx.Router, recorded: Recorded
) -> None:
    body = recorded("support/tickets/merge_invalid_id.json")
    router.post("tickets/x/merge").mock(return_value=json_reply(400, body))

    with pytest.raises(InvalidRecord) as caught:
        client.post("tickets/x/merge", {"ids": [1]})

    assert "Invalid attribute: You passed an invalid value for the id attribute" in str(
        caught.value
    )


def test_json_api_errors_are_joined_and_pointed_fields_become_details(
    client: ZendeskClient, router: respx.Router
) -> None:
    body = fixture_bytes("422_json_api.json")
    router.patch("trigger_categories/9").mock(return_value=json_reply(422, body))

    with pytest.raises(InvalidRecord) as caught:
        client.patch("trigger_categories/9", {"trigger_category": {"name": ""}})

    assert "Name can't be blank; Position must be a number" in str(caught.value)
    assert caught.value.details == {"trigger_category/name": ["Name can't be blank"]}


def test_429_json_after_retries_run_out_is_rate_limited_with_retry_after(
    make_client: Callable[..., ZendeskClient], router: respx.Router, recorded: Recorded
) -> None:
    body = recorded("errors/api_rate_limit_exceeded_429.json")
    route = router.get("incremental/tickets/cursor").mock(
        return_value=json_reply(429, body, **{"retry-after": "7"})
    )
    client = make_client(max_retries=2)

    with pytest.raises(RateLimited) as caught:
        client.get("incremental/tickets/cursor", {"start_time": 0})

    assert route.call_count == 3
    assert caught.value.retry_after == 7
    assert "incremental export API requests per minute exceeded" in str(caught.value)
    assert "rate limit" in caught.value.hint and "wait 7 s" in caught.value.hint
    assert client.stats.rate_limited == 3


def test_429_plain_text_body_is_read_as_the_message(
    make_client: Callable[..., ZendeskClient], router: respx.Router, recorded: Recorded
) -> None:
    body = recorded("errors/api_rate_limit_exceeded_429_inconsistent.txt")
    router.get("views").mock(
        return_value=httpx.Response(
            429, content=body, headers={"content-type": "text/plain", "retry-after": "1"}
        )
    )
    client = make_client(max_retries=0)

    with pytest.raises(RateLimited) as caught:
        client.get("views")

    assert caught.value.message == "Number of allowed API requests per minute exceeded"


def test_503_with_retry_after_waits_that_long_then_succeeds(
    client: ZendeskClient, router: respx.Router, fake_time: FakeTime
) -> None:
    router.get("groups").mock(
        side_effect=[
            httpx.Response(503, headers={"retry-after": "5"}),
            httpx.Response(200, json={"groups": []}),
        ]
    )

    assert client.get("groups") == {"groups": []}
    assert fake_time.slept == pytest.approx(5)


def test_503_without_retry_after_backs_off_then_succeeds(
    client: ZendeskClient, router: respx.Router, fake_time: FakeTime
) -> None:
    router.get("groups").mock(
        side_effect=[httpx.Response(503), httpx.Response(200, json={"groups": [{"id": 1}]})]
    )

    assert client.get("groups") == {"groups": [{"id": 1}]}
    assert 0.25 <= fake_time.slept <= 0.5  # first backoff step: 0.5 s scaled by jitter 0.5–1


def test_500_then_success_returns_the_body_and_counts_the_retry(
    client: ZendeskClient, router: respx.Router
) -> None:
    router.get("brands/1").mock(
        side_effect=[
            httpx.Response(500, text="Internal Server Error"),
            httpx.Response(200, json={"brand": {"id": 1}}),
        ]
    )

    assert client.get("brands/1") == {"brand": {"id": 1}}
    assert (client.stats.requests, client.stats.retries) == (2, 1)


def test_5xx_that_persists_is_a_server_error_after_max_retries(
    make_client: Callable[..., ZendeskClient], router: respx.Router
) -> None:
    route = router.get("brands").mock(return_value=httpx.Response(502, text="Bad Gateway"))
    client = make_client(max_retries=3)

    with pytest.raises(ServerError) as caught:
        client.get("brands")

    assert route.call_count == 4
    assert "status.zendesk.com" in caught.value.hint


def test_500_on_a_post_is_not_resent(client: ZendeskClient, router: respx.Router) -> None:
    route = router.post("groups").mock(return_value=httpx.Response(500))

    with pytest.raises(ServerError) as caught:
        client.post("groups", {"group": {"name": "Tier 3"}})

    assert route.call_count == 1
    assert "may have taken effect" in caught.value.hint


def test_html_error_page_is_not_quoted_into_the_message(
    make_client: Callable[..., ZendeskClient], router: respx.Router
) -> None:
    page = fixture_bytes("error_page.html")
    router.get("views").mock(
        return_value=httpx.Response(502, content=page, headers={"content-type": "text/html"})
    )

    with pytest.raises(ServerError) as caught:
        make_client(max_retries=0).get("views")

    assert caught.value.message == "HTTP 502"


def test_unknown_4xx_is_a_plain_api_error(client: ZendeskClient, router: respx.Router) -> None:
    router.get("views").mock(return_value=httpx.Response(418, text="teapot"))

    with pytest.raises(ApiError) as caught:
        client.get("views")

    assert type(caught.value) is ApiError
    assert caught.value.status == 418


def test_error_path_names_the_query_but_hides_secret_values(
    client: ZendeskClient, router: respx.Router
) -> None:
    router.post("uploads").mock(return_value=httpx.Response(413, json={"error": "TooLarge"}))

    with pytest.raises(InvalidRecord) as caught:
        client.upload("big.pdf", b"%PDF", "application/pdf", token="upload-token-123")

    assert caught.value.path == "uploads?filename=big.pdf&token=***"
    assert "upload-token-123" not in str(caught.value)


def test_a_redirect_is_not_followed_but_reported(
    client: ZendeskClient, router: respx.Router
) -> None:
    elsewhere = router.get("https://acme.example.net/api/v2/groups")
    router.post("groups").mock(
        return_value=httpx.Response(
            301, headers={"location": "https://acme.example.net/api/v2/groups"}
        )
    )

    with pytest.raises(ApiError) as caught:
        client.post("groups", {"group": {"name": "Tier 3"}})

    assert caught.value.status == 301
    assert "does not follow redirects" in caught.value.hint
    assert elsewhere.call_count == 0


def test_a_success_whose_json_is_cut_off_is_an_error_not_a_string(
    client: ZendeskClient, router: respx.Router
) -> None:
    router.get("groups").mock(return_value=json_reply(200, b'{"groups": [{"id": 1'))

    with pytest.raises(ApiError, match="not valid JSON"):
        client.get("groups")


def test_a_success_that_is_not_json_is_returned_as_text(
    client: ZendeskClient, router: respx.Router
) -> None:
    router.get("macros/attachments/4/content").mock(
        return_value=httpx.Response(200, text="plain file", headers={"content-type": "text/plain"})
    )

    assert client.get("macros/attachments/4/content") == "plain file"
