"""Connections to ``backend: sandbox`` instances: one embedded server per database file, shared
by every instance on it, started lazily (also from worker threads) and stopped on exit."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from helpctl.config.project import InstanceConfig, Project
from helpctl.errors import HelpctlError, ServerError, TransportError
from helpctl.providers.connect import Connections
from helpctl.zendesk.client import ZendeskClient


def sandbox_project(root: Path, *instances: InstanceConfig) -> Project:
    return Project(root=root, instances={i.name: i for i in instances})


def threading_sandboxes() -> list[str]:
    """Names of the sandbox server threads still alive."""
    return [t.name for t in threading.enumerate() if t.name.startswith("sandbox-")]


def origin(url: str) -> str:
    parsed = httpx.URL(url)
    return f"{parsed.host}:{parsed.port}"


def test_sandbox_instances_sharing_a_database_share_one_server_with_one_account_each(
    tmp_path: Path,
) -> None:
    proj = sandbox_project(
        tmp_path,
        InstanceConfig(name="latam"),
        InstanceConfig(name="emea", account="europe"),
    )

    with Connections(proj) as conns:
        latam, emea = conns.endpoint("latam"), conns.endpoint("emea")
        checks = [conns.check("latam"), conns.check("emea")]

    assert origin(latam.base_url) == origin(emea.base_url)
    assert latam.base_url != emea.base_url and "/accounts/europe/" in emea.base_url
    assert (tmp_path / ".helpctl" / "sandbox.sqlite3").is_file()
    assert [c["instance"] for c in checks] == ["latam", "emea"]
    assert all(c["role"] == "admin" and c["user"] for c in checks)


def test_instances_on_different_databases_get_their_own_servers(tmp_path: Path) -> None:
    proj = sandbox_project(
        tmp_path,
        InstanceConfig(name="a", path="one.sqlite3"),
        InstanceConfig(name="b", path="two.sqlite3"),
    )

    with Connections(proj) as conns:
        a, b = conns.endpoint("a"), conns.endpoint("b")

    assert origin(a.base_url) != origin(b.base_url)
    assert (tmp_path / "one.sqlite3").is_file() and (tmp_path / "two.sqlite3").is_file()


def test_worker_threads_opening_instances_at_once_start_a_single_server(tmp_path: Path) -> None:
    names = [f"market{n}" for n in range(6)]
    proj = sandbox_project(tmp_path, *(InstanceConfig(name=n) for n in names))

    with Connections(proj) as conns, ThreadPoolExecutor(max_workers=6) as pool:
        providers = list(pool.map(conns.provider, names))
        urls = {origin(p.client.base_url) for p in providers}
        states = list(pool.map(lambda p: p.populate(["brands"]), providers))

    assert len(urls) == 1
    assert len({id(p.client) for p in providers}) == 6, "one client per instance"
    assert len({id(p.client.limiter) for p in providers}) == 6, "one rate limiter per instance"
    assert all(len(s.of("brands")) == 1 for s in states)


def test_the_same_provider_is_returned_for_an_instance(tmp_path: Path) -> None:
    with Connections(sandbox_project(tmp_path, InstanceConfig(name="x"))) as conns:
        assert conns.provider("x") is conns.provider("x")


def test_leaving_the_block_stops_the_servers_and_closes_the_clients(tmp_path: Path) -> None:
    with Connections(sandbox_project(tmp_path, InstanceConfig(name="x"))) as conns:
        client = conns.client("x")
        client.get("users/me")

    with pytest.raises((TransportError, RuntimeError)):
        client.get("users/me")
    with pytest.raises(RuntimeError):
        conns.client("x")


def test_sandbox_rate_limit_and_faults_of_the_instance_reach_its_account(tmp_path: Path) -> None:
    proj = sandbox_project(
        tmp_path,
        InstanceConfig(name="limited", rate_limit=600),
        InstanceConfig(name="flaky", faults="500:1.0"),
    )

    with Connections(proj) as conns, httpx.Client() as http:
        limited = conns.check("limited")
        flaky = conns.endpoint("flaky")
        once = ZendeskClient(
            http, base_url=flaky.base_url, auth=flaky.auth, max_retries=0, sleep=lambda s: None
        )
        with pytest.raises(ServerError):
            once.get("users/me")

    assert limited["rate_limit"] == 600
    assert flaky.rate_limit is None, "a sandbox instance without rate_limit is unlimited"


def test_a_bad_fault_spec_is_a_clear_error_and_leaves_no_server_running(tmp_path: Path) -> None:
    proj = sandbox_project(tmp_path, InstanceConfig(name="x", faults="explode:2"))
    before = set(threading_sandboxes())  # servers other tests of this process still run

    with Connections(proj) as conns, pytest.raises(HelpctlError) as caught:
        conns.client("x")

    assert "explode" in str(caught.value) or "fault" in str(caught.value).lower()
    assert set(threading_sandboxes()) <= before, "the half-started sandbox was stopped"
