"""`helpctl validate` as a library call: every problem of every instance, in one pass.

A problem in a file that several instances include is found once per instance; it is reported
once. Its ``instance`` names the instances that see it (comma-separated), or is empty when every
validated instance of a multi-instance project sees it (a project-wide problem).

A fleet (many instances) is validated by several worker processes, one per core, each taking an
interleaved share of the instances: validation is pure CPU work and the instances are
independent. Each worker parses the shared files itself; the results are only problems.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace

from helpctl.config.desired import DesiredLoader, gc_paused
from helpctl.config.loader import suggest
from helpctl.config.project import Project
from helpctl.errors import ConfigError, Position, Problem

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
    enough to gain from it); ``1`` validates in this process.
    """
    names = _chosen(project, instances)
    count = worker_count(len(names), workers)
    found = _in_workers(project, names, count) if count > 1 else None
    if found is None:
        with gc_paused():
            # the loader and every state are freed in here, so the collector resumes on little
            found = _problems_by_instance(project, names)
    order = {name: i for i, name in enumerate(names)}
    out = [
        replace(problem, instance=_who(sorted(seen_by, key=order.__getitem__), names))
        for problem, seen_by in found.values()
    ]
    return sorted(out, key=lambda p: (p.position or Position(""), p.path, p.code, p.instance))


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


def _in_workers(project: Project, names: list[str], count: int) -> _Seen | None:
    """Problems found by ``count`` worker processes; None when processes cannot be started
    here (no /dev/shm in some containers), and the caller validates in-process."""
    shares = [names[i::count] for i in range(count)]
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
            results = list(pool.map(_validate_share, [project] * count, shares))
    except (OSError, BrokenProcessPool):
        return None
    found: _Seen = {}
    for part in results:
        for key, (problem, seen_by) in part.items():
            if key in found:
                found[key][1].extend(seen_by)
            else:
                found[key] = (problem, list(seen_by))
    return found


def _validate_share(project: Project, names: list[str]) -> _Seen:
    """What one worker process does: its share of the instances, with the collector paused."""
    with gc_paused():
        return _problems_by_instance(project, names)


def _problems_by_instance(project: Project, names: list[str]) -> _Seen:
    loader = DesiredLoader(project)
    found: _Seen = {}
    for name in names:
        _, problems = loader.load(project.instances[name])
        for problem in problems:
            key = (problem.code, problem.message, problem.position, problem.path, problem.severity)
            seen = found.get(key)
            if seen is None:
                found[key] = (problem, [name])
            elif name not in seen[1]:
                seen[1].append(name)
    return found


def _chosen(project: Project, instances: Iterable[str] | None) -> list[str]:
    wanted = list(instances or [])
    if not wanted:
        return list(project.instances)
    known = list(project.instances)
    for name in wanted:
        if name not in project.instances:
            raise ConfigError(f"no instance `{name}` in the project", hint=suggest(name, known))
    return list(dict.fromkeys(wanted))


def _who(seen_by: list[str], names: list[str]) -> str:
    if len(names) > 1 and len(seen_by) == len(names):
        return ""
    return ",".join(seen_by)
