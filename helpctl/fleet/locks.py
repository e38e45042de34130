"""Exclusive locks between local runs, with who holds them.

A lock is a file taken with :mod:`filelock` (``fcntl``/``msvcrt``: released by the operating
system when the holder dies, even on kill -9, so a stale lock never needs cleaning) and a
small JSON note beside it naming the holder: pid, host and since when (UTC). A run that finds
the lock taken either waits for it (``wait=True``) or raises :class:`~helpctl.errors.LockHeld`
naming the holder.

This protects runs that share a project folder (two terminals, a retried job on one runner).
Runs on different machines do not share the file; the apply's live identity lookup before
every create covers them (see :mod:`helpctl.zendesk.apply_ops`).
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout

from helpctl.errors import LockHeld

__all__ = ["LOCK_DIR", "apply_lock_path", "exclusive", "holder_of", "instance_locks"]

#: Where a project keeps its lock files (beside the sandbox database and migration ledgers).
LOCK_DIR = Path(".helpctl") / "locks"


def apply_lock_path(root: Path, instance: str) -> Path:
    """The lock file of applies to ``instance`` of the project at ``root``."""
    return root / LOCK_DIR / f"apply-{instance}.lock"


def _note_path(lock: Path) -> Path:
    return lock.with_suffix(".holder.json")


def holder_of(lock: Path) -> str:
    """Who holds ``lock``, as "pid N on host H since T" (or "another run" when unknown)."""
    try:
        note = json.loads(_note_path(lock).read_text(encoding="utf-8"))
        return f"pid {note['pid']} on host {note['host']} since {note['since']}"
    except (OSError, ValueError, KeyError, TypeError):
        return "another run"


@contextmanager
def exclusive(lock: Path, what: str, *, wait: bool = False) -> Iterator[None]:
    """Hold ``lock`` for the ``with`` block; ``what`` names the work in the refusal.

    Without ``wait`` a taken lock raises :class:`LockHeld` at once; with it, this blocks until
    the holder finishes.
    """
    lock.parent.mkdir(parents=True, exist_ok=True)
    flock = FileLock(str(lock), timeout=-1 if wait else 0)
    try:
        flock.acquire()
    except Timeout:
        raise LockHeld(
            f"{what} is already running: held by {holder_of(lock)}",
            hint="wait for it to finish, or re-run with --wait to queue behind it",
        ) from None
    note = _note_path(lock)
    try:
        since = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        note.write_text(
            json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "since": since}),
            encoding="utf-8",
        )
        yield
    finally:
        note.unlink(missing_ok=True)
        flock.release()


@contextmanager
def instance_locks(root: Path, instances: Sequence[str], *, wait: bool = False) -> Iterator[None]:
    """The apply locks of ``instances`` (taken in name order, so two waiting runs never
    deadlock), all held for the ``with`` block."""
    with ExitStack() as stack:
        for name in sorted(set(instances)):
            stack.enter_context(
                exclusive(apply_lock_path(root, name), f"an apply to instance `{name}`", wait=wait)
            )
        yield
