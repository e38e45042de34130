"""The fleet flow: plan every selected instance, keep the refusals, apply the ready ones, and
merge what happened into one result, as library calls the `plan`, `apply` and `drift` commands
render.

Every instance is worked on through :func:`~helpctl.fleet.runner.run_each`, so one instance
failing (it cannot be reached, its config is invalid, its plan is refused, the helpdesk rejects
one of its objects) is recorded against it and never stops the others. Results keep the order
the instances were asked for.

How a whole run ended is one value, :meth:`FleetApply.failure`: nothing (every instance applied
cleanly), a :class:`~helpctl.errors.PartialFailure` (exit 3: some instances or objects failed,
others were written) or a :class:`~helpctl.errors.HelpctlError` (exit 1: nothing was written).

No printing and no connections of its own: providers come from the caller (``providers(name)``,
called in the instance's worker), and progress is reported through optional callbacks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from helpctl.config.project import Project
from helpctl.errors import HelpctlError, PartialFailure
from helpctl.fleet.deploy import (
    DesiredStates,
    Planned,
    Progress,
    apply_planned,
    apply_saved,
    plan_instance,
)
from helpctl.fleet.locks import instance_locks
from helpctl.fleet.runner import Outcome, run_each
from helpctl.plan.model import InstancePlan
from helpctl.plan.savefile import SavedPlan, plan_document
from helpctl.plan.target import Target
from helpctl.providers.base import ApplyReport, Provider

__all__ = [
    "FleetApply",
    "FleetPlan",
    "ProgressFor",
    "ProviderFor",
    "apply_fleet",
    "apply_saved_fleet",
    "change_failures",
    "plan_fleet",
]

#: The provider of one instance, by name (``Connections.provider`` in the CLI).
ProviderFor = Callable[[str], Provider]
#: The progress callback of one instance, by name; None for no progress.
ProgressFor = Callable[[str], Progress | None]

PlanStatus = Literal["error", "refused", "changes", "no changes"]
ApplyStatus = Literal["applied", "partial", "error"]


@dataclass
class FleetPlan:
    """Every selected instance's plan, or the error that stopped it, in the order asked for.

    A refused plan (:class:`~helpctl.errors.PlanError` from the safety checks) is kept with its
    plan, so it can be shown; it is never applied.
    """

    outcomes: list[Outcome[Planned]]
    target: Target = field(default_factory=Target)

    @staticmethod
    def status(outcome: Outcome[Planned]) -> PlanStatus:
        """``error`` (no plan), ``refused``, ``changes`` or ``no changes``."""
        if outcome.value is None:
            return "error"
        if outcome.value.refused is not None:
            return "refused"
        return "no changes" if outcome.value.plan.empty else "changes"

    @property
    def ready(self) -> dict[str, InstancePlan]:
        """The plans that may be applied (planned and not refused), by instance."""
        return {
            o.instance: o.value.plan
            for o in self.outcomes
            if o.value is not None and o.value.refused is None
        }

    @property
    def stopped(self) -> dict[str, HelpctlError]:
        """Instances that will not be applied, with why: the planning error or the refusal."""
        out: dict[str, HelpctlError] = {}
        for o in self.outcomes:
            err = o.error or (o.value.refused if o.value is not None else None)
            if err is not None:
                out[o.instance] = err
        return out

    @property
    def changes_pending(self) -> bool:
        """Some instance has changes it could apply."""
        return any(self.status(o) == "changes" for o in self.outcomes)

    def document(self, project_root: Path) -> dict[str, Any]:
        """The saved-plan document (``plan --out``) of every instance that has a plan."""
        planned = [o.value for o in self.outcomes if o.value is not None]
        lives = {p.plan.instance: p.live for p in planned}
        return plan_document([p.plan for p in planned], lives, project_root, self.target)


def change_failures(report: ApplyReport) -> list[str]:
    """One line per change of ``report`` that did not land (failed, or skipped after a failure
    it depended on): ``<action> <kind> '<key>': <reason>``."""
    return [
        f"{r.change.action} {r.change.kind} '{r.change.key}': {r.reason}"
        for r in report.results
        if r.status != "done"
    ]


@dataclass
class FleetApply:
    """What an apply did on every instance, merged: one outcome per instance, in order.

    An outcome holds the instance's :class:`ApplyReport`, or the error that kept it from being
    applied: its planning error or safety refusal (those instances are also in ``stopped``),
    or an error while applying. ``declined`` is set when the review callback said no, and
    nothing was written anywhere.
    """

    outcomes: list[Outcome[ApplyReport]]
    stopped: frozenset[str] = frozenset()
    plan: FleetPlan | None = None
    declined: bool = False

    @staticmethod
    def status(outcome: Outcome[ApplyReport]) -> ApplyStatus:
        """``applied`` (every change landed), ``partial`` (some did not) or ``error``."""
        if outcome.value is None:
            return "error"
        return "partial" if change_failures(outcome.value) else "applied"

    def failures(self) -> list[str]:
        """Every object or instance that did not apply, as ``[instance] what: why`` lines."""
        lines: list[str] = []
        for o in self.outcomes:
            if o.error is not None:
                message = str(o.error)
                who = "" if message.startswith(f"[{o.instance}]") else f"[{o.instance}] "
                lines.append(who + message)
            elif o.value is not None:
                lines += [f"[{o.instance}] {line}" for line in change_failures(o.value)]
        return lines

    def failure(self) -> HelpctlError | None:
        """How the run ended, as the one error the CLI maps to its exit code: None when every
        instance applied cleanly, :class:`PartialFailure` (exit 3) when something was written
        but not everything, a plain :class:`HelpctlError` (exit 1) when nothing was."""
        if self.declined:
            return HelpctlError("apply declined: nothing was written")
        statuses = [self.status(o) for o in self.outcomes]
        if all(s == "applied" for s in statuses):
            return None
        failed = [
            o.instance for o, s in zip(self.outcomes, statuses, strict=True) if s != "applied"
        ]
        if all(s == "error" for s in statuses):
            return HelpctlError(
                f"nothing was applied: {_count(failed)} failed ({', '.join(failed)})",
                hint="fix the errors listed, then run the command again",
            )
        return PartialFailure(
            f"{_count(failed)} did not apply cleanly ({', '.join(failed)})",
            self.failures(),
            hint="fix what is listed, then plan again: the next plan shows only what is left",
        )


def _count(instances: Sequence[str]) -> str:
    return f"{len(instances)} instance{'s' if len(instances) != 1 else ''}"


def plan_fleet(
    project: Project,
    names: Sequence[str],
    providers: ProviderFor,
    *,
    prune: bool = False,
    force: bool = False,
    target: Target | None = None,
) -> FleetPlan:
    """Plan every instance of ``names`` concurrently; errors and refusals are kept per instance.

    Files several instances include are loaded and validated once. ``target`` limits every
    plan to some kinds or objects (:class:`~helpctl.plan.target.Target`).
    """
    desired = DesiredStates(project)
    aim = target or Target()
    return FleetPlan(
        run_each(
            list(names),
            lambda name: plan_instance(
                project,
                name,
                providers(name),
                prune=prune,
                force=force,
                desired=desired,
                target=aim,
            ),
        ),
        target=aim,
    )


def _progress_of(progress: ProgressFor | None, name: str) -> Progress | None:
    return progress(name) if progress is not None else None


def apply_fleet(
    project: Project,
    names: Sequence[str],
    providers: ProviderFor,
    *,
    prune: bool = False,
    force: bool = False,
    review: Callable[[FleetPlan], bool] | None = None,
    progress: ProgressFor | None = None,
    wait: bool = False,
    target: Target | None = None,
) -> FleetApply:
    """Plan every instance, then apply the plans that are ready, and merge the outcomes.

    ``review`` sees every plan (refusals and errors included) before anything is written;
    returning False writes nothing and the result is ``declined``. Instances whose planning
    failed or whose plan was refused are not applied: their outcome is that error.

    The apply lock of every instance (:func:`~helpctl.fleet.locks.instance_locks`) is held from the
    plan to the last write, so a second local run waits (``wait``) or raises
    :class:`~helpctl.errors.LockHeld` naming the holder before reading anything.
    """
    with instance_locks(project.root, names, wait=wait):
        return _apply_fleet(project, names, providers, prune, force, review, progress, target)


def _apply_fleet(
    project: Project,
    names: Sequence[str],
    providers: ProviderFor,
    prune: bool,
    force: bool,
    review: Callable[[FleetPlan], bool] | None,
    progress: ProgressFor | None,
    target: Target | None,
) -> FleetApply:
    planned = plan_fleet(project, names, providers, prune=prune, force=force, target=target)
    if review is not None and not review(planned):
        return FleetApply([], plan=planned, declined=True)
    ready = planned.ready
    applied = run_each(
        list(ready),
        lambda name: apply_planned(providers(name), ready[name], _progress_of(progress, name)),
    )
    by_name = {o.instance: o for o in applied}
    stopped = planned.stopped
    merged = [
        by_name.get(o.instance) or Outcome[ApplyReport](o.instance, error=stopped[o.instance])
        for o in planned.outcomes
    ]
    return FleetApply(merged, stopped=frozenset(stopped), plan=planned)


def apply_saved_fleet(
    project: Project,
    saved: Sequence[SavedPlan],
    providers: ProviderFor,
    path: Path,
    *,
    force: bool = False,
    progress: ProgressFor | None = None,
    wait: bool = False,
) -> FleetApply:
    """Apply saved plans (read from ``path``) exactly, one per instance, concurrently; a plan
    whose live state moved since, or that is unsafe, is that instance's error. The instances'
    apply locks are held throughout, as in :func:`apply_fleet`."""
    by_name = {s.plan.instance: s for s in saved}
    with instance_locks(project.root, list(by_name), wait=wait):
        return _apply_saved(project, by_name, providers, path, force, progress)


def _apply_saved(
    project: Project,
    by_name: dict[str, SavedPlan],
    providers: ProviderFor,
    path: Path,
    force: bool,
    progress: ProgressFor | None,
) -> FleetApply:
    return FleetApply(
        run_each(
            list(by_name),
            lambda name: apply_saved(
                project,
                by_name[name],
                providers(name),
                path,
                force=force,
                progress=_progress_of(progress, name),
            ),
        )
    )
