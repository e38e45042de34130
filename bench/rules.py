"""How fast the rule engine evaluates scenarios offline (``helpctl test``'s inner loop).

Builds a desired state shaped like a market of ``configs/`` (3 brands, 8 groups, a contact reason
dropdown of 12 options, dynamic content in 3 locales, 40 triggers in 2 categories: routing by
reason, tagging by brand with ``any`` conditions, change-aware escalations, notifications with
Liquid and ``{{dc.*}}``), compiles it with :func:`helpctl.rules.offline_engine`, and runs
scenarios: one ticket create through the whole trigger cycle (rendered notifications included)
plus one follow-up update. Prints scenario evaluations per second (bar: ≥ 5,000/s) and the time
of a fleet run, 35 instances × 50 scenarios, engine builds included (bar: < 2 s).

    python bench/rules.py            # table
    python bench/rules.py --json     # one JSON document
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from helpctl.resources.state import Resource, State
from helpctl.rules import Comment, OfflineAccount, Ticket, Update, User, offline_engine

REASONS = [f"reason_{i:02d}" for i in range(12)]
BRANDS = ["Bazario", "Bazario Motors", "Bazario Homes"]
GROUPS = [f"Team {i}" for i in range(8)]
START = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def _cond(field: str, operator: str, value: Any) -> dict[str, Any]:
    return {"field": field, "operator": operator, "value": value}


def _triggers(market: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for i, reason in enumerate(REASONS):
        out.append(
            {
                "title": f"Route {reason}",
                "category": "Routing",
                "conditions": {
                    "all": [
                        _cond("update_type", "is", "Create"),
                        _cond("custom_fields.Contact reason", "is", reason),
                    ],
                    "any": [],
                },
                "actions": [
                    {"field": "group_id", "value": GROUPS[i % len(GROUPS)]},
                    {"field": "current_tags", "value": f"routed {reason}"},
                ],
            }
        )
    for i, brand in enumerate(BRANDS * 4):
        out.append(
            {
                "title": f"Tag brand {i}",
                "category": "Routing",
                "conditions": {
                    "all": [_cond("current_tags", "not_includes", f"brand_{i}")],
                    "any": [_cond("brand_id", "is", brand), _cond("priority", "is", "urgent")],
                },
                "actions": [{"field": "current_tags", "value": f"brand_{i}"}],
            }
        )
    for i in range(10):
        out.append(
            {
                "title": f"Escalate {i}",
                "category": "Routing",
                "conditions": {
                    "all": [
                        _cond("status", "value_previous", "solved"),
                        _cond("group_id", "is", GROUPS[i % len(GROUPS)]),
                    ],
                    "any": [],
                },
                "actions": [{"field": "priority", "value": "high"}],
            }
        )
    for i in range(6):
        out.append(
            {
                "title": f"Notify {i}",
                "category": "Notifications",
                "conditions": {
                    "all": [_cond("update_type", "is", "Create" if i < 3 else "Change")],
                    "any": [],
                },
                "actions": [
                    {
                        "field": "notification_user",
                        "value": [
                            "requester_id",
                            f"[{market}] {{{{ticket.title}}}} #{{{{ticket.id}}}}",
                            "{% if ticket.status == 'New' %}{{dc.auto_reply}}{% else %}"
                            "{{ticket.latest_public_comment}}{% endif %}",
                        ],
                    }
                ],
            }
        )
    return out


def market_state(market: str) -> State:
    state = State(market)
    kinds: dict[str, list[dict[str, Any]]] = {
        "brands": [{"name": b} for b in BRANDS],
        "groups": [{"name": g} for g in GROUPS],
        "ticket_fields": [
            {
                "title": "Contact reason",
                "type": "tagger",
                "options": [{"name": r.title(), "value": r} for r in REASONS],
            }
        ],
        "dynamic_content": [
            {
                "name": "auto_reply",
                "default_locale": "en-US",
                "variants": {
                    "en-US": f"Thanks {{{{ticket.requester.first_name}}}}, {market} got it.",
                    "es": f"Gracias {{{{ticket.requester.first_name}}}}, {market} lo recibió.",
                    "pt-BR": f"Obrigado {{{{ticket.requester.first_name}}}}, {market}.",
                },
            }
        ],
        "trigger_categories": [{"name": "Notifications"}, {"name": "Routing"}],
        "triggers": _triggers(market),
    }
    for kind, items in kinds.items():
        key = "title" if kind in ("ticket_fields", "triggers") else "name"
        for attrs in items:
            state.add(Resource(kind, attrs[key], attrs))
    return state


def scenario(account: OfflineAccount, n: int) -> int:
    """One scenario: a create through the trigger cycle, then a reopening reply."""
    reason = account.id_of("ticket_fields", "Contact reason")
    requester = User(id=1, name="Lucia Perez", email="lucia@example.com", locale="es")
    ticket = Ticket(
        id=n,
        subject="Where is my refund?",
        description="I was charged twice",
        requester=requester,
        brand_id=account.id_of("brands", BRANDS[n % 3]),
        custom_fields={reason: REASONS[n % len(REASONS)]},
        created_at=START,
        updated_at=START,
    )
    created = account.engine.run_triggers(Update.create(ticket))
    solved = created.ticket
    solved.status = "solved"
    reply = Comment("Still not there", True, requester.id)
    later = START + timedelta(days=1)
    update = Update.change(solved, status="open", comment=reply, current_user=requester, at=later)
    reopened = account.engine.run_triggers(update)
    return len(created.notifications) + len(reopened.notifications)


def _rate(account: OfflineAccount, seconds: float) -> float:
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        for n in range(100):
            scenario(account, n)
        count += 100
    return count / (time.perf_counter() - started)


def _fleet(instances: int, scenarios: int) -> float:
    states = [market_state(f"Market {i}") for i in range(instances)]
    started = time.perf_counter()
    for state in states:
        account = offline_engine(state)
        for n in range(scenarios):
            scenario(account, n)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--seconds", type=float, default=2.0, help="time spent on the rate")
    parser.add_argument("--instances", type=int, default=35)
    parser.add_argument("--scenarios", type=int, default=50, help="per instance, fleet run")
    args = parser.parse_args()
    account = offline_engine(market_state("Bazario LatAm"))
    assert scenario(account, 1) == 6, "a scenario sends 3 notifications on create, 3 on reopen"
    rates = [_rate(account, args.seconds / 3) for _ in range(3)]
    fleets = [_fleet(args.instances, args.scenarios) for _ in range(3)]
    doc = {
        "triggers_per_instance": len(account.engine.triggers),
        "scenarios_per_second": round(statistics.median(rates)),
        "fleet": {"instances": args.instances, "scenarios": args.scenarios},
        "fleet_seconds": round(statistics.median(fleets), 3),
        "bars": {"scenarios_per_second": 5000, "fleet_seconds (35 x 50)": 2.0},
    }
    if args.json:
        print(json.dumps(doc, indent=2))
        return
    print(f"triggers per instance          {doc['triggers_per_instance']}")
    print(f"scenario evaluations / second  {doc['scenarios_per_second']:>8}   (bar ≥ 5,000)")
    fleet = f"{args.instances} instances × {args.scenarios} scenarios"
    print(f"{fleet:<31}{doc['fleet_seconds']:>8} s (bar < 2 s at 35 × 50)")


if __name__ == "__main__":
    main()
