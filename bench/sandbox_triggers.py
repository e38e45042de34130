"""What running the triggers adds to the sandbox's ticket create (target: at most +20%).

Two accounts of one sandbox on loopback: one with no triggers, one with ``--triggers`` active
triggers (most of which do not fire: conditions on tags, groups and words, as a real account's
list; two fire: routing and an auto-reply). The same tickets are created in each, alternating
rounds so machine noise hits both; prints a JSON document with the median create time of each
and the overhead: wall time as a client sees it, and CPU time of this process (the client and
the sandbox's thread both run in it), which a shared, loaded machine disturbs far less.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from typing import Any

import httpx

from helpctl.sandbox.runner import SandboxServer


def _client(server: SandboxServer, account: str) -> httpx.Client:
    email, token = server.credentials(account)
    return httpx.Client(base_url=server.base_url(account), auth=(f"{email}/token", token))


def _triggers(api: httpx.Client, count: int) -> None:
    group = api.post("groups", json={"group": {"name": "Billing"}}).json()["group"]["id"]
    for i in range(count):
        word = "invoice" if i == count - 1 else f"word{i}"
        trigger: dict[str, Any] = {
            "title": f"Rule {i}",
            "conditions": {
                "all": [
                    {"field": "update_type", "operator": "is", "value": "Create"},
                    {"field": "comment_includes_word", "operator": "includes", "value": word},
                ],
                "any": [{"field": "current_tags", "operator": "not_includes", "value": f"t{i}"}],
            },
            "actions": [
                {"field": "group_id", "value": str(group)},
                {"field": "current_tags", "value": f"routed_{i}"},
            ],
        }
        api.post("triggers", json={"trigger": trigger}).raise_for_status()
    reply = {
        "title": "Auto-reply",
        "conditions": {"all": [{"field": "group_id", "operator": "is", "value": str(group)}]},
        "actions": [
            {
                "field": "notification_user",
                "value": ["requester_id", "Re: {{ticket.title}}", "We have #{{ticket.id}}."],
            }
        ],
    }
    api.post("triggers", json={"trigger": reply}).raise_for_status()


def _create(api: httpx.Client, n: int) -> tuple[float, float]:
    """Wall and CPU seconds of one create."""
    ticket = {"subject": f"Ticket {n}", "comment": {"body": "My invoice is wrong, please help"}}
    start, cpu = time.perf_counter(), time.process_time()
    api.post("tickets", json={"ticket": ticket}).raise_for_status()
    return time.perf_counter() - start, time.process_time() - cpu


def _overhead(without: list[float], with_rules: list[float]) -> dict[str, float]:
    base, ruled = statistics.median(without), statistics.median(with_rules)
    return {
        "without_triggers": round(base * 1000, 3),
        "with_triggers": round(ruled * 1000, 3),
        "overhead_percent": round((ruled / base - 1) * 100, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tickets", type=int, default=400, help="tickets per account")
    parser.add_argument("--triggers", type=int, default=30, help="active triggers")
    parser.add_argument("--json", action="store_true", help="(the output is always JSON)")
    args = parser.parse_args()
    without: list[tuple[float, float]] = []
    with_rules: list[tuple[float, float]] = []
    with (
        SandboxServer(accounts=("plain", "rules")) as server,
        _client(server, "plain") as plain,
        _client(server, "rules") as rules,
    ):
        _triggers(rules, args.triggers)
        for warm in range(5):
            _create(plain, warm), _create(rules, warm)
        for n in range(args.tickets):
            without.append(_create(plain, n))
            with_rules.append(_create(rules, n))
    wall = _overhead([w for w, _ in without], [w for w, _ in with_rules])
    cpu = _overhead([c for _, c in without], [c for _, c in with_rules])
    print(
        json.dumps(
            {
                "tickets": args.tickets,
                "triggers": args.triggers + 1,
                "create_ms_without_triggers": wall["without_triggers"],
                "create_ms_with_triggers": wall["with_triggers"],
                "overhead_percent": wall["overhead_percent"],
                "cpu_ms_without_triggers": cpu["without_triggers"],
                "cpu_ms_with_triggers": cpu["with_triggers"],
                "cpu_overhead_percent": cpu["overhead_percent"],
                "target_percent": 20,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
