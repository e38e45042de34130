"""Progress of a fleet apply, per instance with counts.

On a terminal (stderr a TTY, no ``--json``) one rich progress bar per instance on stderr:
changes done of planned, with how many landed and failed. Otherwise (CI logs, ``--json``,
redirected output) one plain line per finished change on stderr, as before, and a closing line
per instance with its counts, so logs stay greppable and stdout stays the document.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Mapping
from types import TracebackType
from typing import TYPE_CHECKING

from helpctl.cli.fleet_options import log_line
from helpctl.fleet import Progress
from helpctl.providers.base import ChangeResult

if TYPE_CHECKING:
    from rich.progress import Progress as Bars
    from rich.progress import TaskID

__all__ = ["ApplyProgress", "use_bars"]

_MARKS = {"done": "✓", "failed": "✗", "skipped": "·"}


def use_bars(json_: bool) -> bool:
    """Bars only for a person watching: stderr a terminal and no JSON asked for."""
    return not json_ and sys.stderr.isatty()


class ApplyProgress:
    """A context manager handing out one progress callback per instance (``for_instance``,
    the ``progress`` argument of :func:`helpctl.fleet.apply_fleet`)."""

    def __init__(self, totals: Mapping[str, int] | None = None, *, bars: bool = False) -> None:
        self.totals: dict[str, int] = dict(totals or {})
        self.bars = bars
        self._lock = threading.Lock()
        self._counts: dict[str, dict[str, int]] = {}
        self._progress: Bars | None = None
        self._tasks: dict[str, TaskID] = {}

    def __enter__(self) -> ApplyProgress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        err: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop the bars (if started)."""
        if self._progress is not None:
            self._progress.stop()
        self._progress = None

    def _bar(self, name: str) -> TaskID:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn
        from rich.progress import Progress as RichProgress

        if self._progress is None:
            bars = RichProgress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("✓ {task.fields[done]}  ✗ {task.fields[failed]}"),
                console=Console(stderr=True),
            )
            bars.start()
            self._progress = bars
        if name not in self._tasks:
            total = self.totals.get(name)
            self._tasks[name] = self._bars().add_task(name, total=total, done=0, failed=0)
        return self._tasks[name]

    def _bars(self) -> Bars:
        assert self._progress is not None
        return self._progress

    def counts(self, name: str) -> dict[str, int]:
        """How many changes of ``name`` landed (done), failed and were skipped so far."""
        return dict(self._counts.get(name, {"done": 0, "failed": 0, "skipped": 0}))

    def for_instance(self, name: str) -> Progress:
        """The callback of instance ``name``: hears of every finished change."""
        with self._lock:
            self._counts.setdefault(name, {"done": 0, "failed": 0, "skipped": 0})
            task = self._bar(name) if self.bars else None

        def report(result: ChangeResult) -> None:
            with self._lock:
                counts = self._counts[name]
                counts[result.status] += 1
                if task is not None:
                    failed = counts["failed"] + counts["skipped"]
                    self._bars().update(task, advance=1, done=counts["done"], failed=failed)
                    return
            c = result.change
            why = f": {result.reason}" if result.reason else ""
            total = self.totals.get(name)
            n = sum(counts.values())
            of = f" ({n}/{total})" if total else ""
            log_line(f"[{name}]{of} {_MARKS[result.status]} {c.action} {c.kind} '{c.key}'{why}")

        return report
