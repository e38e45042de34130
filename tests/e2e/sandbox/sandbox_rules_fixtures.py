"""Helpers for the sandbox's rule tests: an account with groups, people and rules, built through
the API, and a client per user (every user signs in with the account's token and their email)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from helpctl.sandbox.runner import SandboxServer


@dataclass
class Desk:
    """The ids of what :func:`setup_desk` made."""

    billing: int
    support: int
    customer: int
    other: int
    agent: int
    routing: int
    reply: int


def user_client(server: SandboxServer, email: str) -> httpx.Client:
    _, token = server.credentials()
    return httpx.Client(base_url=server.base_url(), auth=(f"{email}/token", token), timeout=10)


def _post(api: httpx.Client, path: str, key: str, obj: dict[str, Any]) -> int:
    reply = api.post(path, json={key: obj})
    assert reply.status_code in (200, 201), reply.text
    return int(reply.json()[key]["id"])


def setup_desk(api: httpx.Client) -> Desk:
    billing = _post(api, "groups", "group", {"name": "Billing"})
    support = _post(api, "groups", "group", {"name": "Support"})
    customer = _post(api, "users", "user", {"name": "Ana Lima", "email": "ana@example.com"})
    other = _post(api, "users", "user", {"name": "Bo Other", "email": "bo@example.com"})
    agent = _post(
        api, "users", "user", {"name": "Agent Uno", "email": "uno@example.com", "role": "agent"}
    )
    # The auto-reply sits first, but only holds once routing has run: the cycle restarts.
    reply = _post(
        api,
        "triggers",
        "trigger",
        {
            "title": "Auto-reply billing",
            "position": 1,
            "conditions": {
                "all": [
                    {"field": "update_type", "operator": "is", "value": "Create"},
                    {"field": "group_id", "operator": "is", "value": str(billing)},
                ]
            },
            "actions": [
                {
                    "field": "notification_user",
                    "value": [
                        "requester_id",
                        "Re: {{ticket.title}}",
                        "Hello {{ticket.requester.first_name}}, #{{ticket.id}} is with"
                        " {{ticket.group.name}}.",
                    ],
                }
            ],
        },
    )
    routing = _post(
        api,
        "triggers",
        "trigger",
        {
            "title": "Route invoices",
            "position": 2,
            "conditions": {
                "all": [
                    {"field": "update_type", "operator": "is", "value": "Create"},
                    {"field": "comment_includes_word", "operator": "includes", "value": "invoice"},
                ]
            },
            "actions": [
                {"field": "group_id", "value": str(billing)},
                {"field": "current_tags", "value": "billing"},
            ],
        },
    )
    return Desk(billing, support, customer, other, agent, routing, reply)


def make_request(client: httpx.Client, subject: str, body: str) -> dict[str, Any]:
    reply = client.post(
        "requests", json={"request": {"subject": subject, "comment": {"body": body}}}
    )
    assert reply.status_code == 201, reply.text
    result: dict[str, Any] = reply.json()["request"]
    return result
