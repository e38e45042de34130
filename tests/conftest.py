"""Fixtures shared by every test area."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from cli_run import Run, cli_runner
from network_guard import NetworkBlocked, is_loopback

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """`../shared` (recorded Zendesk replies, legacy exports); CI has it beside the checkout."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside this checkout")
    return SHARED


@pytest.fixture(scope="session")
def zendesk_fixtures(shared_dir: Path) -> Path:
    return shared_dir / "fixtures" / "zendesk"


@pytest.fixture
def run_cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., Run]:
    """Call the real entry point (`helpctl.cli.app.main`) with argv: exit code, stdout, stderr."""
    return cli_runner(capsys, monkeypatch)


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test reaches beyond loopback: a connect to any other address fails loudly."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def connect(self: socket.socket, address: Any) -> None:
        if not is_loopback(address):
            raise NetworkBlocked(f"test tried to connect to {address!r}: only loopback is allowed")
        real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        if not is_loopback(address):
            raise NetworkBlocked(f"test tried to connect to {address!r}: only loopback is allowed")
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    yield
