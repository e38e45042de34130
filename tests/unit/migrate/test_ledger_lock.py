"""The ledger lock: one writer per ledger; the second says who holds it, or waits."""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

from helpctl.migrate.ledger_lock import LedgerBusy, holder, ledger_lock


def test_a_second_holder_is_refused_with_the_first_holders_pid_host_and_time(
    tmp_path: Path,
) -> None:
    ledger = tmp_path / "ledger.sqlite3"
    with ledger_lock(ledger, command="migrate run"):
        info = holder(ledger)
        assert info is not None and info["pid"] == os.getpid()
        with pytest.raises(LedgerBusy) as caught, ledger_lock(ledger, command="migrate run"):
            pytest.fail("two holders of one ledger")
    message = str(caught.value)
    assert f"pid {os.getpid()}" in message and socket.gethostname() in message
    assert "since 20" in message and "UTC" in message and "--wait" in (caught.value.hint or "")
    assert holder(ledger) is None  # released: the sidecar is gone


def test_wait_blocks_until_the_holder_releases(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.sqlite3"
    order: list[str] = []
    held = threading.Event()

    def first() -> None:
        with ledger_lock(ledger, command="first"):
            held.set()
            time.sleep(0.5)
            order.append("first done")

    thread = threading.Thread(target=first)
    thread.start()
    held.wait(5)
    with ledger_lock(ledger, command="second", wait=True, timeout=10):
        order.append("second in")
    thread.join()
    assert order == ["first done", "second in"]


def test_a_stale_sidecar_does_not_block(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.sqlite3"
    (tmp_path / "ledger.sqlite3.lock.json").write_text('{"pid": 1, "host": "gone", "since": 0}')
    with ledger_lock(ledger, command="migrate run"):
        assert holder(ledger)["host"] == socket.gethostname()  # type: ignore[index]
