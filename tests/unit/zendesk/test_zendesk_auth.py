"""Auth renders only to the Authorization header value."""

from __future__ import annotations

import base64
import pickle

import pytest

from helpctl.zendesk.auth import Auth

CANARY = "canary-unit-9d2c-do-not-leak"


def test_token_auth_is_basic_with_email_slash_token() -> None:
    header = Auth.token("agent@acme.example", CANARY).header()

    scheme, encoded = header.split(" ")
    assert scheme == "Basic"
    assert base64.b64decode(encoded).decode() == f"agent@acme.example/token:{CANARY}"


def test_bearer_auth_sends_the_oauth_token() -> None:
    assert Auth.bearer(CANARY).header() == f"Bearer {CANARY}"


@pytest.mark.parametrize("auth", [Auth.token("a@b.example", CANARY), Auth.bearer(CANARY)])
def test_repr_and_str_never_show_the_secret(auth: Auth) -> None:
    encoded = auth.header().split(" ")[1]
    for text in (repr(auth), str(auth), f"{auth}", repr([auth])):
        assert CANARY not in text
        assert encoded not in text
        assert "***" in text


def test_redact_replaces_the_token_and_its_encoded_form() -> None:
    auth = Auth.token("a@b.example", CANARY)
    encoded = auth.header().split(" ")[1]

    assert auth.redact(f"x {CANARY} y {encoded}") == "x *** y ***"


def test_auth_cannot_be_pickled_to_somewhere_the_secret_would_persist() -> None:
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(Auth.bearer(CANARY))
