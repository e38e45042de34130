"""An engine from a desired state (names) runs the same rules with synthetic ids; views sort."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from rules_fixtures import MONDAY_10

from helpctl.config.desired import load_desired
from helpctl.config.loader import load_project
from helpctl.resources.state import Resource, State
from helpctl.rules import OfflineAccount, Organization, Ticket, Update, User, offline_engine
from helpctl.rules.errors import UnknownObject
from helpctl.rules.offline import organization_id

PROJECT = Path(__file__).resolve().parents[2] / "fixtures" / "rules" / "project"


def account(instance: str) -> OfflineAccount:
    state, problems = load_desired(load_project(PROJECT), instance)
    assert problems == []
    return offline_engine(state)


def payment_ticket(acc: OfflineAccount, locale: str = "es") -> Ticket:
    requester = User(id=1, name="Lucia Perez", email="lucia@example.com", locale=locale)
    reason = acc.id_of("ticket_fields", "Contact reason")
    return Ticket(
        id=100,
        subject="Double charge",
        description="You charged me twice",
        requester=requester,
        brand_id=acc.id_of("brands", "Shop"),
        custom_fields={reason: "reason_payment"},
        created_at=MONDAY_10,
        updated_at=MONDAY_10,
    )


@pytest.mark.parametrize("instance", ["spain", "mexico"])
def test_a_desired_state_routes_tags_and_notifies_in_the_requesters_language(instance: str) -> None:
    acc = account(instance)
    run = acc.engine.run_triggers(Update.create(payment_ticket(acc)))
    assert run.fired == ["Auto-reply", "Route payments", "Tell billing"]
    assert run.ticket.group_id == acc.id_of("groups", "Billing")
    assert run.ticket.tags == ["payment"]
    lead = acc.user("lead@shop.test")
    assert run.ticket.assignee_id == lead.id
    reply, billing = run.notifications
    market = instance.capitalize()
    assert (reply.to, reply.subject) == ("lucia@example.com", f"[{market}] Double charge")
    assert reply.body == f"Gracias, Lucia. El soporte de {market} responderá pronto."
    assert (billing.to, billing.subject, billing.body) == (
        "group:Billing",
        "New payment ticket #100",
        "You charged me twice",
    )


def test_an_unknown_locale_falls_back_to_the_default_variant() -> None:
    acc = account("spain")
    run = acc.engine.run_triggers(Update.create(payment_ticket(acc, locale="de")))
    assert run.notifications[0].body == "Thanks, Lucia. Spain support will answer soon."


def test_views_automations_and_macros_of_a_desired_state() -> None:
    acc = account("spain")
    billing = acc.id_of("groups", "Billing")
    older = payment_ticket(acc)
    older.group_id, older.status = billing, "open"
    newer = payment_ticket(acc)
    newer.id, newer.group_id, newer.created_at = 101, billing, MONDAY_10 + timedelta(hours=1)
    elsewhere = payment_ticket(acc)
    elsewhere.id, elsewhere.group_id = 102, acc.id_of("groups", "Support")
    view = acc.id_of("views", "Billing queue")
    shown = acc.engine.execute_view(view, [newer, elsewhere, older], now=MONDAY_10)
    assert [t.id for t in shown.tickets] == [100, 101]

    macro = acc.engine.apply_macro(acc.id_of("macros", "Refund issued"), older, now=MONDAY_10)
    assert macro.ticket.status == "solved"
    assert macro.comment is not None and macro.comment.body == "Refund issued."

    solved = macro.ticket
    solved.status_changed_at = MONDAY_10
    hour = acc.engine.run_automations(solved, now=MONDAY_10 + timedelta(hours=97))
    assert hour.fired == ["Close solved after 4 days"]
    assert hour.ticket.status == "closed"


def test_unknown_names_are_key_errors_that_say_which_instance() -> None:
    with pytest.raises(UnknownObject, match="groups `Nope` is not declared in spain"):
        account("spain").id_of("groups", "Nope")


def test_the_rule_engine_imports_no_io_or_cli_library() -> None:
    code = (
        "import sys, helpctl.rules\n"
        "print(','.join(m for m in ('httpx', 'typer', 'starlette', 'rich', 'tabulate', "
        "'sqlalchemy') if m in sys.modules))\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert found == ""


def test_rules_name_custom_statuses_and_webhooks_offline() -> None:
    from helpctl.resources.state import Resource, State

    state = State("shop")
    status = {"agent_label": "Waiting for partner", "status_category": "hold"}
    state.add(Resource("custom_statuses", "Waiting for partner", status))
    hook = {"name": "CRM", "endpoint": "https://crm.example.com/in"}
    state.add(Resource("webhooks", "CRM", hook))
    trigger = {
        "title": "Tell the CRM",
        "conditions": {
            "all": [
                {"field": "custom_status_id", "operator": "is", "value": "Waiting for partner"}
            ],
            "any": [],
        },
        "actions": [{"field": "notification_webhook", "value": ["CRM", '{"id": "{{ticket.id}}"}']}],
    }
    state.add(Resource("triggers", "Tell the CRM", trigger))
    acc = offline_engine(state)
    status_id = acc.id_of("custom_statuses", "Waiting for partner")
    assert acc.directory.custom_statuses[status_id].status_category == "hold"
    ticket = Ticket(id=7, subject="Lost parcel", status="hold", custom_status_id=status_id,
                    created_at=MONDAY_10, updated_at=MONDAY_10)  # fmt: skip
    run = acc.engine.run_triggers(Update.create(ticket))
    assert run.fired == ["Tell the CRM"]
    (note,) = run.notifications
    assert note.target_id == str(acc.id_of("webhooks", "CRM")) and note.body == '{"id": "7"}'


def test_a_rule_naming_an_organization_by_name_matches_a_ticket_of_that_organization() -> None:
    rule = {
        "title": "Acme is VIP",
        "active": True,
        "conditions": {
            "all": [{"field": "organization_id", "operator": "is", "value": "Acme"}],
            "any": [],
        },
        "actions": [{"field": "current_tags", "value": "vip"}],
    }
    state = State("offline")
    state.resources["triggers"] = [Resource("triggers", "Acme is VIP", rule)]
    acc = offline_engine(state)
    requester = User(id=1, name="Ann", email="ann@example.com")

    def tags(org: str) -> list[str]:
        ticket = Ticket(id=1, subject="s", description="d", requester=requester)
        ticket.organization = Organization(organization_id(org), org)
        return acc.engine.run_triggers(Update.create(ticket)).ticket.tags

    assert (tags("Acme"), tags("Globex")) == (["vip"], [])
