"""`helpctl validate` as a library call: every problem of every instance, in one pass.

A problem in a file that several instances include is found once per instance; it is reported
once. Its ``instance`` names the instances that see it (comma-separated), or is empty when every
validated instance of a multi-instance project sees it (a project-wide problem).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from helpctl.config.desired import DesiredLoader, gc_paused
from helpctl.config.loader import suggest
from helpctl.config.project import Project
from helpctl.errors import ConfigError, Position, Problem

__all__ = ["has_errors", "validate_project"]


def validate_project(project: Project, instances: Iterable[str] | None = None) -> list[Problem]:
    """All problems of the chosen instances (default: all), sorted by file and line."""
    names = _chosen(project, instances)
    with gc_paused():
        # the loader and every state are freed in here, so the collector resumes on little
        found = _problems_by_instance(project, names)
    out = [replace(problem, instance=_who(seen_by, names)) for problem, seen_by in found.values()]
    return sorted(out, key=lambda p: (p.position or Position(""), p.path, p.code, p.instance))


_Key = tuple[str, str, Position | None, str, str]
_Seen = dict[_Key, tuple[Problem, list[str]]]


def _problems_by_instance(
    project: Project, names: list[str]
) -> dict[_Key, tuple[Problem, list[str]]]:
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


def has_errors(problems: Iterable[Problem]) -> bool:
    """True when any problem is an error (warnings alone leave a project valid)."""
    return any(p.severity == "error" for p in problems)


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
