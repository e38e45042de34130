"""A small account (fields of every type, groups, brands, people, a schedule, custom statuses,
dynamic content) and ticket builders for the rule engine's tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from helpctl.rules import (
    Brand,
    CustomStatus,
    Directory,
    DynamicItem,
    FieldInfo,
    Group,
    Holiday,
    Organization,
    Schedule,
    Ticket,
    User,
)

#: A Monday, 10:00 UTC (inside the Madrid schedule's 9-17 hours: 11:00 local).
MONDAY_10 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)

DROPDOWN, MULTI, CHECK, TEXT, NUMBER, DATE, REGEXP, LOOKUP = 101, 102, 103, 104, 105, 106, 107, 108
AGENT = User(id=9, name="Agent Smith", email="agent@acme.test", role="agent", locale="en-US")
ADMIN = User(id=8, name="Ada Admin", email="admin@acme.test", role="admin")
REQUESTER = User(
    id=5,
    name="Ana Diaz",
    email="ana@example.com",
    locale="es",
    time_zone="Madrid",
    user_fields={"plan": "gold", "seats": 12, "vip": True, "since": "2026-02-25"},
)


def _fields() -> dict[int, FieldInfo]:
    reasons = {"reason_pay": "Payment", "reason_bug": "Bug"}
    return {
        DROPDOWN: FieldInfo(DROPDOWN, "Reason", "tagger", reasons, {"7001": "reason_pay"}),
        MULTI: FieldInfo(MULTI, "Parts", "multiselect", {"part_a": "A", "part_b": "B"}),
        CHECK: FieldInfo(CHECK, "Urgent?", "checkbox", tag="urgent_box"),
        TEXT: FieldInfo(TEXT, "Order", "text"),
        NUMBER: FieldInfo(NUMBER, "Amount", "decimal"),
        DATE: FieldInfo(DATE, "Due", "date"),
        REGEXP: FieldInfo(REGEXP, "Zip", "regexp"),
        LOOKUP: FieldInfo(LOOKUP, "Related", "lookup"),
    }


def build_directory() -> Directory:
    madrid = Schedule(
        id=300,
        name="Madrid",
        time_zone="Madrid",
        intervals=tuple((d * 1440 + 540, d * 1440 + 1020) for d in range(1, 6)),
        holidays=(Holiday("Epiphany", datetime(2026, 1, 6).date(), datetime(2026, 1, 6).date()),),
    )
    return Directory(
        account_name="Acme",
        subdomain="acme",
        users={u.id: u for u in (AGENT, ADMIN, REQUESTER)},
        groups={1: Group(1, "Tier 1", (9,)), 2: Group(2, "Billing")},
        brands={11: Brand(11, "Acme", "acme"), 12: Brand(12, "Acme Motors", "motors")},
        ticket_fields=_fields(),
        user_fields={"plan": FieldInfo("plan", "Plan", "dropdown", option_ids={"77": "gold"})},
        ticket_forms={21: "Default", 22: "Returns"},
        default_ticket_form_id=21,
        dynamic_content={
            "greeting": DynamicItem(
                "greeting",
                "en-US",
                {"en-US": "Hello {{ticket.requester.first_name}}", "es": "Hola"},
            ),
            "outer": DynamicItem("outer", "en-US", {"en-US": "[{{dc.greeting}}]"}),
        },
        schedules={300: madrid},
        default_schedule_id=300,
        custom_statuses={
            41: CustomStatus(41, "open", "Open", True),
            42: CustomStatus(42, "pending", "Waiting on customer", False),
            43: CustomStatus(43, "pending", "Pending", True),
            44: CustomStatus(44, "solved", "Solved", True),
        },
        locales={1: "en-US", 2: "es"},
        webhooks={500: "Slack"},
    )


def make_ticket(**changes: Any) -> Ticket:
    """A new web ticket from REQUESTER on brand Acme, created MONDAY_10."""
    base: dict[str, Any] = {
        "id": 42,
        "subject": "Refund for order 1234",
        "description": "I was charged twice",
        "requester": REQUESTER,
        "organization": Organization(70, "Globex", {"tier": "enterprise", "employees": 500}),
        "brand_id": 11,
        "ticket_form_id": 21,
        "created_at": MONDAY_10,
        "updated_at": MONDAY_10,
    }
    base.update(changes)
    return Ticket(**base).copy()
