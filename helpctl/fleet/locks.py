"""The apply lock: one local apply per instance at a time.

``apply_fleet`` / ``apply_saved_fleet`` hold :func:`instance_locks` from the plan to the last
write (``.helpctl/locks/apply-<instance>.lock``, via :func:`helpctl.locks.exclusive`); a second
local run raises :class:`~helpctl.errors.LockHeld` naming the holder, or queues with ``wait``.

This protects runs that share a project folder (two terminals, a retried job on one runner).
Runs on different machines do not share the file; the apply's live identity lookup before
every create covers them (see :mod:`helpctl.zendesk.apply_ops`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path

from helpctl.errors import LockHeld
from helpctl.locks import exclusive

__all__ = ["LOCK_DIR", "apply_lock_path", "instance_locks"]

#: Where a project keeps its lock files (beside the sandbox database and migration ledgers).
LOCK_DIR = Path(".helpctl") / "locks"


def apply_lock_path(root: Path, instance: str) -> Path:
    """The lock file of applies to ``instance`` of the project at ``root``."""
    return root / LOCK_DIR / f"apply-{instance}.lock"


def _busy(instance: str) -> Callable[[str], LockHeld]:
    def busy(who: str) -> LockHeld:
        return LockHeld(
            f"an apply to instance `{instance}` is already running: held by {who}",
            hint="wait for it to finish, or re-run with --wait to queue behind it",
        )

    return busy


@contextmanager
def instance_locks(root: Path, instances: Sequence[str], *, wait: bool = False) -> Iterator[None]:
    """The apply locks of ``instances`` (taken in name order, so two waiting runs never
    deadlock), all held for the ``with`` block."""
    with ExitStack() as stack:
        for name in sorted(set(instances)):
            lock = apply_lock_path(root, name)
            stack.enter_context(exclusive(lock, command="apply", busy=_busy(name), wait=wait))
        yield
