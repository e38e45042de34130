"""A sandbox holding one object of every kind (built from ``tests/fixtures/sandbox/world.json``)
and the shape comparison every fidelity test uses."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from helpctl.sandbox.runner import SandboxServer

WORLD = Path(__file__).resolve().parents[2] / "fixtures" / "sandbox" / "world.json"
Mismatches = Callable[..., list[str]]


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return {str: "string", list: "array", dict: "object"}[type(value)]


def _loose(path: str, loose: frozenset[str]) -> bool:
    return any(path == p or path.startswith(p + ".") or path.startswith(p + "[") for p in loose)


def shape_mismatches(
    recorded: Any, actual: Any, loose: frozenset[str] = frozenset(), path: str = "$"
) -> list[str]:
    """Every place where ``actual`` lacks a key of ``recorded`` or has another JSON type.

    Strict by default: a recorded ``null`` needs a ``null``. Paths in ``loose`` (``$.user.photo``,
    list items as ``[]``) accept any value, for values that are obviously account-specific.
    List items are compared with the actual item of the same ``type`` when items carry one
    (system vs custom ticket fields), else with the first actual item.
    """
    if _loose(path, loose):
        return []
    if _kind(recorded) != _kind(actual):
        return [f"{path}: recorded {_kind(recorded)}, sandbox {_kind(actual)}"]
    if isinstance(recorded, dict):
        out = []
        for key, value in recorded.items():
            sub = f"{path}.{key}"
            if key not in actual:
                if not _loose(sub, loose):
                    out.append(f"{sub}: missing")
                continue
            out += shape_mismatches(value, actual[key], loose, sub)
        return out
    if isinstance(recorded, list) and recorded and actual:
        out = []
        for item in recorded:
            twin = _twin(item, actual)
            if twin is not None:
                out += shape_mismatches(item, twin, loose, f"{path}[]")
        return sorted(set(out))
    return []


def _twin(item: Any, actual: list[Any]) -> Any:
    """The actual item to compare a recorded one with: same ``type`` (fields) or ``field``
    (rule conditions/actions) when items carry one, else the first."""
    for key in ("type", "field"):
        if isinstance(item, dict) and key in item and isinstance(actual[0], dict):
            same = [a for a in actual if isinstance(a, dict) and a.get(key) == item[key]]
            return same[0] if same else None
    return actual[0]


@pytest.fixture(scope="session")
def shape() -> Mismatches:
    return shape_mismatches


@dataclass
class World:
    """The running sandbox, an authenticated client and the ids of what was created."""

    server: SandboxServer
    api: httpx.Client
    ids: dict[str, Any] = field(default_factory=dict)
    bodies: dict[str, Any] = field(default_factory=dict)

    def create(self, name: str, path: str, key: str, body: dict[str, Any]) -> dict[str, Any]:
        reply = self.api.post(path, json={key: body})
        assert reply.status_code == 201, reply.text
        created: dict[str, Any] = reply.json()[key]
        self.ids[name] = created["id"]
        return created


def _build(world: World) -> None:
    spec = json.loads(WORLD.read_text())
    world.bodies = spec
    api, ids = world.api, world.ids
    world.create("organization", "organizations", "organization", spec["organization"])
    world.create("group", "groups", "group", spec["group"])
    world.create("brand", "brands", "brand", spec["brand"])
    world.create("user", "users", "user", {**spec["user"], "organization_id": ids["organization"]})
    world.create("agent", "users", "user", spec["agent"])
    world.create("ticket_field", "ticket_fields", "ticket_field", spec["ticket_field"])
    world.create("text_field", "ticket_fields", "ticket_field", spec["text_field"])
    fields = [f["id"] for f in api.get("ticket_fields").json()["ticket_fields"]]
    ids["subject_field"] = fields[0]
    form = {**spec["ticket_form"], "ticket_field_ids": fields}
    world.create("ticket_form", "ticket_forms", "ticket_form", form)
    world.create("trigger", "triggers", "trigger", spec["trigger"])
    world.create("automation", "automations", "automation", spec["automation"])
    world.create("macro", "macros", "macro", spec["macro"])
    world.create("view", "views", "view", spec["view"])
    world.create("item", "dynamic_content/items", "item", spec["item"])
    world.create("webhook", "webhooks", "webhook", spec["webhook"])
    upload = api.post("uploads", params={"filename": "crash.log"}, content=b"boom\n",
                      headers={"Content-Type": "text/plain"})  # fmt: skip
    ids["attachment"] = upload.json()["upload"]["attachment"]["id"]
    refs = {"requester_id": ids["user"], "assignee_id": ids["agent"], "group_id": ids["group"],
            "organization_id": ids["organization"], "brand_id": ids["brand"],
            "ticket_form_id": ids["ticket_form"], "tags": ["printer"], "type": "incident",
            "custom_fields": [{"id": ids["ticket_field"], "value": "apple"}]}  # fmt: skip
    ticket = {**spec["ticket"], **refs}
    ticket["comment"] = {**ticket["comment"], "uploads": [upload.json()["upload"]["token"]]}
    world.create("ticket", "tickets", "ticket", ticket)
    imported = {**spec["imported"], **refs}
    world.create("imported", "imports/tickets", "ticket", imported)
    ids["category"] = api.get("trigger_categories").json()["trigger_categories"][0]["id"]
    for kind, singular in (
        ("user_fields", "user_field"),
        ("organization_fields", "organization_field"),
    ):
        for body in spec[kind]:
            world.create(f"{singular}:{body['type']}", kind, singular, body)
    address = {**spec["support_address"], "brand_id": ids["brand"]}
    world.create("support_address", "recipient_addresses", "recipient_address", address)


@pytest.fixture(scope="module")  # not session: other areas check no sandbox thread outlives them
def world() -> Iterator[World]:
    with SandboxServer() as server:
        email, token = server.credentials()
        with httpx.Client(base_url=server.base_url(), auth=(f"{email}/token", token)) as api:
            built = World(server, api)
            _build(built)
            yield built
