"""The token never shows: one test drives every failure path and scans all that was captured."""

from __future__ import annotations

import json
import logging
import traceback
from collections.abc import Callable

import httpx
import pytest
import respx
from client_support import CANARY, CANARY_B64, fixture_bytes, json_reply

from helpctl.errors import ApiError
from helpctl.zendesk.auth import Auth
from helpctl.zendesk.client import ZendeskClient

MakeClient = Callable[..., ZendeskClient]


def _mock_every_failure(router: respx.Router, recorded: Callable[[str], bytes]) -> None:
    router.get("s401").mock(return_value=json_reply(401, recorded("support/tickets/show_401.json")))
    router.get("s403").mock(return_value=json_reply(403, fixture_bytes("403_forbidden.json")))
    router.get("s404").mock(return_value=json_reply(404, recorded("support/tickets/show_404.json")))
    router.post("s422").mock(
        return_value=json_reply(422, recorded("support/users/create_422.json"))
    )
    router.post("s400").mock(
        return_value=json_reply(400, fixture_bytes("400_too_many_values.json"))
    )
    router.get("s429").mock(
        return_value=httpx.Response(429, text="slow down", headers={"retry-after": "1"})
    )
    router.get("s503").mock(return_value=httpx.Response(503))
    router.get("s500").mock(return_value=httpx.Response(500, text=f"echo {CANARY}"))
    router.get("conn").mock(side_effect=httpx.ConnectError(f"refused for {CANARY}"))
    router.post("lost").mock(side_effect=httpx.ReadTimeout("timed out"))
    router.get("views").mock(
        return_value=json_reply(200, fixture_bytes("cursor_foreign_next.json"))
    )
    router.get("triggers").mock(return_value=json_reply(200, fixture_bytes("cursor_repeat.json")))
    router.route(method="GET", path__regex=r"/triggers\.json$").mock(
        return_value=json_reply(200, fixture_bytes("cursor_repeat.json"))
    )
    router.get("ok").mock(
        return_value=httpx.Response(200, json={"ok": True}, headers={"x-rate-limit-remaining": "5"})
    )


def test_the_canary_token_never_appears_in_errors_logs_reprs_or_output(
    make_client: MakeClient,
    router: respx.Router,
    recorded: Callable[[str], bytes],
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    _mock_every_failure(router, recorded)
    clients = [make_client(max_retries=1), make_client(auth=Auth.bearer(CANARY), max_retries=1)]
    calls: list[Callable[[ZendeskClient], object]] = [
        lambda c: c.get("s401"),
        lambda c: c.get("s403"),
        lambda c: c.get("s404"),
        lambda c: c.post("s422", {"user": {}}),
        lambda c: c.post("s400", {"users": []}),
        lambda c: c.get("s429"),
        lambda c: c.get("s503"),
        lambda c: c.get("s500"),
        lambda c: c.get("conn"),
        lambda c: c.post("lost", {"x": 1}),
        lambda c: list(c.iter_items("views", "views")),
        lambda c: list(c.iter_items("triggers", "triggers")),
        lambda c: c.get("https://evil.example/api/v2/x"),
    ]
    texts: list[str] = []
    for client in clients:
        client.get("ok")
        for call in calls:
            with pytest.raises(ApiError) as caught:
                call(client)
            err = caught.value
            texts += [str(err), repr(err), err.hint, json.dumps(err.as_dict()), repr(vars(err))]
            texts += traceback.format_exception(err)
        texts += [repr(client), str(client), repr(client.stats), repr(client.limiter.__dict__)]
    texts += [repr(Auth.token("a@b.c", CANARY)), str(Auth.bearer(CANARY))]
    out = capsys.readouterr()
    texts += [out.out, out.err, caplog.text]
    texts += [r.getMessage() for r in caplog.records]

    # The secret really was sent, so scanning for it means something.
    sent = [call.request.headers["authorization"] for call in router.calls]
    assert f"Basic {CANARY_B64}" in sent and f"Bearer {CANARY}" in sent
    assert len([r for r in caplog.records if r.name == "helpctl.http"]) >= 2 * len(calls)
    everything = "\n".join(texts)
    assert CANARY not in everything
    assert CANARY_B64 not in everything
