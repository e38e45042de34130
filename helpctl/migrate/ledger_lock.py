"""One writer per ledger: the exclusive lock a migration holds for its whole run.

Two ``migrate run`` of one mapping at once (two terminals, a CI retry) would both read "not sent"
from the ledger and both send the same records. So every command that writes the ledger (``run``,
``retry``, …) first takes an exclusive lock on ``<ledger>.lock`` (:func:`helpctl.locks.exclusive`:
the OS releases it when the holder dies, even on kill -9) with a note ``<ledger>.lock.json`` saying
who holds it (pid, host, command, since when). A second run stops with :class:`LedgerBusy` naming
the holder, or — asked to ``wait`` — waits for the lock and then runs (finding the records the
first run imported, it sends nothing new).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from helpctl import locks
from helpctl.errors import HelpctlError

__all__ = ["LedgerBusy", "holder", "ledger_lock"]


class LedgerBusy(HelpctlError):
    """Another process holds the ledger's lock (a run of the same migration is under way)."""

    code = "ledger_busy"


def _lock_path(ledger_path: Path) -> Path:
    return ledger_path.with_name(ledger_path.name + ".lock")


def holder(ledger_path: Path) -> dict[str, Any] | None:
    """What the note says about the current (or last) holder; None when unknown."""
    return locks.holder(_lock_path(ledger_path))


@contextmanager
def ledger_lock(
    ledger_path: Path, *, command: str, wait: bool = False, timeout: float | None = None
) -> Iterator[None]:
    """Hold the ledger's lock for the ``with`` block; raises :class:`LedgerBusy` when another
    process holds it, unless ``wait`` (then waits, up to ``timeout`` seconds if given)."""
    if str(ledger_path) == ":memory:":
        yield
        return

    def busy(who: str) -> LedgerBusy:
        return LedgerBusy(
            f"the migration ledger {ledger_path} is in use by {who}",
            hint="wait for that run to finish, or pass --wait to start when it does",
        )

    with locks.exclusive(
        _lock_path(Path(ledger_path)), command=command, busy=busy, wait=wait, timeout=timeout
    ):
        yield
