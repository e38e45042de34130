"""The ``rt`` source's contract with RT's REST 2 API, on the failures a real RT rarely shows on
demand (respx): wrong credentials and an unreachable RT stop the run with a clear error; a
ticket the account may not read, a file RT cannot serve and a deleted user are record-level.
The happy path runs against a real RT in tests/e2e/migrate/test_rt_real.py."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from helpctl.errors import SourceError
from helpctl.migrate.sources import open_source, spec_problems
from helpctl.migrate.sources.rt import RtSource, ticket_sql
from helpctl.rt.client import RecordError, RtAuth, RtClient

URL = "http://rt.test"
API = URL + "/REST/2.0/"
SECRET = "s3cret-pass"


def _user(name: str, privileged: int) -> dict[str, Any]:
    return {
        "Name": name,
        "EmailAddress": f"{name}@example.org",
        "RealName": name.title(),
        "Privileged": privileged,
        "Disabled": "0",
    }


def _ticket(tid: int, requestor: str) -> dict[str, Any]:
    return {
        "id": str(tid),
        "Subject": f"Ticket {tid}",
        "Status": "open",
        "Priority": "0",
        "Queue": {"id": "1"},
        "Owner": {"id": "Nobody"},
        "Requestor": [{"id": requestor}],
        "Cc": [],
        "CustomFields": [],
        "Created": "2024-01-02T03:04:05Z",
        "Resolved": "1970-01-01T00:00:00Z",
        "LastUpdated": "2024-01-03T00:00:00Z",
    }


def _b64(data: bytes) -> dict[str, str]:
    return {"Content": base64.b64encode(data).decode()}


@pytest.fixture
def rt() -> Iterator[respx.MockRouter]:
    """An RT with two tickets: 1 (a body, a file RT fails to serve, a reply by a deleted
    user, RT's own mail copy) and 2 (the account may not read its history)."""
    with respx.mock(assert_all_called=False) as router:
        router.post(URL + "/NoAuth/Login.html").respond(200, headers={"set-cookie": "RT_SID=x"})
        router.get(API + "queues/all").respond(200, json={"items": [{"id": "1", "Name": "Help"}]})
        router.get(API + "tickets").respond(
            200, json={"items": [_ticket(1, "alice"), _ticket(2, "alice")]}
        )
        router.get(API + "ticket/1/attachments").respond(
            200,
            json={
                "items": [
                    {
                        "id": "10",
                        "TransactionId": "100",
                        "ContentType": "text/plain",
                        "Filename": "",
                    },
                    {
                        "id": "11",
                        "TransactionId": "100",
                        "ContentType": "application/pdf",
                        "Filename": "a.pdf",
                        "ContentLength": "3",
                    },
                    {
                        "id": "12",
                        "TransactionId": "102",
                        "ContentType": "text/plain",
                        "Filename": "",
                    },
                ]
            },
        )
        router.get(API + "ticket/1/history").respond(
            200,
            json={
                "items": [
                    {
                        "id": "100",
                        "Type": "Create",
                        "Creator": {"id": "alice"},
                        "Created": "2024-01-02T03:04:05Z",
                    },
                    {
                        "id": "101",
                        "Type": "EmailRecord",
                        "Creator": {"id": "RT_System"},
                        "Created": "2024-01-02T03:04:06Z",
                    },
                    {
                        "id": "102",
                        "Type": "Comment",
                        "Creator": {"id": "ghost"},
                        "Created": "2024-01-02T04:00:00Z",
                    },
                ]
            },
        )
        router.get(API + "ticket/2/attachments").respond(403, json={"message": "Forbidden"})
        router.get(API + "attachment/10").respond(200, json=_b64("Привет, help!".encode()))
        router.get(API + "attachment/11").respond(500)
        router.get(API + "attachment/12").respond(200, json=_b64(b"internal note"))
        router.get(API + "user/alice").respond(200, json=_user("alice", 0))
        router.get(API + "user/ghost").respond(404, json={"message": "Not found"})
        yield router


def _source(monkeypatch: pytest.MonkeyPatch) -> RtSource:
    monkeypatch.setenv("RT_PASSWORD", SECRET)
    spec = {"kind": "rt", "url": URL, "auth": {"user": "root", "password": {"env": "RT_PASSWORD"}}}
    source = open_source(spec, Path("."))
    assert isinstance(source, RtSource)
    return source


def test_messages_become_comments_and_rt_mail_copies_do_not(
    rt: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = next(_source(monkeypatch).tickets())
    assert [(c.source_id, c.public, c.body) for c in first.comments] == [
        ("100", True, "Привет, help!"),
        ("102", False, "internal note"),
    ]
    assert first.topic == "Help" and first.requester_id == "alice" and first.assignee_id is None
    assert first.solved_at is None  # RT's 1970 "unset"
    assert first.users["alice"].role == "end-user"


def test_a_file_rt_cannot_serve_quarantines_its_ticket_with_the_reason(
    rt: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = next(_source(monkeypatch).tickets())
    assert any("'a.pdf'" in p and "500" in p for p in first.problems), first.problems


def test_a_ticket_the_account_may_not_read_is_a_record_problem_not_a_stop(
    rt: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    tickets = list(_source(monkeypatch).tickets())
    assert [t.source_id for t in tickets] == ["1", "2"]
    assert tickets[1].comments == []
    assert any("403" in p and "Forbidden" in p for p in tickets[1].problems)


def test_a_deleted_user_is_left_to_the_mappings_missing_author_rule(
    rt: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = next(_source(monkeypatch).tickets())
    assert first.comments[1].author_id == "ghost"
    assert "ghost" not in first.users  # unknown: missing_author stands in, or it is quarantined


def test_wrong_credentials_stop_the_run_without_showing_the_secret(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with respx.mock as router:
        router.post(URL + "/NoAuth/Login.html").respond(200, headers={"set-cookie": "RT_SID=x"})
        router.get(API + "tickets").respond(401, json={"message": "Unauthorized"})
        with pytest.raises(SourceError) as err:
            next(_source(monkeypatch).tickets())
    assert "refused the credentials" in err.value.message
    assert SECRET not in err.value.message + err.value.hint
    assert "source.auth" in err.value.hint


def test_an_unreachable_rt_stops_the_run_with_what_to_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with respx.mock as router:
        router.post(URL + "/NoAuth/Login.html").mock(side_effect=httpx.ConnectError("refused"))
        with pytest.raises(SourceError) as err:
            next(_source(monkeypatch).tickets())
    assert "unreachable" in err.value.message and "source.url" in err.value.hint


def test_a_token_is_sent_on_every_request_and_never_logs_in() -> None:
    with respx.mock as router:
        route = router.get(API + "rt").respond(200, json={"Version": "5.0.3"})
        client = RtClient(URL, RtAuth(token="tok-123"))
        client.get("rt")
        assert route.calls.last.request.headers["Authorization"] == "token tok-123"
        assert "tok-123" not in repr(client.auth)


def test_reading_a_file_stops_at_the_size_limit() -> None:
    with respx.mock as router:
        router.get(API + "attachment/9").respond(200, json=_b64(b"x" * 200_000))
        client = RtClient(URL, RtAuth(token="t"))
        with pytest.raises(RecordError, match="over 1000 bytes"):
            client.attachment("9", 1000)
        assert client.attachment("9", 300_000) == b"x" * 200_000


def test_delta_runs_ask_rt_for_tickets_updated_since_start_time() -> None:
    from datetime import UTC, datetime

    sql = ticket_sql(["Поддержка", "it's"], "Priority > 10", datetime(2024, 6, 1, tzinfo=UTC), 7)
    assert sql == (
        "id > 7 AND Status != 'deleted' AND (Queue = 'Поддержка' OR Queue = 'it\\'s') "
        "AND LastUpdated > '2024-06-01 00:00:00' AND (Priority > 10)"
    )


@pytest.mark.parametrize(
    ("auth", "key"),
    [
        ({"user": "root", "password": "inline"}, "auth"),
        ({"token": {"env": "X"}, "user": "root"}, "auth"),
    ],
)
def test_secrets_are_taken_only_by_reference(auth: dict[str, Any], key: str) -> None:
    problems = spec_problems({"kind": "rt", "url": URL, "auth": auth})
    assert [p[0] for p in problems] == [key]


def test_an_unset_secret_variable_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RT_NOPE", raising=False)
    spec = {"kind": "rt", "url": URL, "auth": {"token": {"env": "RT_NOPE"}}}
    with pytest.raises(SourceError, match="RT_NOPE"):
        open_source(spec, Path("."))
