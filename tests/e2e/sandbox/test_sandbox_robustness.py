"""Malformed requests get a 4xx answer, never a 500: every create path with wrong types in
every field Zendesk objects use (the matrix is ``tests/fixtures/sandbox/malformed.json``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

MATRIX = json.loads(
    (Path(__file__).resolve().parents[2] / "fixtures" / "sandbox" / "malformed.json").read_text()
)


def _server_errors(replies: list[tuple[str, httpx.Response]]) -> list[str]:
    return [f"{what} -> {r.status_code}" for what, r in replies if r.status_code >= 500]


@pytest.mark.parametrize("path", sorted(MATRIX["create"]))
def test_wrongly_typed_fields_are_client_errors(api: httpx.Client, path: str) -> None:
    key = MATRIX["create"][path]
    bodies: list[Any] = [[], "x", {}, {key: []}, {key: "x"}, {key: None}]
    bodies += [{key: {f: v}} for f in MATRIX["fields"] for v in MATRIX["values"]]
    replies = [(json.dumps(b), api.post(path, json=b)) for b in bodies]
    assert _server_errors(replies) == []
    assert all(400 <= r.status_code < 500 for _, r in replies[:6])


@pytest.mark.parametrize("path", sorted(MATRIX["bulk"]))
def test_wrongly_typed_bulk_items_are_client_errors_or_item_errors(
    api: httpx.Client, path: str
) -> None:
    key = MATRIX["bulk"][path]
    replies = [(json.dumps(v), api.post(path, json={key: v})) for v in MATRIX["bulk_values"]]
    assert _server_errors(replies) == []


def test_bad_query_parameters_are_client_errors(api: httpx.Client) -> None:
    replies = [(p, api.get(p)) for p in MATRIX["gets"]]
    assert _server_errors(replies) == []
    assert all(r.status_code in (200, 400, 404) for _, r in replies)
