"""Concurrent writers lose nothing; a file-backed sandbox keeps data and credentials across
restarts."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from helpctl.errors import SandboxError
from helpctl.sandbox.runner import SandboxServer

Connect = Callable[..., httpx.Client]


def _write_from_threads(server: SandboxServer, connect: Connect, threads: int, each: int) -> None:
    failures: list[str] = []

    def work(n: int) -> None:
        with connect(server) as api:
            for i in range(each):
                reply = api.post("groups", json={"group": {"name": f"t{n}-g{i}"}})
                if reply.status_code != 201:
                    failures.append(reply.text)
            tickets = [{"subject": f"t{n}-{i}", "comments": [{"value": "x"}]} for i in range(20)]
            api.post("imports/tickets/create_many", json={"tickets": tickets}).raise_for_status()

    workers = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert failures == []


def test_eight_threads_writing_at_once_lose_nothing(connect: Connect, tmp_path: Path) -> None:
    with SandboxServer(tmp_path / "sandbox.sqlite3") as server:
        _write_from_threads(server, connect, threads=8, each=25)
        with connect(server) as api:
            groups = api.get("groups", params={"per_page": 100, "page": 3}).json()
            tickets = api.get("tickets", params={"per_page": 100, "page": 2}).json()
    assert groups["count"] == 8 * 25
    assert tickets["count"] == 8 * 20
    ids = [t["id"] for t in tickets["tickets"]]
    assert len(ids) == len(set(ids))


def test_in_memory_sandbox_is_shared_by_concurrent_requests(connect: Connect) -> None:
    with SandboxServer() as server:
        _write_from_threads(server, connect, threads=8, each=5)
        with connect(server) as api:
            assert api.get("groups").json()["count"] == 40


def test_data_and_credentials_survive_a_restart(connect: Connect, tmp_path: Path) -> None:
    path = tmp_path / "sandbox.sqlite3"
    with SandboxServer(path, accounts=("acme", "globex")) as first, connect(first, "globex") as api:
        api.post("groups", json={"group": {"name": "Kept"}}).raise_for_status()
        credentials = first.credentials("globex")
    with SandboxServer(path, accounts=("acme", "globex", "initech")) as second:
        assert second.credentials("globex") == credentials
        with connect(second, "globex") as api:
            assert [g["name"] for g in api.get("groups").json()["groups"]] == ["Kept"]
        with connect(second, "initech") as api:
            assert api.get("groups").json()["groups"] == []


def test_a_file_that_is_not_a_sandbox_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not a database " * 100)
    with pytest.raises(SandboxError, match=r"notes\.txt") as caught:
        SandboxServer(path).start()
    assert "reset" in caught.value.hint


def test_given_credentials_replace_the_stored_ones_of_the_first_account(tmp_path: Path) -> None:
    path = tmp_path / "sandbox.sqlite3"
    with SandboxServer(path) as first:
        generated = first.credentials()
    with SandboxServer(path, token="chosen") as second:
        assert second.credentials() == (generated[0], "chosen")
