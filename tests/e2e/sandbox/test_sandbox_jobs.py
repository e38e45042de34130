"""Bulk work as jobs: queued on creation, working, then completed with index-aligned results;
statuses expire."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from helpctl.sandbox.replies import Settings
from helpctl.sandbox.runner import SandboxServer

Connect = Callable[..., httpx.Client]


def _poll(api: httpx.Client, job: dict[str, Any]) -> list[str]:
    statuses = []
    while True:
        status = api.get(job["url"]).json()["job_status"]
        statuses.append(status["status"])
        if status["status"] == "completed":
            job.update(status)
            return statuses


def test_create_or_update_many_job_completes_with_per_item_results(api: httpx.Client) -> None:
    users = [
        {"name": "Ann", "email": "ann@example.com", "external_id": "u-1"},
        {"name": "", "email": "nobody@example.com"},
        {"name": "Bob", "email": "not-an-email"},
        {"name": "Ann Again", "external_id": "U-1"},
    ]
    reply = api.post("users/create_or_update_many", json={"users": users})
    job = reply.json()["job_status"]
    assert reply.status_code == 200
    assert (job["status"], job["results"], job["progress"]) == ("queued", None, None)
    assert _poll(api, job) == ["working", "completed"]
    results = job["results"]
    assert [r["index"] for r in results] == [0, 1, 2, 3]
    assert (results[0]["action"], results[0]["status"]) == ("create", "Created")
    assert "Name: cannot be blank" in results[1]["details"]
    assert "is not properly formatted" in results[2]["details"]
    assert (results[3]["action"], results[3]["id"]) == ("update", results[0]["id"])
    user = api.get(f"users/{results[0]['id']}").json()["user"]
    assert (user["name"], user["external_id"]) == ("Ann Again", "U-1")


def test_bulk_calls_past_100_items_are_refused_with_too_many_values(api: httpx.Client) -> None:
    tickets = [{"subject": str(n), "comments": [{"value": "x"}]} for n in range(101)]
    reply = api.post("imports/tickets/create_many", json={"tickets": tickets})
    assert reply.status_code == 400
    assert reply.json()["error"] == "TooManyValues"
    users = api.post("users/create_or_update_many", json={"users": [{"name": "x"}] * 101})
    assert users.json() == {
        "error": "TooManyValues",
        "description": "Maximum 100 users may be created per call",
    }


def test_job_status_show_many_and_list(api: httpx.Client) -> None:
    ids = [
        api.post("users/create_many", json={"users": [{"name": f"U{n}"}]}).json()["job_status"][
            "id"
        ]
        for n in range(2)
    ]
    many = api.get("job_statuses/show_many", params={"ids": ",".join(ids)}).json()
    listed = api.get("job_statuses").json()
    assert [j["id"] for j in many["job_statuses"]] == ids
    assert {j["id"] for j in listed["job_statuses"]} == set(ids)
    assert listed["meta"]["has_more"] is False


def test_unknown_job_is_404(api: httpx.Client) -> None:
    reply = api.get("job_statuses/V3-nothing")
    assert reply.status_code == 404
    assert reply.json() == {"error": "RecordNotFound", "description": "Not found"}


def test_job_statuses_beyond_the_newest_kept_expire(connect: Connect) -> None:
    with SandboxServer(settings=Settings(job_keep=2)) as server, connect(server) as api:
        jobs = [
            api.post("users/create_many", json={"users": [{"name": f"U{n}"}]}).json()["job_status"]
            for n in range(3)
        ]
        assert api.get(jobs[0]["url"]).status_code == 404
        assert api.get(jobs[2]["url"]).status_code == 200


def test_job_statuses_older_than_the_ttl_expire(connect: Connect) -> None:
    with SandboxServer(settings=Settings(job_ttl=0)) as server, connect(server) as api:
        job = api.post("users/create_many", json={"users": [{"name": "U"}]}).json()["job_status"]
        assert api.get(job["url"]).status_code == 404


def test_jobs_can_complete_on_the_first_poll(connect: Connect) -> None:
    with SandboxServer(settings=Settings(job_polls=0)) as server, connect(server) as api:
        job = api.post("users/create_many", json={"users": [{"name": "U"}]}).json()["job_status"]
        assert _poll(api, job) == ["completed"]
