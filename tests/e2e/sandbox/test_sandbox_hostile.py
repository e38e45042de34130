"""Hostile input and connections (issue 10, finding 9): each case once answered 500, was stored,
or held a connection open forever; now each is a 4xx with a JSON error body, or a closed socket."""

from __future__ import annotations

import base64
import json
import socket
import time
from collections.abc import Iterator

import httpx
import pytest

from helpctl.sandbox.body import MAX_DEPTH, MAX_JSON_BYTES
from helpctl.sandbox.replies import Settings
from helpctl.sandbox.runner import SandboxServer

JSON = {"content-type": "application/json"}


def _post(api: httpx.Client, path: str, raw: bytes) -> httpx.Response:
    return api.post(path, content=raw, headers=JSON)


def _group_count(api: httpx.Client) -> int:
    return int(api.get("groups").json()["count"])


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        (b'{"group":' * (MAX_DEPTH + 1) + b"{}" + b"}" * (MAX_DEPTH + 1), "nested deeper"),
        (b"[" * 100_000 + b"]" * 100_000, "nested deeper"),
        (b'{"group": {"name": "a\\ud800b"}}', "lone surrogate"),
        (b'{"group": {"name": NaN}}', "NaN"),
        (b'{"group": {"name": "caf\xe9"}}', "not UTF-8"),
        (b'{"group": {"name": 1' + b"0" * 5000 + b"}}", "integer"),
    ],
)
def test_unparseable_bodies_are_400_invalid_json(api: httpx.Client, raw: bytes, why: str) -> None:
    reply = _post(api, "groups", raw)
    assert reply.status_code == 400
    assert reply.json()["error"] == "InvalidJSON"
    assert why in reply.json()["description"]
    assert _group_count(api) == 0


def test_nesting_up_to_the_limit_is_accepted(api: httpx.Client) -> None:
    deep: object = "x"
    for _ in range(MAX_DEPTH - 3):
        deep = [deep]
    body = {"group": {"name": "Deep", "description": "d", "extra": deep}}
    assert api.post("groups", json=body).status_code == 201


@pytest.mark.parametrize("name", [5, [1], {"a": 1}, True, 1.5])
def test_a_group_name_of_the_wrong_type_is_422(api: httpx.Client, name: object) -> None:
    reply = api.post("groups", json={"group": {"name": name}})
    assert reply.status_code == 422
    body = reply.json()
    assert body["error"] == "RecordInvalid"
    assert body["details"]["name"][0]["error"] == "InvalidValue"
    assert "must be a string" in body["details"]["name"][0]["description"]
    assert _group_count(api) == 0


@pytest.mark.parametrize(
    ("path", "body", "attribute"),
    [
        ("ticket_fields", {"ticket_field": {"type": "text", "position": True}}, "position"),
        ("ticket_fields", {"ticket_field": {"type": "text", "required": "yes"}}, "required"),
        ("ticket_forms", {"ticket_form": {"ticket_field_ids": ["a"]}}, "ticket_field_ids"),
        ("brands", {"brand": {"name": "B", "subdomain": ["b"]}}, "subdomain"),
        ("users", {"user": {"name": "U", "organization_id": "x"}}, "organization_id"),
        ("organizations", {"organization": {"name": "O", "tags": "vip"}}, "tags"),
        ("tickets", {"ticket": {"subject": 7, "comment": {"body": "b"}}}, "subject"),
        ("macros", {"macro": {"title": "M", "actions": "x"}}, "actions"),
    ],
)  # fmt: skip
def test_wrongly_typed_attributes_are_422_naming_them(
    api: httpx.Client, path: str, body: dict[str, object], attribute: str
) -> None:
    reply = api.post(path, json=body)
    assert reply.status_code == 422, reply.text
    assert attribute in reply.json()["details"]


def test_ids_past_64_bits_are_404_in_paths_and_422_in_bodies(api: httpx.Client) -> None:
    for path in (f"groups/{2**63}", f"groups/{2**64 + 1}", "tickets/" + "9" * 40):
        reply = api.get(path)
        assert reply.status_code == 404
        assert reply.json() == {"error": "RecordNotFound", "description": "Not found"}
    raw = json.dumps({"ticket": {"requester_id": 2**70, "comment": {"body": "b"}}}).encode()
    reply = _post(api, "tickets", raw)
    assert reply.status_code == 422
    assert reply.json()["details"]["requester_id"][0]["error"] == "InvalidValue"
    reply = _post(api, "groups", b'{"group": {"name": 1e400}}')
    assert reply.status_code == 422
    assert "finite" in reply.json()["details"]["name"][0]["description"]


