"""Scenarios: what a project's rules must do to a ticket, checked offline (``helpctl test``).

Scenario files live in ``scenarios/`` next to ``helpctl.yaml`` (format:
:mod:`helpctl.scenarios.model`, ``docs/testing.md``). :func:`run_suite` loads them, checks
their names against each instance's desired state (mistakes are Problems with file:line, all at
once) and runs each on the rule engine (:mod:`helpctl.rules`) of every instance it names.
:func:`scenario_problems` is what ``helpctl validate`` adds.

Pure domain: no HTTP, no CLI.

The names below are imported from their modules on first use: ``helpctl validate`` asks for
:func:`scenario_problems` of every project, and a project without ``scenarios/`` must not pay
for importing the rule engine the runner builds on.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from helpctl.scenarios.check import scenario_problems
    from helpctl.scenarios.files import SCENARIO_DIR
    from helpctl.scenarios.load import load_scenarios, parse_duration
    from helpctl.scenarios.run import CHANNELS, Failure, ScenarioResult, StepTrace
    from helpctl.scenarios.suite import Suite, run_suite

_HOME = {
    "SCENARIO_DIR": "files",
    "load_scenarios": "load",
    "parse_duration": "load",
    "CHANNELS": "run",
    "Failure": "run",
    "ScenarioResult": "run",
    "StepTrace": "run",
    "Suite": "suite",
    "run_suite": "suite",
    "scenario_problems": "check",
}

__all__ = [
    "CHANNELS",
    "SCENARIO_DIR",
    "Failure",
    "ScenarioResult",
    "StepTrace",
    "Suite",
    "load_scenarios",
    "parse_duration",
    "run_suite",
    "scenario_problems",
]


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{home}"), name)
