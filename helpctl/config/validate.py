"""`helpctl validate` as a library call: every problem of every instance, in one pass.

A problem in a file that several instances include is found once per instance; it is reported
once. Its ``instance`` names the instances that see it (comma-separated), or is empty when every
validated instance of a multi-instance project sees it (a project-wide problem).

A fleet (many instances) is validated by several processes, one per core, each taking an
interleaved share of the instances: validation is pure CPU work and the instances are
independent. This process validates the first instance before forking, so the files and
objects every instance shares are parsed and checked once and the forked workers inherit them;
then it validates its own share while the workers do theirs. The results are only problems.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from helpctl.config.desired import DesiredLoader, gc_paused
from helpctl.config.project import Project
from helpctl.errors import Position, Problem

if TYPE_CHECKING:  # multiprocessing is imported only when a fleet is validated in parallel
    from concurrent.futures import Future, ProcessPoolExecutor

__all__ = ["has_errors", "validate_project", "worker_count"]

#: Below this many instances per worker, a second process costs more than it saves.
INSTANCES_PER_WORKER = 8

_Key = tuple[str, str, Position | None, str, str]
_Seen = dict[_Key, tuple[Problem, list[str]]]


def validate_project(
    project: Project, instances: Iterable[str] | None = None, *, workers: int | None = None
) -> list[Problem]:
    """All problems of the chosen instances (default: all), sorted by file and line.

    ``workers`` bounds the processes used (default: one per core, when the fleet is large
    enough to gain from it); ``1`` validates in this process only.
    """
    names = _chosen(project, instances)
    count = worker_count(len(names), workers)
    loader = DesiredLoader(project)
    with gc_paused():
        found = _validate(loader, names, count)
        # scenarios name the objects of the states just loaded: the loader has every file
        # parsed and every object checked already
        scenario = _scenario_problems(project, names, loader)
        # free every parsed file and state by reference counting while the collector is
        # still paused: resumed first, its next pass would scan the millions of objects
        # the loader holds (measured: 0.18 s of a 35-instance fleet's 2.3 s) to free none
        del loader
    order = {name: i for i, name in enumerate(names)}
    out = [
        replace(problem, instance=_who(sorted(seen_by, key=order.__getitem__), names))
        for problem, seen_by in found.values()
    ]
    out += scenario
    return sorted(out, key=lambda p: (p.position or Position(""), p.path, p.code, p.instance))


def _scenario_problems(project: Project, names: list[str], loader: DesiredLoader) -> list[Problem]:
    """The mistakes in the project's scenario files (``scenarios/``), when it has any."""
    # scenarios build on config: import late; and the runner (with the rule engine under it)
    # only for a project that has scenario files
    from helpctl.scenarios.files import scenario_files

    if not scenario_files(project.root):
        return []
    from helpctl.scenarios.check import scenario_problems

    return scenario_problems(project, names, state_of=lambda name: loader.load(name)[0])


def has_errors(problems: Iterable[Problem]) -> bool:
    """True when any problem is an error (warnings alone leave a project valid)."""
    return any(p.severity == "error" for p in problems)


def worker_count(instances: int, wanted: int | None = None) -> int:
    """How many processes :func:`validate_project` uses for ``instances`` instances."""
    if wanted is not None:
        return max(1, min(wanted, instances))
    if not sys.platform.startswith("linux"):  # fork is what makes workers cheap
        return 1
    cores = len(os.sched_getaffinity(0))
    return max(1, min(cores, instances // INSTANCES_PER_WORKER))


def _validate(loader: DesiredLoader, names: list[str], count: int) -> _Seen:
    found: _Seen = {}
    if count < 2:
        _collect(loader, names, found)
        return found
    # this process takes the last share, never larger than the others: it also does the
    # shared work before the fork
    *others, own = [names[i::count] for i in range(count)]
    others = [share for share in others if share]
    _collect(loader, own[:1], found)  # parses and checks what every instance shares
    pool = _pool(loader, len(others)) if others else None
    try:
        futures = [_submit(pool, share) for share in others]
        _collect(loader, own[1:], found)
        for share, future in zip(others, futures, strict=True):
            part = _result(future)
            if part is None:  # the worker could not start or died: do its share here
                _collect(loader, share, found)
            else:
                _merge(found, part)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return found


def _pool(loader: DesiredLoader, count: int) -> ProcessPoolExecutor | None:
    """``count`` worker processes forked from this one; None when processes cannot be started
    here (no /dev/shm in some containers), and the caller validates every share itself."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    try:
        return ProcessPoolExecutor(
            max_workers=count,
            mp_context=multiprocessing.get_context("fork"),
            # fork copies this process, loader included: the initializer's arguments are not
            # pickled, and each worker starts with everything parsed and checked so far
            initializer=_adopt,
            initargs=(loader,),
        )
    except OSError:
        return None


def _submit(pool: ProcessPoolExecutor | None, share: list[str]) -> Future[_Seen] | None:
    """The share sent to a worker, or None when there is no worker to send it to."""
    if pool is None:
        return None
    from concurrent.futures.process import BrokenProcessPool

    try:
        return pool.submit(_validate_share, share)
    except (OSError, BrokenProcessPool):
        return None


def _result(future: Future[_Seen] | None) -> _Seen | None:
    if future is None:
        return None
    from concurrent.futures.process import BrokenProcessPool

    try:
        return future.result()
    except (OSError, BrokenProcessPool):
        return None


#: In a worker process: the loader inherited from the parent (set by :func:`_adopt`).
_inherited: DesiredLoader | None = None


def _adopt(loader: DesiredLoader) -> None:
    global _inherited
    _inherited = loader


def _validate_share(names: list[str]) -> _Seen:
    """What one worker process does: its share of the instances, with the collector paused."""
    assert _inherited is not None, "the pool's initializer sets the loader"
    with gc_paused():
        found: _Seen = {}
        _collect(_inherited, names, found)
        return found


def _collect(loader: DesiredLoader, names: list[str], found: _Seen) -> None:
    """Adds the problems of ``names`` to ``found``, each once, with the instances that see it."""
    for name in names:
        _, problems = loader.load(loader.project.instances[name])
        for problem in problems:
            key = (problem.code, problem.message, problem.position, problem.path, problem.severity)
            seen = found.get(key)
            if seen is None:
                found[key] = (problem, [name])
            elif name not in seen[1]:
                seen[1].append(name)


def _merge(found: _Seen, part: _Seen) -> None:
    for key, (problem, seen_by) in part.items():
        if key in found:
            found[key][1].extend(seen_by)
        else:
            found[key] = (problem, list(seen_by))


def _chosen(project: Project, instances: Iterable[str] | None) -> list[str]:
    return project.select(instances, all_=True)


def _who(seen_by: list[str], names: list[str]) -> str:
    if len(names) > 1 and len(seen_by) == len(names):
        return ""
    return ",".join(seen_by)
