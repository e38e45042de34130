"""Fidelity of schedules, holidays and SLA policies: the sandbox's replies have every key of the
recorded account's replies (salto recording), with the same JSON type."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest

SALTO = "salto/packages/zendesk-adapter/test/mock_replies/myBrand_mock_replies.json"
SCHEDULE = {"name": "Fidelity hours", "time_zone": "Central Time (US & Canada)"}
HOLIDAY = {"name": "Holiday1", "start_date": "2026-12-19", "end_date": "2026-12-20"}


def _recorded(root: Path, url: str) -> Any:
    for entry in json.loads((root / SALTO).read_text()):
        if entry["url"] == url:
            return entry["response"]
    raise AssertionError(f"{url} is not recorded")


@pytest.fixture
def schedule_id(world: Any) -> int:
    body = {**SCHEDULE, "name": f"Fidelity {uuid.uuid4().hex[:8]}"}
    reply = world.api.post("business_hours/schedules", json={"schedule": body})
    assert reply.status_code == 201, reply.text
    sid: int = reply.json()["schedule"]["id"]
    path = f"business_hours/schedules/{sid}/holidays"
    assert world.api.post(path, json={"holiday": HOLIDAY}).status_code == 201
    return sid


@pytest.fixture
def sla(world: Any) -> dict[str, Any]:
    form = world.ids["ticket_form"]
    body = {
        "title": f"SLA {uuid.uuid4().hex[:8]}",
        "description": "SLA description",
        "filter": {"all": [{"field": "ticket_form_id", "operator": "is", "value": form}]},
        "policy_metrics": [
            {"priority": "low", "metric": "first_reply_time", "target": 1440},
        ],
    }
    reply = world.api.post("slas/policies", json={"sla_policy": body})
    assert reply.status_code == 201, reply.text
    created: dict[str, Any] = reply.json()["sla_policy"]
    return created


def test_schedules_list_has_the_recorded_shape(
    world: Any, schedule_id: int, zendesk_fixtures: Path, shape: Any
) -> None:
    recorded = _recorded(zendesk_fixtures, "/api/v2/business_hours/schedules")
    reply = world.api.get("business_hours/schedules")
    assert reply.status_code == 200
    assert not shape(recorded, reply.json())
    assert "url" not in reply.json()["schedules"][0]


def test_holidays_list_has_the_recorded_shape(
    world: Any, schedule_id: int, zendesk_fixtures: Path, shape: Any
) -> None:
    recorded = _recorded(
        zendesk_fixtures, "/api/v2/business_hours/schedules/1900000004365/holidays"
    )
    reply = world.api.get(f"business_hours/schedules/{schedule_id}/holidays")
    assert reply.status_code == 200
    assert not shape(recorded, reply.json())


def test_sla_policies_list_has_the_recorded_shape(
    world: Any, sla: dict[str, Any], zendesk_fixtures: Path, shape: Any
) -> None:
    recorded = _recorded(zendesk_fixtures, "/api/v2/slas/policies")
    reply = world.api.get("slas/policies")
    assert reply.status_code == 200
    # the second recorded policy has no description: a nullable value of that account
    assert not shape(recorded, reply.json(), frozenset({"$.sla_policies[].description"}))


def test_sandbox_refuses_what_zendesk_refuses(world: Any, schedule_id: int) -> None:
    bad_zone = world.api.post(
        "business_hours/schedules", json={"schedule": {"name": "X", "time_zone": "Mars/Base"}}
    )
    assert bad_zone.status_code == 422
    overlap = {
        "intervals": [
            {"start_time": 1980, "end_time": 2460},
            {"start_time": 2400, "end_time": 2500},
        ]
    }
    reply = world.api.put(
        f"business_hours/schedules/{schedule_id}/workweek", json={"workweek": overlap}
    )
    assert reply.status_code == 422
    bad_metric = {
        "title": "Bad",
        "policy_metrics": [{"priority": "low", "metric": "x", "target": 5}],
    }
    assert world.api.post("slas/policies", json={"sla_policy": bad_metric}).status_code == 422
