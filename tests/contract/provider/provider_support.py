"""Helpers of the provider contract tests: recorded replies served by respx, request logs."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import httpx
import respx

BASE = "https://acme.zendesk.com/api/v2/"
EMAIL = "admin@acme.example"
CANARY = "canary-Pv9x-provider-do-not-leak"
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "provider"
SALTO = "salto/packages/zendesk-adapter/test/mock_replies/myBrand_mock_replies.json"

#: The list reply of each kind in the salto recording (first reply wins; the recording repeats
#: ``trigger_categories`` with an empty second answer).
SALTO_LISTS = {
    "brands": "brands",
    "groups": "groups",
    "ticket_fields": "ticket_fields",
    "ticket_forms": "ticket_forms",
    "dynamic_content": "dynamic_content/items",
    "trigger_categories": "trigger_categories",
    "triggers": "triggers",
    "automations": "automations",
    "macros": "macros",
    "views": "views",
}


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def fixture(name: str) -> Any:
    """A JSON fixture of this area (``tests/fixtures/provider/<name>``)."""
    return load_json(FIXTURES / name)


def salto_replies(zendesk_fixtures: Path) -> dict[str, Any]:
    """The salto recording as {path under /api/v2/: first recorded body}."""
    out: dict[str, Any] = {}
    for entry in load_json(zendesk_fixtures / SALTO):
        if entry.get("method", "GET") != "GET" or not entry["url"].startswith("/api/v2/"):
            continue
        out.setdefault(entry["url"][len("/api/v2/") :], entry["response"])
    return out


def serve(router: respx.Router, replies: dict[str, Any]) -> None:
    """GET routes answering each path with its body, whatever the query; 404 elsewhere."""
    for path, body in replies.items():
        router.get(path__regex=rf"{re.escape(path)}(\.json)?$").mock(
            return_value=httpx.Response(200, json=body)
        )


def paths(calls: Iterable[Any]) -> list[str]:
    """``METHOD path`` of each recorded call, the base URL's path left out."""
    out = []
    for call in calls:
        req = call.request
        out.append(f"{req.method} {req.url.path.removeprefix('/api/v2/')}")
    return out


def body(call: Any) -> Any:
    return json.loads(call.request.content)
