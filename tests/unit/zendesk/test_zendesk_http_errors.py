"""Zendesk's error shapes are all read into a message, a code and per-field details."""

from __future__ import annotations

import json

import pytest

from helpctl.errors import (
    ApiError,
    AuthError,
    InvalidRecord,
    NotFound,
    PermissionDenied,
    RateLimited,
    ServerError,
    TransportError,
)
from helpctl.zendesk.http_errors import error_from_response, parse_error_body, transport_error


def body(data: object) -> bytes:
    return json.dumps(data).encode()


def test_classic_shape_with_details_flattens_descriptions_per_field() -> None:
    parsed = parse_error_body(
        body(
            {
                "error": "RecordInvalid",
                "description": "Record validation errors",
                "details": {
                    "name": [{"description": "Name: is too short", "error": "ValueTooShort"}],
                    "base": ["plain string entry"],
                    "title": {"description": "a bare object"},
                },
            }
        ),
        "application/json",
    )

    assert (parsed.code, parsed.message) == ("RecordInvalid", "Record validation errors")
    assert parsed.details == {
        "name": ["Name: is too short"],
        "base": ["plain string entry"],
        "title": ["a bare object"],
    }


def test_message_is_the_fallback_for_description() -> None:
    assert parse_error_body(body({"error": "X", "message": "went wrong"})).message == "went wrong"


def test_error_code_alone_is_the_message() -> None:
    assert parse_error_body(body({"error": "Couldn't authenticate you"})).message == (
        "Couldn't authenticate you"
    )


def test_text_plain_body_is_the_message_and_long_text_is_clipped() -> None:
    assert parse_error_body(b"Too many\n requests", "text/plain").message == "Too many requests"
    assert len(parse_error_body(b"x" * 5000, "text/plain").message) == 300


def test_invalid_json_claiming_to_be_json_is_read_as_text() -> None:
    assert parse_error_body(b"{not json", "application/json").message == "{not json"


def test_empty_body_gives_the_status_as_message() -> None:
    err = error_from_response("GET", "views", 500, b"")

    assert err.message == "HTTP 500"


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, InvalidRecord),
        (401, AuthError),
        (403, PermissionDenied),
        (404, NotFound),
        (409, ApiError),
        (413, InvalidRecord),
        (422, InvalidRecord),
        (429, RateLimited),
        (500, ServerError),
        (502, ServerError),
        (503, ServerError),
        (504, ServerError),
    ],
)
def test_each_status_becomes_its_error_class_with_a_hint(status: int, cls: type[ApiError]) -> None:
    err = error_from_response("GET", "triggers/1", status, b'{"error":"E"}', instance="prod")

    assert type(err) is cls
    assert (err.method, err.path, err.status, err.instance) == ("GET", "triggers/1", status, "prod")
    assert err.hint


def test_redact_scrubs_message_and_details() -> None:
    raw = body({"error": "E", "description": "echo SECRET", "details": {"f": ["SECRET too"]}})

    err = error_from_response("POST", "x", 422, raw, redact=lambda t: t.replace("SECRET", "***"))

    assert "SECRET" not in str(err) + repr(err) + repr(err.details)


def test_transport_error_after_sending_a_post_says_the_object_may_exist() -> None:
    err = transport_error("POST", "groups", TimeoutError("read timed out"), sent=True)

    assert isinstance(err, TransportError)
    assert "after the request was sent" in err.message
    assert "looks it up before sending it again" in err.hint


def test_transport_error_before_connecting_points_at_the_network() -> None:
    err = transport_error("GET", "groups", ConnectionRefusedError("refused"), sent=False)

    assert err.message.startswith("no answer from Zendesk (ConnectionRefusedError: refused)")
    assert "network connection" in err.hint