def test_a_body_declared_past_the_limit_is_413_before_it_is_read(api: httpx.Client) -> None:
    big = b'{"group": {"name": "' + b"x" * (MAX_JSON_BYTES + 10) + b'"}}'
    reply = _post(api, "groups", big)
    assert reply.status_code == 413
    assert reply.json()["error"] == "RequestEntityTooLarge"
    assert str(MAX_JSON_BYTES) in reply.json()["description"]
    assert _group_count(api) == 0


def test_a_streamed_100_mb_body_is_413_and_nothing_is_stored(api: httpx.Client) -> None:
    sent = 0

    def chunks() -> Iterator[bytes]:  # no Content-Length: the server must count as it reads
        nonlocal sent
        yield b'{"group": {"name": "'
        for _ in range(100):
            sent += 1
            yield b"x" * (1024 * 1024)
        yield b'"}}'

    reply = api.post("groups", content=chunks(), headers=JSON)
    assert reply.status_code == 413
    assert reply.json()["error"] == "RequestEntityTooLarge"
    assert _group_count(api) == 0
    assert api.get("groups").status_code == 200  # the same connection still serves


def test_unknown_endpoints_and_wrong_methods_are_404_invalid_endpoint(api: httpx.Client) -> None:
    expected = {"error": "InvalidEndpoint", "description": "Not found"}
    for reply in (
        api.get("no_such_things"),
        api.post("groups/create_many", json={}),
        api.patch("groups", json={}),
        api.delete("brands"),
    ):
        assert reply.status_code == 404
        assert reply.json() == expected
    outside = httpx.get(api.base_url.copy_with(path="/nothing"))
    assert outside.status_code == 404
    assert outside.json() == expected


@pytest.fixture
def quick() -> Iterator[SandboxServer]:
    with SandboxServer(settings=Settings(idle_timeout=1, body_timeout=1.0)) as server:
        yield server


def _socket(server: SandboxServer) -> socket.socket:
    host, port = server.url.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=10)
    return sock


def _basic(server: SandboxServer) -> str:
    email, token = server.credentials()
    return "Basic " + base64.b64encode(f"{email}/token:{token}".encode()).decode()


def _closed_after(sock: socket.socket) -> float:
    """Seconds until the server closes the connection (reads and drops what it answers)."""
    start = time.monotonic()
    while sock.recv(65536):
        pass
    return time.monotonic() - start


def _reply(sock: socket.socket) -> bytes:
    """One whole HTTP reply: the head, then as many body bytes as its Content-Length says
    (TCP may deliver them in several segments)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        (int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
         if line.lower().startswith(b"content-length:")),
        0,
    )  # fmt: skip
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


def test_a_connection_that_sends_nothing_is_closed(quick: SandboxServer) -> None:
    with _socket(quick) as sock:
        assert 0.5 < _closed_after(sock) < 5


def test_a_request_head_sent_a_byte_at_a_time_is_cut_off(quick: SandboxServer) -> None:
    with _socket(quick) as sock:
        start = time.monotonic()
        try:
            for byte in b"GET /api/v2/groups HTTP/1.1\r\nHost: x\r\n":
                sock.send(bytes([byte]))
                time.sleep(0.1)
        except OSError:  # the server closed the connection while the head trickled in
            pass
        _closed_after(sock)
        assert time.monotonic() - start < 3


def test_an_idle_keep_alive_connection_is_closed(quick: SandboxServer) -> None:
    with _socket(quick) as sock:
        auth = _basic(quick)
        sock.send(
            b"GET /api/v2/groups HTTP/1.1\r\nHost: x\r\nAuthorization: "
            + auth.encode()
            + b"\r\n\r\n"
        )
        first = _reply(sock)
        assert first.startswith(b"HTTP/1.1 200")
        assert 0.5 < _closed_after(sock) < 5


def test_a_stalled_body_is_408(quick: SandboxServer) -> None:
    with _socket(quick) as sock:
        auth = _basic(quick)
        head = (
            b"POST /api/v2/groups HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 100\r\nAuthorization: " + auth.encode() + b'\r\n\r\n{"gr'
        )
        sock.send(head)
        answer = _reply(sock)
    assert answer.startswith(b"HTTP/1.1 408")
    assert b'"RequestTimeout"' in answer
