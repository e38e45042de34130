"""Condition operators mean what the reference says (part 1 §10, part 2 §3, §5, §8)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from rules_fixtures import (
    ADMIN,
    AGENT,
    CHECK,
    DATE,
    DROPDOWN,
    MONDAY_10,
    MULTI,
    NUMBER,
    REGEXP,
    TEXT,
    build_directory,
    make_ticket,
)

from helpctl.rules import CannotEvaluate, Comment, Ticket, Update, User
from helpctl.rules.conditions import compile_condition
from helpctl.rules.context import BLANK, Context


def holds(
    field: str,
    operator: str,
    value: Any,
    ticket: Ticket | None = None,
    *,
    previous: Ticket | None = None,
    comment: Comment | None = None,
    user: User | None = AGENT,
    at: Any = MONDAY_10,
    trigger: bool = True,
) -> bool:
    directory = build_directory()
    ticket = ticket or make_ticket()
    check = compile_condition({"field": field, "operator": operator, "value": value}, directory)
    if not trigger:
        return check(Context(ticket, directory, at, user))
    update = Update(ticket, previous, comment, user, 4, at)
    return check(Context(ticket, directory, at, user, update, previous or BLANK))


CHANGED = make_ticket(status="pending", group_id=2, priority="high")
BEFORE = make_ticket(status="open", group_id=1, priority="high")

CASES: list[tuple[str, str, Any, Ticket, Ticket | None, bool]] = [
    # status order: new < open < pending < hold < solved < closed
    ("status", "is", "pending", CHANGED, BEFORE, True),
    ("status", "is_not", "pending", CHANGED, BEFORE, False),
    ("status", "less_than", "solved", CHANGED, BEFORE, True),
    ("status", "less_than", "open", CHANGED, BEFORE, False),
    ("status", "greater_than", "open", CHANGED, BEFORE, True),
    ("status", "greater_than", "hold", CHANGED, BEFORE, False),
    # change operators against the previous ticket
    ("status", "changed", None, CHANGED, BEFORE, True),
    ("priority", "changed", None, CHANGED, BEFORE, False),
    ("priority", "not_changed", None, CHANGED, BEFORE, True),
    ("status", "value", "pending", CHANGED, BEFORE, True),
    ("status", "value", "solved", CHANGED, BEFORE, False),
    ("status", "value_previous", "open", CHANGED, BEFORE, True),
    ("status", "value_previous", "new", CHANGED, BEFORE, False),
    ("status", "not_value", "pending", CHANGED, BEFORE, False),
    ("status", "not_value", "solved", CHANGED, BEFORE, True),
    ("status", "not_value_previous", "open", CHANGED, BEFORE, False),
    ("status", "not_value_previous", "new", CHANGED, BEFORE, True),
    ("group_id", "value", "2", CHANGED, BEFORE, True),
    ("group_id", "value_previous", "1", CHANGED, BEFORE, True),
    ("priority", "value", "high", CHANGED, BEFORE, False),  # unchanged: not "changed to"
    # on a create every set field changed from empty
    ("status", "value", "new", make_ticket(), None, True),
    ("brand_id", "changed", None, make_ticket(), None, True),
    ("group_id", "changed", None, make_ticket(), None, False),
    # ids, "none" and keywords
    ("group_id", "is", "", make_ticket(), None, True),
    ("group_id", "is", "__NULL__", make_ticket(group_id=1), None, False),
    ("group_id", "is_not", "1", make_ticket(group_id=2), None, True),
    ("assignee_id", "is", "current_user", make_ticket(assignee_id=9), None, True),
    ("assignee_id", "is", "requester_id", make_ticket(assignee_id=5), None, True),
    ("requester_id", "is", "assignee_id", make_ticket(assignee_id=9), None, False),
    ("organization_id", "is", "70", make_ticket(), None, True),
    ("brand_id", "is", "12", make_ticket(), None, False),
    ("ticket_form_id", "is", "21", make_ticket(), None, True),
    ("custom_status_id", "is", "42", make_ticket(custom_status_id=42), None, True),
    ("type", "is", "__NULL__", make_ticket(), None, True),
    ("type", "is", "incident", make_ticket(type="incident"), None, True),
    ("priority", "less_than", "high", make_ticket(priority="normal"), None, True),
    ("priority", "greater_than", "high", make_ticket(priority="normal"), None, False),
    # tags: at least one of / none of
    ("current_tags", "includes", "vip gold", make_ticket(tags=["gold"]), None, True),
    ("current_tags", "includes", "vip", make_ticket(tags=["gold"]), None, False),
    ("current_tags", "not_includes", "vip gold", make_ticket(tags=["gold"]), None, False),
    ("current_tags", "not_includes", "vip", make_ticket(tags=["gold"]), None, True),
    # channels
    ("via_id", "is", "0", make_ticket(via_id=0), None, True),
    ("via_id", "is_not", "4", make_ticket(via_id=4), None, False),
    ("current_via_id", "is", "4", make_ticket(via_id=0), None, True),  # the update came by mail
    ("recipient", "is", "help@acme.test", make_ticket(recipient="Help@acme.test"), None, True),
    ("update_type", "is", "Create", make_ticket(), None, True),
    ("update_type", "is", "Change", CHANGED, BEFORE, True),
    ("update_type", "is", "Create", CHANGED, BEFORE, False),
    # words: includes = at least one word, is = contains the string
    ("subject_includes_word", "includes", "invoice refund", make_ticket(), None, True),
    ("subject_includes_word", "includes", "refunds", make_ticket(), None, False),
    ("subject_includes_word", "not_includes", "invoice", make_ticket(), None, True),
    ("subject_includes_word", "is", "for order", make_ticket(), None, True),
    ("subject_includes_word", "is_not", "for order", make_ticket(), None, False),
    ("ticket_is_public", "is", "public", make_ticket(), None, True),
    ("ticket_is_public", "is", "private", make_ticket(), None, False),
    # counters
    ("number_of_incidents", "greater_than_equal", "3", make_ticket(incidents=3), None, True),
    ("number_of_incidents", "less_than_equal", "2", make_ticket(incidents=3), None, False),
    ("reopens", "greater_than", "0", make_ticket(reopens=1), None, True),
    ("replies", "is", "2", make_ticket(replies=2), None, True),
    ("agent_stations", "less_than", "2", make_ticket(assignee_stations=1), None, True),
    ("group_stations", "is", "1", make_ticket(group_stations=2), None, False),
    # requester
    ("requester_role", "is", "0", make_ticket(), None, True),
    ("requester_role", "is_not", "4", make_ticket(), None, True),
    ("locale_id", "is", "2", make_ticket(), None, True),
    ("requester_time_zone", "is", "Madrid", make_ticket(), None, True),
    ("ticket_due_date", "is", "true", make_ticket(), None, False),
    ("ticket_due_date", "is", "false", make_ticket(), None, True),
    # custom ticket fields by type
    (
        f"custom_fields_{DROPDOWN}",
        "is",
        "reason_pay",
        make_ticket(custom_fields={DROPDOWN: "reason_pay"}),
        None,
        True,
    ),
    (
        f"custom_fields_{DROPDOWN}",
        "is",
        "7001",
        make_ticket(custom_fields={DROPDOWN: "reason_pay"}),
        None,
        True,
    ),
    (
        f"custom_fields_{DROPDOWN}",
        "is_not",
        "reason_bug",
        make_ticket(custom_fields={DROPDOWN: "reason_pay"}),
        None,
        True,
    ),
    (f"custom_fields_{DROPDOWN}", "present", None, make_ticket(), None, False),
    (f"custom_fields_{DROPDOWN}", "not_present", None, make_ticket(), None, True),
    (
        f"custom_fields_{DROPDOWN}",
        "includes",
        "reason_bug reason_pay",
        make_ticket(custom_fields={DROPDOWN: "reason_pay"}),
        None,
        True,
    ),
    (
        f"custom_fields_{DROPDOWN}",
        "value",
        "reason_pay",
        make_ticket(custom_fields={DROPDOWN: "reason_pay"}),
        make_ticket(),
        True,
    ),
    (
        f"custom_fields_{DROPDOWN}",
        "value_previous",
        "reason_pay",
        make_ticket(),
        make_ticket(custom_fields={DROPDOWN: "reason_pay"}),
        True,
    ),
    (
        f"custom_fields_{MULTI}",
        "includes",
        "part_b",
        make_ticket(custom_fields={MULTI: ["part_a", "part_b"]}),
        None,
        True,
    ),
    (
        f"custom_fields_{MULTI}",
        "not_includes",
        "part_b",
        make_ticket(custom_fields={MULTI: ["part_a"]}),
        None,
        True,
    ),
    (f"custom_fields_{CHECK}", "is", "true", make_ticket(custom_fields={CHECK: True}), None, True),
    (f"custom_fields_{CHECK}", "is", "false", make_ticket(), None, True),
    (
        f"custom_fields_{CHECK}",
        "changed",
        None,
        make_ticket(custom_fields={CHECK: True}),
        make_ticket(),
        True,
    ),
    (
        f"custom_fields_{TEXT}",
        "includes_words",
        "order refund",
        make_ticket(custom_fields={TEXT: "Refund please"}),
        None,
        True,
    ),
    (
        f"custom_fields_{TEXT}",
        "not_includes_words",
        "refund",
        make_ticket(custom_fields={TEXT: "Refund please"}),
        None,
        False,
    ),
    (
        f"custom_fields_{TEXT}",
        "includes_string",
        "d ple",
        make_ticket(custom_fields={TEXT: "Refund please"}),
        None,
        True,
    ),
    (
        f"custom_fields_{TEXT}",
        "not_includes_string",
        "xyz",
        make_ticket(custom_fields={TEXT: "Refund please"}),
        None,
        True,
    ),
    (
        f"custom_fields_{TEXT}",
        "is",
        "Refund please",
        make_ticket(custom_fields={TEXT: "Refund please"}),
        None,
        True,
    ),
    (
        f"custom_fields_{NUMBER}",
        "greater_than",
        "100",
        make_ticket(custom_fields={NUMBER: "150.5"}),
        None,
        True,
    ),
    (
        f"custom_fields_{NUMBER}",
        "less_than_equal",
        "150.5",
        make_ticket(custom_fields={NUMBER: 150.5}),
        None,
        True,
    ),
    (
        f"custom_fields_{NUMBER}",
        "less_than",
        "1",
        make_ticket(),
        None,
        False,
    ),  # empty never compares
    (
        f"custom_fields_{DATE}",
        "less_than",
        "2026-03-01",
        make_ticket(custom_fields={DATE: "2026-02-01"}),
        None,
        True,
    ),
    (
        f"custom_fields_{DATE}",
        "within_next_n_days",
        "7",
        make_ticket(custom_fields={DATE: "2026-03-05"}),
        None,
        True,
    ),
    (
        f"custom_fields_{DATE}",
        "within_previous_n_days",
        "7",
        make_ticket(custom_fields={DATE: "2026-03-05"}),
        None,
        False,
    ),
    (
        f"custom_fields_{REGEXP}",
        "present",
        None,
        make_ticket(custom_fields={REGEXP: "08001"}),
        None,
        True,
    ),
    # user and organization fields (by key)
    ("requester.custom_fields.plan", "is", "77", make_ticket(), None, True),  # option id → tag
    ("requester.custom_fields.plan", "is", "gold", make_ticket(), None, True),
    ("requester.custom_fields.seats", "greater_than", "10", make_ticket(), None, True),
    ("requester.custom_fields.vip", "is", "true", make_ticket(), None, True),
    ("requester.custom_fields.since", "within_previous_n_days", "7", make_ticket(), None, True),
    ("requester.custom_fields.missing", "not_present", None, make_ticket(), None, True),
    ("organization.custom_fields.tier", "is", "enterprise", make_ticket(), None, True),
    ("organization.custom_fields.tier", "includes_words", "premium", make_ticket(), None, False),
    (
        "organization.custom_fields.employees",
        "greater_than_equal",
        "500",
        make_ticket(),
        None,
        True,
    ),
    (
        "organization.custom_fields.tier",
        "present",
        None,
        make_ticket(organization=None),
        None,
        False,
    ),
]


@pytest.mark.parametrize(("field", "operator", "value", "ticket", "previous", "expected"), CASES)
def test_condition_operator_semantics(
    field: str, operator: str, value: Any, ticket: Ticket, previous: Ticket | None, expected: bool
) -> None:
    assert holds(field, operator, value, ticket, previous=previous) is expected


def test_comment_conditions_read_the_comment_of_this_update() -> None:
    private = Comment("Internal: refund approved", public=False, author_id=9)
    assert holds("comment_is_public", "is", "false", comment=private)
    assert not holds("comment_is_public", "is", "true", comment=private)
    assert holds("comment_is_public", "is", "not_relevant", comment=private)
    assert not holds("comment_is_public", "is", "requester_can_see_comment", comment=private)
    assert not holds("comment_is_public", "is", "not_relevant", comment=None)
    assert holds("comment_includes_word", "includes", "approved", comment=private)
    assert holds("comment_includes_word", "is_not", "declined", comment=private)


def test_role_is_the_acting_user() -> None:
    assert holds("role", "is", "agent", user=ADMIN)  # admins are agents
    assert holds("role", "is", "end_user", user=User(id=5))
    assert holds("role", "is", "9", user=AGENT)
    assert not holds("role", "is", "agent", user=None)  # the system: neither
    assert holds("role", "is_not", "end_user", user=AGENT)


def test_business_hours_use_the_schedule_time_zone_and_holidays() -> None:
    assert holds("in_business_hours", "is", "true", at=MONDAY_10)  # 11:00 in Madrid
    assert holds("in_business_hours", "is", "false", at=MONDAY_10 + timedelta(hours=7))
    saturday = MONDAY_10 + timedelta(days=5)
    assert holds("in_business_hours", "is", "false", at=saturday)
    epiphany = MONDAY_10.replace(month=1, day=6)  # a Tuesday, but a holiday
    assert holds("on_holiday", "is", "true", at=epiphany)
    assert holds("in_business_hours", "is", "false", at=epiphany)
    assert holds("within_schedule", "is", "300", at=MONDAY_10)
    assert holds("schedule_id", "is", "300")


def test_hours_since_status_counts_whole_hours_in_that_status() -> None:
    solved = make_ticket(status="solved", status_changed_at=MONDAY_10)
    later = MONDAY_10 + timedelta(hours=96, minutes=30)
    assert holds("SOLVED", "is", "96", solved, at=later, trigger=False)
    assert holds("SOLVED", "greater_than", "95", solved, at=later, trigger=False)
    assert not holds("SOLVED", "greater_than", "96", solved, at=later, trigger=False)
    assert not holds("PENDING", "greater_than", "1", solved, at=later, trigger=False)
    assert holds("updated_at", "greater_than", "24", solved, at=later, trigger=False)
    due = make_ticket(due_at=MONDAY_10 + timedelta(hours=5))
    assert holds(
        "until_due_date", "is", "4", due, at=MONDAY_10 + timedelta(minutes=30), trigger=False
    )
    assert not holds("due_date", "is", "0", due, at=MONDAY_10, trigger=False)  # not due yet
    assert not holds("assigned_at", "less_than", "5", make_ticket(), trigger=False)


def test_change_operators_outside_an_update_cannot_be_evaluated() -> None:
    with pytest.raises(CannotEvaluate, match="only triggers"):
        holds("status", "changed", None, trigger=False)


def test_a_ticket_without_a_known_schedule_cannot_be_evaluated_for_business_hours() -> None:
    directory = build_directory()
    directory.default_schedule_id = None
    check = compile_condition(
        {"field": "in_business_hours", "operator": "is", "value": "true"}, directory
    )
    with pytest.raises(CannotEvaluate, match="schedule"):
        check(Context(make_ticket(), directory, MONDAY_10))


def test_unsupported_conditions_name_their_reason() -> None:
    with pytest.raises(CannotEvaluate, match="Twitter"):
        holds("requester_twitter_verified", "is", "true")
