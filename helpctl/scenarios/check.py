"""What ``helpctl validate`` checks of the scenario files: that each scenario is well formed
and names objects the desired state of each of its instances has. Runs no rule, so it does
not import the rule engine (``helpctl test`` does, in :mod:`helpctl.scenarios.suite`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from helpctl.config.desired import load_desired
from helpctl.config.project import Project
from helpctl.errors import Problem
from helpctl.resources.state import State
from helpctl.scenarios.files import scenario_files
from helpctl.scenarios.load import Loaded, load_scenarios
from helpctl.scenarios.names import Names, check_names

__all__ = ["StateOf", "check_scenarios", "desired_states", "scenario_problems"]

#: The desired (or live) state of an instance, by name.
StateOf = Callable[[str], State]


def desired_states(project: Project) -> tuple[StateOf, list[Problem]]:
    """Each instance's desired state, loaded when asked, and the errors found loading them."""
    problems: list[Problem] = []

    def state_of(name: str) -> State:
        state, found = load_desired(project, name)
        problems.extend(replace(p, instance=name) for p in found if p.severity == "error")
        return state

    return state_of, problems


def check_scenarios(
    loaded: Loaded, names: list[str], state_of: StateOf
) -> tuple[dict[str, State], list[Problem]]:
    """The states of the instances that have scenarios, and the scenarios' mistakes."""
    states: dict[str, State] = {}
    problems = list(loaded.problems)
    for name in names:
        if not any(name in item.instances for item in loaded.scenarios):
            continue
        state = states[name] = state_of(name)
        view = Names.of(state)
        for item in loaded.scenarios:
            if name in item.instances:
                problems += check_names(item, view)
    return states, problems


def scenario_problems(
    project: Project, instances: Iterable[str] | None = None, *, state_of: StateOf | None = None
) -> list[Problem]:
    """Every mistake in the project's scenario files (for ``helpctl validate``), checked
    against the desired states ``state_of`` gives (default: loaded here)."""
    if not scenario_files(project.root):
        return []
    names = list(instances or project.instances)
    loaded = load_scenarios(project.root, project.instances)
    if state_of is None:
        state_of, _ = desired_states(project)  # the desired state's own problems are validate's
    return check_scenarios(loaded, names, state_of)[1]
