"""``helpctl test`` as a library call: every scenario of a project on every instance it names.

::

    suite = run_suite(project, ["latam"], explain=True)   # offline, from the desired states
    suite.problems     # mistakes in scenario files (file:line), all at once; nothing ran
    suite.results      # one ScenarioResult per scenario × instance

The rules come from each instance's desired state (:func:`helpctl.config.desired.load_desired`)
unless ``state_of`` gives another state per instance (``--live``: the state read from the
instance through its provider), so a change to a shared base is tested against every market's
overlay before it is applied.

Pure domain: no I/O beyond reading the project's files.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from helpctl.config.project import Project
from helpctl.errors import Problem
from helpctl.resources.state import State
from helpctl.rules import CannotEvaluate, OfflineAccount, offline_engine
from helpctl.scenarios.check import StateOf, check_scenarios, desired_states
from helpctl.scenarios.load import load_scenarios
from helpctl.scenarios.names import Names
from helpctl.scenarios.run import ScenarioResult, run_scenario

__all__ = ["Suite", "run_suite"]


@dataclass
class Suite:
    """The outcome of a test run: ``problems`` (then nothing ran) or ``results``."""

    instances: list[str]
    files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    results: list[ScenarioResult] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems and all(r.passed for r in self.results)

    @property
    def failed(self) -> list[ScenarioResult]:
        return [r for r in self.results if not r.passed]


def run_suite(
    project: Project,
    instances: Iterable[str] | None = None,
    *,
    state_of: StateOf | None = None,
    explain: bool = False,
) -> Suite:
    """Every scenario on each chosen instance (default: all) it names."""
    names = project.select(instances, all_=True)
    loaded = load_scenarios(project.root, project.instances)
    suite = Suite(names, loaded.files)
    config_problems: list[Problem] = []
    if state_of is None:
        state_of, config_problems = desired_states(project)
    states, problems = check_scenarios(loaded, names, state_of)
    suite.problems = [*config_problems, *problems]
    if suite.problems:
        return suite
    for name in names:
        if name not in states:
            continue
        account, blocked = _account(states[name])
        options = Names.of(states[name]).options
        for item in loaded.scenarios:
            if name not in item.instances:
                continue
            macros = {step.macro for step in item.spec.steps if step.macro}
            stop = [e for e in blocked if _concerns(e, macros)]
            suite.results.append(
                run_scenario(item, account, options, explain=explain, blocked=stop)
            )
    return suite


def _account(state: State) -> tuple[OfflineAccount, list[CannotEvaluate]]:
    """The engine of ``state``, and what in it the engine cannot evaluate."""
    try:
        account = offline_engine(state)
    except CannotEvaluate as err:
        return offline_engine(State(state.instance)), [err]
    return account, account.engine.problems()


def _concerns(err: CannotEvaluate, macros: set[str]) -> bool:
    """Triggers and automations run on every ticket; a macro only when the scenario uses it."""
    if err.rule.startswith(("triggers[", "automations[")) or not err.rule:
        return True
    return any(err.rule == f"macros[{title}]" for title in macros)
