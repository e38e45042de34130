"""Plan and apply for one instance, as library calls the fleet flow (`fleet.flow`) wraps.

``plan_instance`` loads the desired state (refusing an invalid config with every problem),
populates the live state of every kind in one list request per page, diffs and runs the safety
checks. ``apply_planned`` hands the plan to the provider and returns its report;
``apply_saved`` first re-reads the live state and refuses a saved plan that no longer describes it.

No printing: progress is reported through an optional callback.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from helpctl.config.desired import DesiredLoader, gc_paused
from helpctl.config.project import Project
from helpctl.errors import PlanError, ValidationFailed
from helpctl.plan.model import InstancePlan
from helpctl.plan.planner import diff
from helpctl.plan.safety import check_plan, live_duplicates
from helpctl.plan.savefile import SavedPlan, check_fresh
from helpctl.plan.target import Target
from helpctl.providers.base import ApplyReport, ChangeResult, Provider
from helpctl.resources import KINDS
from helpctl.resources.state import State
from helpctl.secrets.webhooks import reader_for, settle, without_fingerprints

__all__ = [
    "DesiredStates",
    "Planned",
    "Progress",
    "apply_planned",
    "apply_saved",
    "compare_live",
    "plan_instance",
]

#: Called once per finished change, as the provider finishes it.
Progress = Callable[[ChangeResult], None]


@dataclass
class Planned:
    """One instance's plan, the live state it came from, and a safety refusal if any."""

    plan: InstancePlan
    live: State
    refused: PlanError | None = None


class DesiredStates:
    """Desired states of a project's instances through one shared loader, so files that several
    instances include are parsed and validated once; safe to use from the fleet's threads."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._loader = DesiredLoader(project)
        self._lock = threading.Lock()

    def get(self, name: str) -> State:
        """The instance's desired state; an invalid config is refused with every problem."""
        with self._lock, gc_paused():
            desired, problems = self._loader.load(self.project.instances[name])
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            raise ValidationFailed(errors)
        return desired


def desired_state(project: Project, name: str) -> State:
    """One instance's desired state (see :class:`DesiredStates` for several)."""
    return DesiredStates(project).get(name)


def plan_instance(
    project: Project,
    name: str,
    provider: Provider,
    *,
    prune: bool = False,
    force: bool = False,
    desired: DesiredStates | None = None,
    target: Target | None = None,
) -> Planned:
    """Desired vs live for instance ``name``, limited to ``target``; a safety refusal is kept,
    not raised."""
    inst = project.instances[name]
    wanted = (desired or DesiredStates(project)).get(name)
    raw = provider.populate(list(KINDS))
    # webhook credentials: compared by fingerprint; the references are no difference
    wanted, live = settle(wanted, raw, reader_for(project.root, name))
    plan = diff(
        wanted, live, kinds=KINDS, ownership=inst.manage, external=inst.external, prune=prune
    )
    plan.live_checksum = raw.checksum(plan.kinds)  # what a saved plan is checked against
    duplicates = live_duplicates(wanted, live, KINDS)
    if duplicates:
        lines = "\n  ".join(duplicates)
        return Planned(
            plan,
            raw,
            refused=PlanError(
                f"[{name}] plan refused: one config object matches several live objects:\n"
                f"  {lines}",
                hint="keep one object per title/name on the helpdesk (the one with the lowest "
                "id is the one helpctl keeps when it races itself); see live_duplicate_identity "
                "in docs/problem-codes.md",
            ),
        )
    if target is not None:
        plan = target.select(plan)
    try:
        check_plan(plan, live, kinds=KINDS, safety=inst.safety, external=inst.external, force=force)
    except PlanError as err:
        return Planned(plan, raw, refused=err)
    return Planned(plan, raw)


def apply_planned(
    provider: Provider, plan: InstancePlan, progress: Progress | None = None
) -> ApplyReport:
    """Run ``plan`` through the provider; ``progress`` hears of every change as it lands."""
    if plan.empty:
        return ApplyReport(plan.instance)
    return provider.apply(plan, progress=progress)


def apply_saved(
    project: Project,
    saved: SavedPlan,
    provider: Provider,
    path: Path,
    *,
    force: bool = False,
    progress: Progress | None = None,
) -> ApplyReport:
    """Apply a saved plan exactly, after checking the live state has not moved since (and that
    the plan is still safe: a hand-edited file gets the same refusals as a fresh plan)."""
    live = provider.populate(saved.plan.kinds)
    check_fresh(saved, live, path)
    inst = project.instances[saved.plan.instance]
    check_plan(
        saved.plan, live, kinds=KINDS, safety=inst.safety, external=inst.external, force=force
    )
    return apply_planned(provider, saved.plan, progress)


def compare_live(reference: State, other: State) -> InstancePlan:
    """What ``other`` would need to look like ``reference`` (``helpctl diff``).

    Every kind counts as fully managed, so objects only in ``other`` show as deletes. System
    objects present on one side only (each account's default brand is named after the account)
    are not differences: they can be neither created nor deleted.
    """
    reference, other = without_fingerprints(reference), without_fingerprints(other)
    result = diff(reference, other, kinds=KINDS, ownership=dict.fromkeys(KINDS, "all"), prune=True)
    result.changes = [
        c for c in result.changes if not (c.action == "create" and c.desired and c.desired.system)
    ]
    return result
