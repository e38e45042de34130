"""End users on the Support API: Zendesk refuses them the agent ticket endpoints (403
``Forbidden``) and serves them their own tickets through ``/requests``; agents and admins keep
every ticket endpoint."""

from __future__ import annotations

import httpx
import pytest
from sandbox_rules_fixtures import make_request, setup_desk, user_client

from helpctl.sandbox.roles import FORBIDDEN
from helpctl.sandbox.runner import SandboxServer


def _calls(ticket_id: int) -> list[tuple[str, str, dict[str, object] | None]]:
    update = {"ticket": {"status": "solved"}}
    return [
        ("GET", "tickets", None),
        ("GET", f"tickets/{ticket_id}", None),
        ("PUT", f"tickets/{ticket_id}", update),
        ("GET", f"tickets/show_many?ids={ticket_id}", None),
        ("PUT", f"tickets/update_many?ids={ticket_id}", update),
        ("GET", f"tickets/{ticket_id}/comments", None),
        ("GET", f"tickets/{ticket_id}/audits", None),
        ("DELETE", f"tickets/{ticket_id}", None),
        ("POST", "tickets", {"ticket": {"subject": "x", "comment": {"body": "y"}}}),
        ("POST", "imports/tickets", {"ticket": {"subject": "x", "comment": {"body": "y"}}}),
        ("GET", "incremental/tickets/cursor?start_time=0", None),
    ]


def test_an_end_user_is_refused_every_agent_ticket_endpoint_with_zendesks_403(
    sandbox: SandboxServer, api: httpx.Client
) -> None:
    setup_desk(api)
    with user_client(sandbox, "ana@example.com") as ana:
        own = make_request(ana, "Invoice", "invoice missing")
        for method, path, body in _calls(own["id"]):
            reply = ana.request(method, path, json=body)
            assert reply.status_code == 403, (method, path, reply.text)
            assert reply.json() == FORBIDDEN
        # the Requests API still serves the end user their own ticket, and writes it
        assert ana.get(f"requests/{own['id']}").status_code == 200
        update = {"request": {"comment": {"body": "Any news?"}}}
        assert ana.put(f"requests/{own['id']}", json=update).status_code == 200
    ticket = api.get(f"tickets/{own['id']}").json()["ticket"]
    assert ticket["status"] != "solved"  # the refused update changed nothing


@pytest.mark.parametrize("email", ["uno@example.com", None])
def test_agents_and_the_admin_keep_the_ticket_endpoints(
    sandbox: SandboxServer, api: httpx.Client, email: str | None
) -> None:
    setup_desk(api)
    with user_client(sandbox, "ana@example.com") as ana:
        own = make_request(ana, "Invoice", "invoice missing")
    with user_client(sandbox, email or sandbox.credentials()[0]) as client:
        assert client.get("tickets").status_code == 200
        assert client.get(f"tickets/{own['id']}").status_code == 200
        change = {"ticket": {"status": "open"}}
        assert client.put(f"tickets/{own['id']}", json=change).status_code == 200
