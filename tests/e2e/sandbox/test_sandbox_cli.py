"""`helpctl sandbox serve` as a real process: the hand-written curl sequence of the issue (auth,
create a brand, page the list, a 422 with details, a 429 under a tiny rate limit)."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from helpctl.cli.app import app


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Served:
    """A `helpctl sandbox serve` process and how to reach it."""

    proc: subprocess.Popen[str]
    base: str
    auth: tuple[str, str]

    def stop(self) -> str:
        """Terminate it and return what it printed after the banner."""
        self.proc.terminate()
        out, _ = self.proc.communicate(timeout=10)
        return out


def _serve(path: Path) -> Served:
    port = _free_port()
    options = {
        "--rate-limit": "8",
        "--email": "me@example.com",
        "--token": "local-token",
        "--port": str(port),
        "--path": str(path),
    }
    cmd = [sys.executable, "-u", "-m", "helpctl", "sandbox", "serve"]
    cmd += [part for pair in options.items() for part in pair]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert proc.stdout is not None
    banner = [proc.stdout.readline() for _ in range(2)]
    assert f"http://127.0.0.1:{port}" in banner[0], banner
    assert re.search(r"email=me@example.com\s+token=local-token", banner[1])
    return Served(proc, f"http://127.0.0.1:{port}/api/v2/", ("me@example.com/token", "local-token"))


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, tuple[str, str]]]:
    server = _serve(tmp_path / "s.sqlite3")
    try:
        yield server.base, server.auth
    finally:
        if server.proc.poll() is None:
            server.stop()


def test_serve_stops_cleanly_when_terminated_and_keeps_its_data(tmp_path: Path) -> None:
    first = _serve(tmp_path / "s.sqlite3")
    httpx.post(first.base + "groups", json={"group": {"name": "Kept"}}, auth=first.auth)
    assert "sandbox stopped" in first.stop()
    assert first.proc.returncode == 0
    second = _serve(tmp_path / "s.sqlite3")
    try:
        groups = httpx.get(second.base + "groups", auth=second.auth).json()["groups"]
        assert [g["name"] for g in groups] == ["Kept"]
    finally:
        second.stop()


def test_serve_answers_the_curl_sequence(served: tuple[str, tuple[str, str]]) -> None:
    base, auth = served
    assert httpx.get(base + "brands.json").status_code == 401
    with httpx.Client(base_url=base, auth=auth) as api:
        made = api.post("brands.json", json={"brand": {"name": "Shop", "subdomain": "shop"}})
        assert made.status_code == 201
        page = api.get("brands.json", params={"page[size]": 1}).json()
        assert page["meta"]["has_more"] is True
        assert api.get(page["links"]["next"]).json()["brands"][0]["name"] == "Shop"
        invalid = api.post("groups.json", json={"group": {}})
        assert invalid.status_code == 422 and "name" in invalid.json()["details"]
        statuses = [api.get("groups.json").status_code for _ in range(6)]
    assert statuses[-1] == 429


def test_serve_refuses_a_non_loopback_host_without_allow_remote() -> None:
    result = CliRunner().invoke(app, ["sandbox", "serve", "--host", "0.0.0.0"])
    assert result.exit_code != 0
    assert "refusing to bind 0.0.0.0" in str(result.exception)


def test_reset_removes_the_data_file(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    path.write_bytes(b"x")
    result = CliRunner().invoke(app, ["sandbox", "reset", "--path", str(path), "--yes"])
    assert result.exit_code == 0 and not path.exists()
    again = CliRunner().invoke(app, ["sandbox", "reset", "--path", str(path), "--yes"])
    assert "nothing to remove" in again.output


def test_sandbox_commands_have_help() -> None:
    for command in ("serve", "reset"):
        result = CliRunner().invoke(app, ["sandbox", command, "--help"])
        assert result.exit_code == 0 and "--path" in result.output
