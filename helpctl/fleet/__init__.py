"""The fleet: plan and apply on one instance or many, as library calls the CLI renders.

- :mod:`~helpctl.fleet.runner`: :func:`run_each`, one piece of work per instance in a bounded
  thread pool, one failure isolated in its :class:`Outcome`;
- :mod:`~helpctl.fleet.deploy`: one instance (:func:`plan_instance`, :func:`apply_planned`,
  :func:`apply_saved`, :func:`compare_live`);
- :mod:`~helpctl.fleet.flow`: the whole flow (:func:`plan_fleet`, :func:`apply_fleet`,
  :func:`apply_saved_fleet`): plan every instance, keep the refusals, apply the ready ones and
  merge the outcomes into one :class:`FleetApply`, whose :meth:`FleetApply.failure` is how the
  run ended (a :class:`~helpctl.errors.PartialFailure` when only part of it was written).

No printing and no connections of its own: providers and progress callbacks come from the caller.
"""

from __future__ import annotations

from helpctl.fleet.deploy import (
    DesiredStates,
    Planned,
    Progress,
    apply_planned,
    apply_saved,
    compare_live,
    plan_instance,
)
from helpctl.fleet.flow import (
    FleetApply,
    FleetPlan,
    ProgressFor,
    ProviderFor,
    apply_fleet,
    apply_saved_fleet,
    change_failures,
    plan_fleet,
)
from helpctl.fleet.runner import MAX_WORKERS, Outcome, run_each

__all__ = [
    "MAX_WORKERS",
    "DesiredStates",
    "FleetApply",
    "FleetPlan",
    "Outcome",
    "Planned",
    "Progress",
    "ProgressFor",
    "ProviderFor",
    "apply_fleet",
    "apply_planned",
    "apply_saved",
    "apply_saved_fleet",
    "change_failures",
    "compare_live",
    "plan_fleet",
    "plan_instance",
    "run_each",
]
