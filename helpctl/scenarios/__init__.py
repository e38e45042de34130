"""Scenarios: what a project's rules must do to a ticket, checked offline (``helpctl test``).

Scenario files live in ``scenarios/`` next to ``helpctl.yaml`` (format:
:mod:`helpctl.scenarios.model`, ``docs/testing.md``). :func:`run_suite` loads them, checks
their names against each instance's desired state (mistakes are Problems with file:line, all at
once) and runs each on the rule engine (:mod:`helpctl.rules`) of every instance it names.
:func:`scenario_problems` is what ``helpctl validate`` adds.

Pure domain: no HTTP, no CLI.
"""

from helpctl.scenarios.load import SCENARIO_DIR, load_scenarios, parse_duration
from helpctl.scenarios.run import CHANNELS, Failure, ScenarioResult, StepTrace
from helpctl.scenarios.suite import Suite, run_suite, scenario_problems

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
