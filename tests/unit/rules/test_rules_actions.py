"""What each action does to a ticket, and macros' preview."""

from __future__ import annotations

from typing import Any

import pytest
from rules_fixtures import AGENT, CHECK, DROPDOWN, MONDAY_10, MULTI, build_directory, make_ticket

from helpctl.rules import CannotEvaluate, Engine, Ticket
from helpctl.rules.actions import ActionEnv, handler_for


def apply(field: str, value: Any, ticket: Ticket | None = None) -> ActionEnv:
    env = ActionEnv(ticket or make_ticket(), build_directory(), MONDAY_10, AGENT)
    handler = handler_for(field)
    assert handler is not None
    handler(env, value)
    return env


def test_status_sets_its_default_custom_status_and_timestamps() -> None:
    env = apply("status", "solved", make_ticket(status="open"))
    assert (env.ticket.status, env.ticket.custom_status_id) == ("solved", 44)
    assert env.ticket.solved_at == MONDAY_10 == env.ticket.status_changed_at


def test_custom_status_sets_its_status_category() -> None:
    env = apply("custom_status_id", "42", make_ticket(status="open"))
    assert (env.ticket.status, env.ticket.custom_status_id) == ("pending", 42)
    with pytest.raises(CannotEvaluate, match="custom status 999"):
        apply("custom_status_id", "999")


def test_tags_set_add_and_remove() -> None:
    assert apply("set_tags", "c d", make_ticket(tags=["a", "b"])).ticket.tags == ["c", "d"]
    assert apply("current_tags", "B c", make_ticket(tags=["a", "b"])).ticket.tags == ["a", "b", "c"]
    assert apply("remove_tags", ["a"], make_ticket(tags=["a", "b"])).ticket.tags == ["b"]


def test_people_and_routing_actions() -> None:
    assert apply("assignee_id", "current_user").ticket.assignee_id == AGENT.id
    assert apply("assignee_id", "requester_id").ticket.assignee_id == 5
    assert apply("assignee_id", "__NULL__", make_ticket(assignee_id=9)).ticket.assignee_id is None
    assert apply("group_id", "2").ticket.group_id == 2
    assert apply("group_id", "", make_ticket(group_id=2)).ticket.group_id is None
    assert (
        apply(
            "ticket_form_id", "default_ticket_form", make_ticket(ticket_form_id=22)
        ).ticket.ticket_form_id
        == 21
    )
    assert apply("brand_id", "12").ticket.brand_id == 12
    assert apply("follower", "current_user").ticket.followers == [AGENT.id]
    assert apply("set_schedule", "300").ticket.schedule_id == 300
    assert apply("share_ticket", "7").ticket.sharing_agreement_ids == [7]
    assert apply("satisfaction_score", "offered").ticket.satisfaction_score == "offered"
    env = apply("locale_id", "1")
    assert (env.ticket.requester.locale_id, env.ticket.requester.locale) == (1, "en-US")


def test_priority_and_type() -> None:
    assert apply("priority", "urgent").ticket.priority == "urgent"
    assert apply("type", "incident").ticket.type == "incident"


def test_dropdown_and_checkbox_values_keep_their_tags_in_step() -> None:
    env = apply(
        f"custom_fields_{DROPDOWN}",
        "reason_bug",
        make_ticket(custom_fields={DROPDOWN: "reason_pay"}, tags=["reason_pay", "vip"]),
    )
    assert env.ticket.custom_fields[DROPDOWN] == "reason_bug"
    assert env.ticket.tags == ["vip", "reason_bug"]
    assert apply(f"custom_fields_{DROPDOWN}", "7001").ticket.custom_fields[DROPDOWN] == "reason_pay"
    env = apply(f"custom_fields_{CHECK}", "true")
    assert env.ticket.custom_fields[CHECK] is True and "urgent_box" in env.ticket.tags
    assert apply(f"custom_fields_{MULTI}", "part_a part_b").ticket.custom_fields[MULTI] == [
        "part_a",
        "part_b",
    ]


def test_user_and_organization_field_actions() -> None:
    env = apply("requester.custom_fields.plan", "77")  # option id → the option's tag
    assert env.ticket.requester.user_fields["plan"] == "gold"
    env = apply("organization.custom_fields.tier", "smb")
    assert env.ticket.organization is not None
    assert env.ticket.organization.organization_fields["tier"] == "smb"
    assert (
        apply("organization.custom_fields.tier", "smb", make_ticket(organization=None)).changes
        == []
    )


def test_assigning_current_user_without_one_cannot_be_evaluated() -> None:
    env = ActionEnv(make_ticket(), build_directory(), MONDAY_10, None)
    handler = handler_for("assignee_id")
    assert handler is not None
    with pytest.raises(CannotEvaluate, match="current_user"):
        handler(env, "current_user")


def test_a_macro_previews_its_changes_and_comment_without_saving() -> None:
    macro = {
        "id": 1,
        "title": "Refund done",
        "actions": [
            {"field": "status", "value": "solved"},
            {"field": "subject", "value": "Refunded"},
            {
                "field": "comment_value",
                "value": ["channel:all", "Hi {{ticket.requester.first_name}}"],
            },
            {"field": "comment_mode_is_public", "value": "false"},
        ],
    }
    ticket = make_ticket(status="open")
    result = Engine(build_directory(), macros=[macro]).apply_macro(
        1, ticket, now=MONDAY_10, current_user=AGENT
    )
    assert (result.ticket.status, result.ticket.subject) == ("solved", "Refunded")
    assert result.comment is not None
    assert (result.comment.body, result.comment.public, result.comment.author_id) == (
        "Hi {{ticket.requester.first_name}}",
        False,
        AGENT.id,
    )
    assert ticket.status == "open"
