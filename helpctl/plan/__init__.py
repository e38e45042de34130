"""Plans: what would change on one instance, how it is worked out, checked and saved.

Pure domain (no HTTP, no CLI, no printing); the modules, each importable on its own:

- :mod:`~helpctl.plan.model`: the value objects (:class:`Change`, :class:`FieldDiff`,
  :class:`InstancePlan`) the provider, the CLI and saved plan files rely on;
- :mod:`~helpctl.plan.planner`: desired vs live state → an ordered plan (:func:`diff`);
- :mod:`~helpctl.plan.field_diff`: comparing one desired object with its live counterpart;
- :mod:`~helpctl.plan.safety`: refusals before anything is written (:func:`check_plan`);
- :mod:`~helpctl.plan.savefile`: saved plans (``plan --out`` / ``apply --plan``); its ``load``
  and ``save`` are reached through the module, their names being too generic to re-export.

Running plans against instances (connections, threads, applying) is :mod:`helpctl.fleet`.
"""

from __future__ import annotations

from helpctl.plan.field_diff import field_diffs, same_value
from helpctl.plan.model import ACTIONS, Change, FieldDiff, InstancePlan
from helpctl.plan.planner import diff
from helpctl.plan.safety import check_plan
from helpctl.plan.savefile import SavedPlan, change_document, check_fresh, plan_document

__all__ = [
    "ACTIONS",
    "Change",
    "FieldDiff",
    "InstancePlan",
    "SavedPlan",
    "change_document",
    "check_fresh",
    "check_plan",
    "diff",
    "field_diffs",
    "plan_document",
    "same_value",
]
