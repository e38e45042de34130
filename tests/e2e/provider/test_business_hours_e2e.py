"""Schedules (with holidays and weekly hours) and SLA policies, applied to a sandbox over
loopback and read back: names both ways, updates of holidays and hours, SLA order, and the
refusal to delete a schedule a rule still uses."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from business_hours_support import KINDS_USED, plan, state

from helpctl.config.project import SafetyConfig
from helpctl.errors import PlanError
from helpctl.plan import check_plan
from helpctl.resources import KINDS
from helpctl.sandbox.runner import SandboxServer
from helpctl.zendesk.auth import Auth
from helpctl.zendesk.client import ZendeskClient
from helpctl.zendesk.provider import ZendeskProvider

SPAIN = {
    "name": "Spain hours",
    "time_zone": "Madrid",
    "intervals": {"monday": ["15:00-18:00", "09:00-14:00"], "friday": "09:00-15:00"},
    "holidays": [
        {"name": "Navidad", "start_date": "2026-12-25"},
        {"name": "Reyes", "start_date": "2027-01-06"},
    ],
}
TRIGGER = {
    "title": "Spanish hours",
    "conditions": {"all": [{"field": "within_schedule", "operator": "is", "value": "Spain hours"}]},
    "actions": [{"field": "set_schedule", "value": "Spain hours"}],
}
SLAS = [
    {
        "title": "Spain urgent",
        "filter": {
            "all": [
                {"field": "group_id", "operator": "is", "value": "Tier 1"},
                {"field": "ticket_type_id", "operator": "is", "value": "incident"},
            ]
        },
        "policy_metrics": [
            {
                "priority": "urgent",
                "metric": "first_reply_time",
                "target": 30,
                "business_hours": True,
            }
        ],
    },
    {
        "title": "Spain default",
        "policy_metrics": [{"priority": "low", "metric": "agent_work_time", "target": 600}],
    },
]


@pytest.fixture
def client() -> Iterator[ZendeskClient]:
    with SandboxServer() as server, httpx.Client() as http:
        email, token = server.credentials()
        yield ZendeskClient(http, base_url=server.base_url(), auth=Auth.token(email, token))


def _apply(client: ZendeskClient, desired: Any, *, prune: bool = False) -> Any:
    provider = ZendeskProvider(client, "sandbox")
    live = provider.populate(KINDS_USED)
    changes = plan(desired, live, prune=prune)
    report = provider.apply(changes)
    assert [r.status for r in report.results] == ["done"] * len(changes.changes), report.results
    return ZendeskProvider(client, "sandbox").populate(KINDS_USED)


def _desired(schedule: dict[str, Any] = SPAIN, slas: list[dict[str, Any]] = SLAS) -> Any:
    return state(
        groups=[{"name": "Tier 1"}],
        schedules=[schedule],
        triggers=[TRIGGER],
        sla_policies=slas,
    )


def test_schedules_and_slas_apply_by_name_and_then_plan_empty(client: ZendeskClient) -> None:
    live = _apply(client, _desired())
    schedule = live.of("schedules")[0]
    assert schedule.attrs["intervals"] == {
        "monday": ["09:00-14:00", "15:00-18:00"],
        "friday": "09:00-15:00",
    }
    stored = client.get(f"business_hours/schedules/{schedule.live_id}")["schedule"]
    assert [i["start_time"] for i in stored["intervals"]] == [1980, 2340, 7740]
    assert [h["end_date"] for h in schedule.attrs["holidays"]] == ["2026-12-25", "2027-01-06"]
    trigger = live.of("triggers")[0].attrs
    assert trigger["actions"] == [{"field": "set_schedule", "value": "Spain hours"}]
    raw = client.get("triggers")["triggers"][0]
    assert raw["actions"][0]["value"] == str(schedule.live_id)
    sla = client.get("slas/policies")["sla_policies"][0]
    assert sla["filter"]["all"][1] == {"field": "ticket_type_id", "operator": "is", "value": 2}
    assert plan(_desired(), live).changes == []


def test_holidays_and_hours_are_updated_in_place(client: ZendeskClient) -> None:
    _apply(client, _desired())
    changed = {
        **SPAIN,
        "intervals": {"tuesday": "10:00-12:00"},
        "holidays": [{"name": "Navidad", "start_date": "2026-12-24", "end_date": "2026-12-25"}],
    }
    live = _apply(client, _desired(changed))
    schedule = live.of("schedules")[0]
    assert schedule.attrs["intervals"] == {"tuesday": "10:00-12:00"}
    assert schedule.attrs["holidays"] == [
        {"name": "Navidad", "start_date": "2026-12-24", "end_date": "2026-12-25"}
    ]
    assert plan(_desired(changed), live).changes == []


def test_sla_policies_are_reordered_through_the_reorder_endpoint(client: ZendeskClient) -> None:
    _apply(client, _desired())
    live = _apply(client, _desired(slas=list(reversed(SLAS))))
    assert [r.key for r in live.of("sla_policies")] == ["Spain default", "Spain urgent"]
    positions = [p["title"] for p in client.get("slas/policies")["sla_policies"]]
    assert positions == ["Spain default", "Spain urgent"]


def test_deleting_a_schedule_a_rule_uses_is_refused_even_with_force(
    client: ZendeskClient,
) -> None:
    live = _apply(client, _desired())
    without = state(groups=[{"name": "Tier 1"}], triggers=[TRIGGER], sla_policies=SLAS)
    changes = plan(without, live, prune=True)
    assert [(c.action, c.kind) for c in changes.changes] == [("delete", "schedules")]
    with pytest.raises(PlanError, match="still used by triggers 'Spanish hours'"):
        check_plan(changes, live, kinds=KINDS, safety=SafetyConfig(), force=True)
