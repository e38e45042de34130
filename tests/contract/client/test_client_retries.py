"""Transport failures are retried only where a repeat cannot duplicate an object."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
import respx
from client_support import FakeTime, fixture_bytes, fixture_json, json_reply

from helpctl.errors import ApiError, ServerError, TransportError
from helpctl.zendesk.client import ZendeskClient

MakeClient = Callable[..., ZendeskClient]


@pytest.mark.parametrize(
    "failure",
    [
        httpx.ReadTimeout("timed out"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
        httpx.ConnectError("[Errno 111] Connection refused"),
    ],
    ids=type,
)
def test_a_transport_failure_on_get_is_retried(
    client: ZendeskClient, router: respx.Router, failure: Exception
) -> None:
    route = router.get("groups").mock(
        side_effect=[failure, httpx.Response(200, json={"groups": []})]
    )

    assert client.get("groups") == {"groups": []}
    assert route.call_count == 2
    assert client.stats.retries == 1


def test_a_put_whose_answer_was_lost_is_retried(
    client: ZendeskClient, router: respx.Router
) -> None:
    route = router.put("groups/3").mock(
        side_effect=[httpx.ReadError("reset"), httpx.Response(200, json={"group": {"id": 3}})]
    )

    assert client.put("groups/3", {"group": {"name": "x"}}) == {"group": {"id": 3}}
    assert route.call_count == 2


@pytest.mark.parametrize(
    "failure",
    [httpx.ReadTimeout("timed out"), httpx.RemoteProtocolError("connection reset")],
    ids=type,
)
def test_a_post_whose_answer_was_lost_is_not_resent_but_raises_transport_error(
    client: ZendeskClient, router: respx.Router, failure: Exception
) -> None:
    route = router.post("groups").mock(side_effect=[failure, httpx.Response(201, json={})])

    with pytest.raises(TransportError) as caught:
        client.post("groups", {"group": {"name": "Tier 3"}})

    assert route.call_count == 1
    assert caught.value.method == "POST" and caught.value.path == "groups"
    assert "may or may not have been created" in caught.value.hint


def test_a_post_that_could_not_connect_is_retried(
    client: ZendeskClient, router: respx.Router
) -> None:
    route = router.post("groups").mock(
        side_effect=[httpx.ConnectError("refused"), httpx.Response(201, json={"group": {"id": 4}})]
    )

    assert client.post("groups", {"group": {"name": "Tier 3"}}) == {"group": {"id": 4}}
    assert route.call_count == 2


def test_a_post_marked_idempotent_is_retried_after_a_lost_answer(
    client: ZendeskClient, router: respx.Router
) -> None:
    route = router.post("users/create_or_update_many").mock(
        side_effect=[httpx.ReadTimeout("slow"), json_reply(200, fixture_bytes("job_queued.json"))]
    )

    body = client.post("users/create_or_update_many", {"users": []}, idempotent=True)

    assert body["job_status"]["status"] == "queued"
    assert route.call_count == 2


def test_retries_stop_after_max_retries_with_exponential_jittered_backoff(
    make_client: MakeClient, router: respx.Router, fake_time: FakeTime
) -> None:
    route = router.get("groups").mock(side_effect=httpx.ConnectError("refused"))
    client = make_client(max_retries=4)

    with pytest.raises(TransportError, match="no answer from Zendesk"):
        client.get("groups")

    assert route.call_count == 5
    assert len(fake_time.sleeps) == 4
    for step, slept in enumerate(fake_time.sleeps):
        ceiling = 0.5 * 2**step
        assert ceiling / 2 <= slept <= ceiling


def test_a_local_protocol_error_is_not_retried(client: ZendeskClient, router: respx.Router) -> None:
    route = router.get("groups").mock(side_effect=httpx.LocalProtocolError("bad header"))

    with pytest.raises(TransportError):
        client.get("groups")

    assert route.call_count == 1


def test_delete_returns_none_for_204(client: ZendeskClient, router: respx.Router) -> None:
    router.delete("macros/8").mock(return_value=httpx.Response(204))

    assert client.delete("macros/8") is None


def test_requests_send_json_with_the_auth_header(
    client: ZendeskClient, router: respx.Router
) -> None:
    route = router.post("groups").mock(return_value=httpx.Response(201, json={"group": {}}))

    client.post("groups", {"group": {"name": "Tier 3"}})

    sent = route.calls.last.request
    assert sent.headers["content-type"] == "application/json"
    assert sent.headers["accept"] == "application/json"
    assert sent.headers["authorization"].startswith("Basic ")
    assert sent.content == b'{"group":{"name":"Tier 3"}}'


def test_upload_posts_raw_bytes_with_their_type_and_returns_the_upload(
    client: ZendeskClient, router: respx.Router, recorded: Callable[[str], bytes]
) -> None:
    body = recorded("support/ticket_attachment/upload_200.json")
    route = router.post("uploads").mock(return_value=json_reply(201, body))

    upload = client.upload("screen shot.png", b"\x89PNG", "image/png")

    sent = route.calls.last.request
    assert upload["token"] == "FakeUploadToken"
    assert sent.content == b"\x89PNG"
    assert sent.headers["content-type"] == "image/png"
    assert sent.url.params["filename"] == "screen shot.png"


def test_upload_into_an_existing_token_is_not_resent_after_a_lost_answer(
    client: ZendeskClient, router: respx.Router
) -> None:
    route = router.post("uploads").mock(side_effect=httpx.ReadTimeout("slow"))

    with pytest.raises(TransportError):
        client.upload("b.txt", b"b", "text/plain", token="tok-1")

    assert route.call_count == 1


def test_wait_job_polls_until_completed_and_returns_the_final_status(
    client: ZendeskClient, router: respx.Router, fake_time: FakeTime
) -> None:
    route = router.get("job_statuses/V3-5f1e2d").mock(
        side_effect=[
            json_reply(200, fixture_bytes("job_working.json")),
            json_reply(200, fixture_bytes("job_completed.json")),
        ]
    )
    job = client.wait_job(fixture_json("job_queued.json"), poll_interval=0.5)

    assert job["status"] == "completed"
    assert [r.get("error") for r in job["results"]] == [None, "OrganizationUpdateFailed"]
    assert route.call_count == 2
    assert fake_time.sleeps == [0.5, 0.5]


def test_wait_job_gives_up_after_its_timeout(
    client: ZendeskClient, router: respx.Router, fake_time: FakeTime
) -> None:
    router.get("job_statuses/V3-5f1e2d").mock(
        return_value=json_reply(200, fixture_bytes("job_working.json"))
    )
    with pytest.raises(ApiError, match="still 'working' after 3 s"):
        client.wait_job(fixture_json("job_queued.json"), poll_interval=1, timeout=3)

    assert fake_time.slept == 3


def test_a_post_declined_with_503_and_retry_after_is_retried_as_it_never_ran(
    client: ZendeskClient, router: respx.Router, fake_time: FakeTime
) -> None:
    route = router.post("groups").mock(
        side_effect=[
            httpx.Response(503, headers={"retry-after": "3"}),
            httpx.Response(201, json={"group": {"id": 5}}),
        ]
    )

    assert client.post("groups", {"group": {"name": "Tier 3"}}) == {"group": {"id": 5}}
    assert route.call_count == 2
    assert fake_time.slept == 3


def test_a_post_answered_503_without_retry_after_is_not_resent(
    client: ZendeskClient, router: respx.Router
) -> None:
    route = router.post("groups").mock(return_value=httpx.Response(503))

    with pytest.raises(ServerError):
        client.post("groups", {"group": {"name": "Tier 3"}})

    assert route.call_count == 1
