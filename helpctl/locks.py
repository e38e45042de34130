"""Exclusive locks between local runs, with who holds them: the one mechanism behind the apply
lock (:mod:`helpctl.fleet.locks`) and the migration ledger lock
(:mod:`helpctl.migrate.ledger_lock`).

A lock is a file taken with :mod:`filelock` (``fcntl``/``msvcrt``: released by the operating
system when the holder dies, even on kill -9, so a stale lock never needs cleaning) and a small
JSON note beside it, ``<lock>.json``, naming the holder: pid, host, command and since when. The
note is information only; a note left by a killed holder never blocks anybody. A run that finds
the lock taken either waits for it (``wait=True``, up to ``timeout`` seconds if given) or raises
the caller's :class:`~helpctl.errors.HelpctlError` naming the holder.
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from helpctl.errors import HelpctlError

__all__ = ["describe_holder", "exclusive", "holder", "note_path"]


def note_path(lock: Path) -> Path:
    """The holder note beside ``lock`` (``<lock>.json``)."""
    return lock.with_name(lock.name + ".json")


def holder(lock: Path) -> dict[str, Any] | None:
    """What the note says about the current (or last) holder; None when unknown."""
    try:
        doc = json.loads(note_path(lock).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return doc if isinstance(doc, dict) else None


def describe_holder(doc: dict[str, Any] | None) -> str:
    """ "pid N on host H (command) since T", or a plain phrase when the note is missing."""
    if doc is None:
        return "another process (no holder information)"
    since = doc.get("since")
    when = (
        datetime.fromtimestamp(float(since), UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        if isinstance(since, int | float)
        else "an unknown time"
    )
    command = f" ({doc['command']})" if doc.get("command") else ""
    return f"pid {doc.get('pid', '?')} on host {doc.get('host', '?')}{command} since {when}"


@contextmanager
def exclusive(
    lock: Path,
    *,
    command: str,
    busy: Callable[[str], HelpctlError],
    wait: bool = False,
    timeout: float | None = None,
) -> Iterator[None]:
    """Hold ``lock`` for the ``with`` block, noting ``command`` as what holds it.

    A taken lock raises ``busy(<who holds it>)`` at once, unless ``wait``: then this blocks
    until the holder finishes (or raises after ``timeout`` seconds when one is given).
    """
    lock.parent.mkdir(parents=True, exist_ok=True)
    flock = FileLock(str(lock), thread_local=False)
    limit = (-1 if timeout is None else timeout) if wait else 0
    try:
        flock.acquire(timeout=limit, poll_interval=0.1)
    except Timeout:
        raise busy(describe_holder(holder(lock))) from None
    note = note_path(lock)
    try:
        doc = {"pid": os.getpid(), "host": socket.gethostname(), "command": command}
        note.write_text(json.dumps({**doc, "since": time.time()}), encoding="utf-8")
        yield
    finally:
        try:
            note.unlink(missing_ok=True)
        finally:
            flock.release()
