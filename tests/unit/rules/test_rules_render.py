"""Placeholders, dynamic content in the recipient's locale, and Liquid."""

from __future__ import annotations

import pytest
from rules_fixtures import AGENT, DROPDOWN, build_directory, make_ticket

from helpctl.rules import CannotEvaluate, Comment, render


def test_ticket_placeholders_render_as_zendesk_names_them() -> None:
    ticket = make_ticket(
        status="open",
        priority="high",
        group_id=2,
        assignee_id=9,
        tags=["vip", "refund"],
        custom_fields={DROPDOWN: "reason_pay"},
        comments=[Comment("first", True), Comment("internal", False)],
    )
    text = (
        "{{ticket.id}}|{{ticket.title}}|{{ticket.status}}|{{ticket.priority}}|"
        "{{ticket.requester.name}}|{{ticket.requester.first_name}}|{{ticket.requester.email}}|"
        "{{ticket.assignee.name}}|{{ticket.group.name}}|{{ticket.brand.name}}|{{ticket.tags}}|"
        "{{ticket.url}}|{{ticket.latest_comment}}|{{ticket.latest_public_comment}}|"
        "{{ticket.ticket_field_101}}|{{ticket.ticket_field_option_title_101}}|"
        "{{ticket.organization.name}}|{{ticket.account}}|{{current_user.name}}"
    )
    assert render(text, ticket, build_directory(), current_user=AGENT).split("|") == [
        "42",
        "Refund for order 1234",
        "Open",
        "High",
        "Ana Diaz",
        "Ana",
        "ana@example.com",
        "Agent Smith",
        "Billing",
        "Acme",
        "vip refund",
        "acme.zendesk.com/agent/tickets/42",
        "internal",
        "first",
        "reason_pay",
        "Payment",
        "Globex",
        "Acme",
        "Agent Smith",
    ]


def test_dynamic_content_uses_the_locale_then_the_language_then_the_default() -> None:
    directory, ticket = build_directory(), make_ticket()
    assert render("{{dc.greeting}}", ticket, directory, locale="es") == "Hola"
    assert render("{{dc.greeting}}", ticket, directory, locale="es-MX") == "Hola"
    assert render("{{ dc.greeting }}", ticket, directory, locale="fr") == "Hello Ana"


def test_dynamic_content_may_embed_other_items_and_placeholders() -> None:
    assert render("{{dc.outer}}", make_ticket(), build_directory(), locale="en-US") == "[Hello Ana]"


def test_liquid_logic_works_as_in_zendesk_and_unknown_placeholders_render_empty() -> None:
    ticket = make_ticket(status="pending", tags=["vip"])
    text = (
        "{% if ticket.status == 'Pending' %}waiting{% else %}other{% endif %}"
        "{% assign t = ticket.tags | split: ' ' %}"
        "{% for tag in t %}[{{ tag | upcase }}]{% endfor %}"
        "{{ticket.no_such_thing}}."
    )
    assert render(text, ticket, build_directory()) == "waiting[VIP]."


def test_unknown_dynamic_content_and_broken_liquid_cannot_be_evaluated() -> None:
    with pytest.raises(CannotEvaluate, match=r"\{\{dc.nope\}\} is not defined|`\{\{dc.nope\}\}`"):
        render("{{dc.nope}}", make_ticket(), build_directory())
    with pytest.raises(CannotEvaluate, match="Liquid"):
        render("{% if ticket.id %}unclosed", make_ticket(), build_directory())


@pytest.mark.parametrize(
    "text",
    [
        "Ticket {{ticket.id}}: {{ ticket.title }} for {{ticket.requester.first_name}}",
        "{{ticket.no_such.thing}}|{{ticket.group}}|{{ticket.public_comments}}|{{current_user}}",
        "{{ticket.tags.size}} {{ticket.tags.first}}",
        "{{ticket.tags | upcase}} and {{ 'literal' }}",
    ],
)
def test_plain_substitution_renders_exactly_as_liquid_does(text: str) -> None:
    from helpctl.rules.render import _environment, placeholders, render_text

    directory = build_directory()
    ticket = make_ticket(tags=["a", "b"], comments=[Comment("hi", True)])
    context = placeholders(ticket, directory, AGENT)
    expected = _environment().from_string(text).render(**context)
    assert render_text(text, context, directory, "en-US") == expected


def test_placeholders_are_computed_only_when_a_text_names_them() -> None:
    from helpctl.rules.render import placeholders, render_text

    directory = build_directory()
    context = placeholders(make_ticket(), directory, AGENT)
    ticket = context["ticket"]
    assert render_text("#{{ticket.id}} {{ticket.title}}", context, directory, "en-US") == (
        "#42 Refund for order 1234"
    )
    assert set(ticket._values) == {"id", "title"}  # no dates formatted, no comments joined


def test_the_lazy_ticket_object_behaves_as_the_mapping_it_stands_for() -> None:
    from helpctl.rules.render import _environment, placeholders

    env = _environment()

    directory = build_directory()
    lazy = placeholders(make_ticket(custom_fields={DROPDOWN: "reason_pay"}), directory)["ticket"]
    eager = dict(lazy)
    assert eager["ticket_field_101"] == "reason_pay" and eager["status"] == "New"
    assert list(lazy) == list(eager) and len(lazy) == len(eager)
    for text in ("{{ticket}}", "{{ticket.first}}", "{{ticket.size}}"):
        assert env.from_string(text).render(ticket=lazy) == env.from_string(text).render(
            ticket=eager
        )
