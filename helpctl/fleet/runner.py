"""Running one piece of work on several instances at once.

Each instance runs in a worker of a bounded thread pool (``min(MAX_WORKERS, n)``) with its own
client and rate limiter (from :class:`~helpctl.providers.connect.Connections`), so a slow or
rate-limited account does not hold back the others. One instance failing (an API error, a refused
plan) is recorded in its :class:`Outcome` and does not stop the rest. Outcomes come back in the
order the instances were asked for, so callers print each instance's output as one group, never
interleaved.

No I/O of its own and no printing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Generic, TypeVar

from helpctl.errors import HelpctlError

__all__ = ["MAX_WORKERS", "Outcome", "run_each"]

T = TypeVar("T")

#: Instances worked on at the same time. The work is waiting on HTTP, and each instance spends
#: its own account's rate limit, so the bound is about open connections, not load: 40 plans a
#: 35-account fleet in one round (benchmarks.md: all ≤ 2× one).
MAX_WORKERS = 40


@dataclass
class Outcome(Generic[T]):
    """What one instance's work returned, or the error that stopped it."""

    instance: str
    value: T | None = None
    error: HelpctlError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def _guarded(name: str, work: Callable[[str], T]) -> Outcome[T]:
    try:
        return Outcome(name, value=work(name))
    except HelpctlError as err:
        return Outcome(name, error=err)
    except Exception as err:  # a bug in one instance's work must not hide the others' results
        wrapped = HelpctlError(
            f"[{name}] internal error: {type(err).__name__}: {err}",
            hint="re-run with --debug -i " + name + " and report it",
        )
        wrapped.__cause__ = err
        return Outcome(name, error=wrapped)


def run_each(
    instances: Sequence[str],
    work: Callable[[str], T],
    *,
    max_workers: int = MAX_WORKERS,
) -> list[Outcome[T]]:
    """``work(name)`` for every instance, concurrently; outcomes in ``instances`` order."""
    if len(instances) <= 1:
        return [_guarded(name, work) for name in instances]
    pool = ThreadPoolExecutor(max_workers=min(max_workers, len(instances)))
    try:
        futures = [pool.submit(_guarded, name, work) for name in instances]
        return [f.result() for f in futures]
    except KeyboardInterrupt:
        # instances not started yet are dropped; running ones finish their current request
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        pool.shutdown(wait=True)
