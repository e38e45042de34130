"""`helpctl plan` and `helpctl apply`: the main job, on one instance or a fleet.

Each command calls one library function of the fleet flow (:mod:`helpctl.fleet.flow`:
:func:`~helpctl.fleet.plan_fleet`, :func:`~helpctl.fleet.apply_fleet`,
:func:`~helpctl.fleet.apply_saved_fleet`) and renders its result: per instance, grouped, in the
order asked for. How an apply ended maps to the exit code in one place, :func:`_exit_for`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from helpctl.cli import cmd_fleet_live, cmd_show
from helpctl.cli.apply_progress import ApplyProgress, use_bars
from helpctl.cli.fleet_options import connections, load, log_line
from helpctl.cli.options import AllOpt, ForceOpt, InstancesOpt, JsonOpt, PathArg, PruneOpt
from helpctl.cli.output import emit_json
from helpctl.cli.plan_output import PlanFormat, plan_rows, print_plan
from helpctl.cli.problems import error_block
from helpctl.cli.render_plan import apply_summary_rows, render_apply_summary
from helpctl.errors import ConfigError, HelpctlError
from helpctl.fleet import (
    FleetApply,
    FleetPlan,
    Outcome,
    apply_fleet,
    apply_saved_fleet,
    change_failures,
    plan_fleet,
)
from helpctl.plan import InstancePlan
from helpctl.plan.savefile import load as load_plan
from helpctl.plan.savefile import save
from helpctl.plan.target import Target
from helpctl.providers.base import ApplyReport
from helpctl.resources import KINDS

__all__ = ["register"]


KindOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--kind",
        metavar="KIND",
        help="Only changes of this kind; repeatable. Not for routine use (see docs/fleet.md).",
    ),
]
OnlyOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--only",
        metavar="IDENTITY",
        help="Only this object (KIND/IDENTITY or IDENTITY); repeatable. Not for routine use.",
    ),
]
PlanFormatOpt = Annotated[
    PlanFormat | None,
    typer.Option("--format", help="text (people), markdown (a PR comment), json (machines)."),
]


def _target(kind: list[str] | None, only: list[str] | None) -> Target:
    return Target.parse(kind, only, list(KINDS))


def _format(fmt: PlanFormat | None, json_: bool) -> PlanFormat:
    return PlanFormat.json if json_ else (fmt or PlanFormat.text)


def plan(
    path: PathArg = Path("."),
    instance: InstancesOpt = None,
    all_: AllOpt = False,
    out: Path | None = typer.Option(
        None, "--out", metavar="FILE", help="Also write the plan as JSON (for `apply --plan`)."
    ),
    prune: PruneOpt = False,
    force: ForceOpt = False,
    kind: KindOpt = None,
    only: OnlyOpt = None,
    fmt: PlanFormatOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Show what apply would change; writes nothing to the helpdesk.

    Example: helpctl plan configs --all --out plan.json --format markdown > comment.md

    Each change is shown once with the instances it applies to, nothing cut. Exit 0: no
    changes · 2: changes pending · 1: an instance failed or its plan was refused.
    """
    target = _target(kind, only)
    project = load(path)
    chosen = project.select(instance, all_=all_)
    with connections(project) as conns:
        fleet = plan_fleet(project, chosen, conns.provider, prune=prune, force=force, target=target)
    if out is not None:
        save(out, fleet.document(path.resolve()))
    pending = {"changes_pending": fleet.changes_pending}
    print_plan(plan_rows(fleet.outcomes), _format(fmt, json_), target=target, extra=pending)
    if fleet.stopped:
        raise typer.Exit(1)
    raise typer.Exit(2 if fleet.changes_pending else 0)


def _confirm(yes: bool, plans: list[InstancePlan]) -> bool:
    if yes or all(p.empty for p in plans):
        return True
    if not sys.stdin.isatty():
        raise HelpctlError(
            "refusing to apply without confirmation: no terminal to ask on",
            hint="review the plan, then re-run with --yes (or apply a saved plan with --plan)",
        )
    return typer.confirm("Apply these changes?", default=False, err=True)


