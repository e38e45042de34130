"""Property: whatever a client sends to any route of the sandbox, with any method, the answer is
never a 5xx, and every 4xx carries a JSON error body.

The routes are read from the starlette router, so a route added later is covered without
touching this file. Bodies are random JSON, JSON shaped like the objects the sandbox stores
(with random values in their attributes), random bytes, deep nesting, huge numbers, lone
surrogates and JSON's forbidden constants. Path parameters are real ids, junk and ids past 64
bits. Examples are derandomized and bounded per route, so the run is reproducible and short.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.routing import Route

from helpctl.sandbox.app import build_router
from helpctl.sandbox.routes import all_routes
from helpctl.sandbox.runner import SandboxServer
from helpctl.sandbox.schemas import SCHEMAS

METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]
ROUTES = sorted(
    {r.path for r in build_router(all_routes()).routes if isinstance(r, Route)},
)
KEYS = sorted(SCHEMAS) + [k + "s" for k in SCHEMAS] + ["ids", "trigger_ids", "ticket_field_ids"]
FIELDS = sorted({f for schema in SCHEMAS.values() for f in schema} | {"id", "field", "value"})

_chars = st.characters(codec=None, exclude_categories=())  # surrogates included
_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=2**62, max_value=2**80)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet=_chars, max_size=12)
)
_json = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(FIELDS), inner),
    max_leaves=12,
)
_shaped = st.builds(
    lambda key, obj: {key: obj},
    st.sampled_from(KEYS),
    st.dictionaries(st.sampled_from(FIELDS), _json, max_size=4) | st.lists(_json, max_size=3),
)


def _dumps(value: Any) -> bytes:
    return json.dumps(value).encode()  # ensure_ascii: a lone surrogate becomes "\ud800"


_raw = st.sampled_from(
    [
        b"[" * 5000 + b"]" * 5000,
        b'{"group":' * 150 + b"{}" + b"}" * 150,
        b'{"group": {"name": NaN}}',
        b'{"group": {"name": Infinity}}',
        b'{"group": {"name": 1e400}}',
        b'{"group": {"name": "\\udc80"}}',
        b'{"group": {"name": 1' + b"0" * 5000 + b"}}",
        b'{"ticket": {"requester_id": 99999999999999999999999}}',
        b"\xff\xfe\x00{",
        b"\xef\xbb\xbf{}",
        b'{"group": {"name": "unterminated',
    ]
)
BODIES = (
    st.none()
    | _json.map(_dumps)
    | _shaped.map(_dumps)
    | st.binary(max_size=64)
    | st.integers(min_value=1, max_value=300).map(lambda n: b"[" * n + b"]" * n)
    | _raw
)


@pytest.fixture(scope="module")
def live() -> Iterator[tuple[httpx.Client, list[str]]]:
    """A sandbox with one object of most kinds, and the ids path parameters may take."""
    with SandboxServer() as server:
        email, token = server.credentials()
        api = httpx.Client(base_url=server.base_url(), auth=(f"{email}/token", token), timeout=10)
        ids = [str(api.get("users/me").json()["user"]["id"])]
        for path, body in [
            ("groups", {"group": {"name": "Fuzz"}}),
            ("ticket_fields", {"ticket_field": {"type": "tagger", "title": "F",
             "custom_field_options": [{"name": "A", "value": "a"}]}}),
            ("tickets", {"ticket": {"subject": "s", "comment": {"body": "b"}}}),
        ]:  # fmt: skip
            created = api.post(path, json=body).json()
            ids.append(str(next(iter(created.values()))["id"]))
        yield api, ids
        api.close()


def _path(template: str, values: list[str]) -> str:
    out = template
    for n, part in enumerate(p for p in template.split("/") if p.startswith("{")):
        out = out.replace(part, quote(values[n % len(values)], safe=""), 1)
    return out.lstrip("/")


HOSTILE_IDS = ["0", "-1", "abc", str(2**63), str(2**64 + 5), "9" * 40, "１２", "\u00b2", "%00"]


@pytest.mark.parametrize("template", ROUTES)
def test_no_route_answers_5xx_and_every_4xx_is_json(
    live: tuple[httpx.Client, list[str]], template: str
) -> None:
    api, ids = live

    @settings(
        max_examples=12,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        method=st.sampled_from(METHODS),
        body=BODIES,
        params=st.lists(st.sampled_from(ids + HOSTILE_IDS), min_size=1, max_size=2),
    )
    def check(method: str, body: bytes | None, params: list[str]) -> None:
        path = _path(template, params)
        headers = {"content-type": "application/json"} if body is not None else {}
        reply = api.request(method, path, content=body, headers=headers)
        what = f"{method} {path} {body!r:.200} -> {reply.status_code} {reply.text[:200]}"
        assert reply.status_code < 500, what
        if reply.status_code >= 400:
            assert reply.headers["content-type"].startswith("application/json"), what
            if method != "HEAD":
                assert isinstance(reply.json(), dict), what

    check()
