"""One writer per ledger: the exclusive lock a migration holds for its whole run.

Two ``migrate run`` of one mapping at once (two terminals, a CI retry) would both read "not sent"
from the ledger and both send the same records. So every command that writes the ledger (``run``,
``retry``, …) first takes an exclusive lock on ``<ledger>.lock`` (a :mod:`filelock` lock: the OS
releases it when the holder dies, even on kill -9) and writes a small sidecar
``<ledger>.lock.json`` saying who holds it (pid, host, command, since when). A second run reads
the sidecar and stops with :class:`LedgerBusy` naming the holder, or — asked to ``wait`` — waits
for the lock and then runs (finding the records the first run imported, it sends nothing new).

The sidecar is information only: the lock itself is the OS lock, so a stale sidecar left by a
killed holder never blocks anybody.
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from helpctl.errors import HelpctlError

__all__ = ["LedgerBusy", "holder", "ledger_lock"]


class LedgerBusy(HelpctlError):
    """Another process holds the ledger's lock (a run of the same migration is under way)."""

    code = "ledger_busy"


def _paths(ledger_path: Path) -> tuple[Path, Path]:
    return ledger_path.with_name(ledger_path.name + ".lock"), ledger_path.with_name(
        ledger_path.name + ".lock.json"
    )


def holder(ledger_path: Path) -> dict[str, Any] | None:
    """What the sidecar says about the current (or last) holder; None when unknown."""
    _, info = _paths(ledger_path)
    try:
        doc = json.loads(info.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return doc if isinstance(doc, dict) else None


def _describe(doc: dict[str, Any] | None) -> str:
    if doc is None:
        return "another process (no holder information)"
    since = doc.get("since")
    when = (
        datetime.fromtimestamp(float(since), UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        if isinstance(since, int | float)
        else "an unknown time"
    )
    return (
        f"pid {doc.get('pid', '?')} on {doc.get('host', '?')} "
        f"({doc.get('command', 'a migration')}) since {when}"
    )


@contextmanager
def ledger_lock(
    ledger_path: Path, *, command: str, wait: bool = False, timeout: float | None = None
) -> Iterator[None]:
    """Hold the ledger's lock for the ``with`` block; raises :class:`LedgerBusy` when another
    process holds it, unless ``wait`` (then waits, up to ``timeout`` seconds if given)."""
    if str(ledger_path) == ":memory:":
        yield
        return
    lock_path, info = _paths(Path(ledger_path))
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(lock_path), thread_local=False)
    limit = (-1 if timeout is None else timeout) if wait else 0
    try:
        lock.acquire(timeout=limit, poll_interval=0.1)
    except Timeout:
        raise LedgerBusy(
            f"the migration ledger {ledger_path} is in use by {_describe(holder(ledger_path))}",
            hint="wait for that run to finish, or pass --wait to start when it does",
        ) from None
    try:
        doc = {"pid": os.getpid(), "host": socket.gethostname(), "command": command}
        info.write_text(json.dumps({**doc, "since": time.time()}), encoding="utf-8")
        yield
    finally:
        try:
            info.unlink(missing_ok=True)
        finally:
            lock.release()
