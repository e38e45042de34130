"""Reading a project's scenario files: every ``*.yaml`` under ``scenarios/`` next to
``helpctl.yaml``, with the project's positional YAML loader, so each mistake is a
:class:`~helpctl.errors.Problem` with file:line (all of them at once, never a traceback).

This module checks what a file says on its own (keys, types, one action per step, durations,
instance names, unique scenario names); :mod:`helpctl.scenarios.names` checks the names it uses
against each instance's desired state.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from helpctl.config.model_errors import validate_positioned
from helpctl.config.yamlpos import PosDict, YamlFileError, locations_of, read_yaml_file
from helpctl.errors import Position, Problem
from helpctl.scenarios.files import scenario_files
from helpctl.scenarios.model import Scenario

__all__ = [
    "DEFAULT_START",
    "Loaded",
    "LoadedScenario",
    "load_scenarios",
    "parse_duration",
]

#: When a scenario's ticket is created unless it says ``at:`` (a Monday, 09:00 UTC).
DEFAULT_START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
#: The longest ``after:`` a step may ask for (automations run every hour of it).
MAX_AFTER = timedelta(days=366)

_UNITS = {
    "minute": 60,
    "min": 60,
    "m": 60,
    "hour": 3600,
    "h": 3600,
    "day": 86400,
    "d": 86400,
    "week": 7 * 86400,
    "w": 7 * 86400,
}
_PART = re.compile(r"(\d+)\s*([a-z]+?)s?\b")


@dataclass
class LoadedScenario:
    """One scenario, where it was written (``locations``: key path → position), and its
    instances (resolved: every instance when it names none)."""

    spec: Scenario
    file: str
    index: int
    instances: list[str]
    locations: dict[str, Position] = field(default_factory=dict)
    start: datetime = DEFAULT_START

    @property
    def label(self) -> str:
        return f"scenario[{self.spec.name}]"

    def where(self, path: str = "") -> Position:
        """The position of ``path`` inside the scenario (nearest enclosing key that has one)."""
        while path:
            if path in self.locations:
                return self.locations[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return self.locations.get("", Position(self.file))

    def problem(self, code: str, message: str, path: str, *, hint: str = "") -> Problem:
        full = f"{self.label}.{path}" if path else self.label
        return Problem(code, message, self.where(path), full, hint=hint)


@dataclass
class Loaded:
    scenarios: list[LoadedScenario] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def parse_duration(text: str) -> timedelta | None:
    """``4 days``, ``96 hours``, ``1 day 2h``, ``30 minutes`` as a timedelta; None if not one."""
    cleaned = text.strip().lower().replace(",", " ").replace(" and ", " ")
    seconds, consumed = 0, ""
    for match in _PART.finditer(cleaned):
        unit = _UNITS.get(match.group(2)) or _UNITS.get(match.group(2).rstrip("s"))
        if unit is None:
            return None
        seconds += int(match.group(1)) * unit
        consumed += match.group(0)
    if not consumed or re.sub(r"\s", "", consumed) != re.sub(r"\s", "", cleaned):
        return None
    return timedelta(seconds=seconds)


def load_scenarios(root: Path, instances: Iterable[str]) -> Loaded:
    """Every scenario file of the project at ``root``; ``instances`` are the project's."""
    known = list(instances)
    loaded = Loaded()
    names: dict[str, Position] = {}
    for path in scenario_files(root):
        display = path.relative_to(root).as_posix()
        loaded.files.append(display)
        try:
            data = read_yaml_file(path, display)
        except YamlFileError as bad:
            loaded.problems.append(bad.problem)
            continue
        items, problems = _items(data, display)
        loaded.problems += problems
        where = locations_of(data)
        for index, raw in items:
            prefix = f"scenarios[{index}]"
            spec, found = validate_positioned(Scenario, raw, prefix, Position(display, 1, 1))
            loaded.problems += found
            if not isinstance(spec, Scenario):
                continue
            own = {
                path[len(prefix) + 1 :] if path != prefix else "": pos
                for path, pos in where.items()
                if path == prefix or path.startswith((prefix + ".", prefix + "["))
            }
            item = LoadedScenario(spec, display, index, spec.instances or known, own)
            loaded.problems += _own_problems(item, known, names)
            loaded.scenarios.append(item)
    return loaded


def _items(data: object, display: str) -> tuple[list[tuple[int, object]], list[Problem]]:
    """The scenario items of a file (each validated on its own, so one bad scenario does not
    hide the mistakes of the others), and what is wrong with the file's top level."""
    top = Position(display, 1, 1)
    if not isinstance(data, PosDict):
        return [], [Problem("wrong_type", "a scenario file is a mapping with `scenarios:`", top)]
    problems = [
        Problem(
            "unknown_key",
            f"unknown key `{key}`",
            data.key_position(key),
            key,
            hint="a scenario file has one key, `scenarios:`",
        )
        for key in data
        if key != "scenarios"
    ]
    items = data.get("scenarios")
    if "scenarios" not in data:
        problems.append(Problem("missing_required", "required key `scenarios` is missing", top))
    elif not isinstance(items, list):
        where = data.key_position("scenarios")
        problems.append(Problem("wrong_type", "`scenarios` is a list of scenarios", where))
    return list(enumerate(items if isinstance(items, list) else [])), problems


def _own_problems(
    item: LoadedScenario, known: list[str], names: dict[str, Position]
) -> list[Problem]:
    spec, out = item.spec, []
    if spec.name in names:
        out.append(
            item.problem(
                "scenario_duplicate_name",
                f"scenario `{spec.name}` is also defined at {names[spec.name]}",
                "name",
                hint="give every scenario its own name",
            )
        )
    names.setdefault(spec.name, item.where("name"))
    for i, name in enumerate(spec.instances or []):
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            hint = f"did you mean `{close[0]}`?" if close else "instances: " + ", ".join(known)
            out.append(
                item.problem(
                    "scenario_unknown_instance",
                    f"instance `{name}` is not in helpctl.yaml",
                    f"instances[{i}]",
                    hint=hint,
                )
            )
    if spec.at is not None:
        try:
            start = datetime.fromisoformat(spec.at)
            item.start = start if start.tzinfo else start.replace(tzinfo=UTC)
        except ValueError:
            out.append(
                item.problem(
                    "invalid_value",
                    f"`{spec.at}` is not a date and time",
                    "at",
                    hint="write it as ISO 8601, e.g. 2026-01-05T09:00:00Z",
                )
            )
    for i in range(len(spec.steps)):
        out += _step_problems(item, i)
    return out


def _step_problems(item: LoadedScenario, index: int) -> list[Problem]:
    step, path = item.spec.steps[index], f"steps[{index}]"
    chosen = [k for k in ("update", "after", "macro") if getattr(step, k) is not None]
    if len(chosen) != 1:
        said = ", ".join(f"`{k}`" for k in chosen) or "none of them"
        return [
            item.problem(
                "scenario_step_invalid",
                f"a step does one thing: `update`, `after` or `macro` (this one has {said})",
                path,
                hint="split it into several steps, in order",
            )
        ]
    if step.after is not None:
        duration = parse_duration(step.after)
        if duration is None or duration <= timedelta(0) or duration > MAX_AFTER:
            return [
                item.problem(
                    "scenario_bad_duration",
                    f"`{step.after}` is not a duration up to a year",
                    f"{path}.after",
                    hint="write e.g. `4 days`, `96 hours` or `1 day 2 hours`",
                )
            ]
    return []