def _apply_rows(outcomes: list[Outcome[ApplyReport]]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for o in outcomes:
        if o.error is not None:
            rows.append({"instance": o.instance, "outcome": "error", "error": o.error.as_dict()})
            continue
        assert o.value is not None
        counts = apply_summary_rows(o.value)
        outcome = FleetApply.status(o)
        failed = change_failures(o.value)
        rows.append({"instance": o.instance, **counts, "outcome": outcome, "failures": failed})
    return rows


def _render_apply(result: FleetApply, json_: bool) -> None:
    """The summary, and the errors not already shown under the plan."""
    rows = _apply_rows(result.outcomes)
    if json_:
        emit_json({"instances": rows})
        return
    typer.echo("\n" + render_apply_summary(rows))
    for row, o in zip(rows, result.outcomes, strict=True):
        for line in row.get("failures", []):
            typer.echo(f"  ✗ [{o.instance}] {line}")
        if o.error is not None and o.instance not in result.stopped:
            who = "" if str(o.error).startswith(f"[{o.instance}]") else f"[{o.instance}] "
            typer.echo("\n".join(error_block(o.error, who=who)))


def _exit_for(result: FleetApply) -> NoReturn:
    """The one place an apply's ending becomes an exit code: 0 when every instance applied,
    else the code of :meth:`FleetApply.failure` (3 for a ``PartialFailure``, 1 otherwise)."""
    failure = result.failure()
    raise typer.Exit(0 if failure is None else failure.exit_code)


def _apply_saved(
    path: Path, plan_file: Path, names: list[str] | None, force: bool, json_: bool, wait: bool
) -> None:
    project = load(path)
    saved = load_plan(plan_file)
    chosen = project.select([s.plan.instance for s in saved])
    wanted = [
        s for s in saved if s.plan.instance in chosen and (not names or s.plan.instance in names)
    ]
    if wanted and not wanted[0].target.everything:
        log_line(f"applying a plan limited to {wanted[0].target.describe()}")
    totals = {s.plan.instance: len(s.plan.changes) for s in wanted}
    with connections(project) as conns, ApplyProgress(totals, bars=use_bars(json_)) as bars:
        result = apply_saved_fleet(
            project,
            wanted,
            conns.provider,
            plan_file,
            force=force,
            progress=bars.for_instance,
            wait=wait,
        )
    _render_apply(result, json_)
    _exit_for(result)


def apply(
    path: PathArg = Path("."),
    instance: InstancesOpt = None,
    all_: AllOpt = False,
    plan_file: Path | None = typer.Option(
        None,
        "--plan",
        metavar="FILE",
        help="Apply exactly this saved plan (refused if the live state moved since).",
    ),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
    prune: PruneOpt = False,
    force: ForceOpt = False,
    kind: KindOpt = None,
    only: OnlyOpt = None,
    json_: JsonOpt = False,
    wait: bool = typer.Option(
        False,
        "--wait",
        help="If another local apply holds an instance's lock, wait for it instead of exiting 1.",
    ),
) -> None:
    """Validate, plan, confirm, then write the changes to the helpdesk.

    Example: helpctl apply examples/quickstart --yes

    Exit 0: applied · 1: refused or failed · 3: some objects failed (listed) · 130: interrupted.
    """
    if plan_file is not None:
        if kind or only:
            raise ConfigError(
                "--kind and --only do not apply to a saved plan: it holds exactly what it does",
                hint="plan again with --kind/--only and --out, then apply that file",
            )
        _apply_saved(path, plan_file, instance, force, json_, wait)
        return
    target = _target(kind, only)
    progress = ApplyProgress(bars=use_bars(json_))

    def review(fleet: FleetPlan) -> bool:
        if not json_:
            print_plan(plan_rows(fleet.outcomes), PlanFormat.text, target=target)
        progress.totals = {name: len(p.changes) for name, p in fleet.ready.items()}
        return _confirm(yes, list(fleet.ready.values()))

    project = load(path)
    chosen = project.select(instance, all_=all_)
    with connections(project) as conns, progress:
        result = apply_fleet(
            project,
            chosen,
            conns.provider,
            prune=prune,
            force=force,
            review=review,
            progress=progress.for_instance,
            wait=wait,
            target=target,
        )
    if not result.declined:
        _render_apply(result, json_)
    _exit_for(result)


def register(app: typer.Typer) -> None:
    """Add plan, apply, show, export, diff, drift and instances to ``app``."""
    app.command("plan")(plan)
    app.command("apply")(apply)
    cmd_show.register(app)
    cmd_fleet_live.register(app)
