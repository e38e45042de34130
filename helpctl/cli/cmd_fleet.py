"""`helpctl plan` and `helpctl apply`: the main job, on one instance or a fleet.

Each command calls one library function of the fleet flow (:mod:`helpctl.fleet.flow`:
:func:`~helpctl.fleet.plan_fleet`, :func:`~helpctl.fleet.apply_fleet`,
:func:`~helpctl.fleet.apply_saved_fleet`) and renders its result: per instance, grouped, in the
order asked for. How an apply ended maps to the exit code in one place, :func:`_exit_for`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, NoReturn

import typer

from helpctl.cli import cmd_fleet_live
from helpctl.cli.fleet_options import connections, load, log_line
from helpctl.cli.options import AllOpt, ForceOpt, InstancesOpt, JsonOpt, PathArg, PruneOpt
from helpctl.cli.output import emit_json
from helpctl.cli.problems import error_block
from helpctl.cli.render_plan import (
    apply_summary_rows,
    render_apply_summary,
    render_plan,
    render_plan_summary,
)
from helpctl.errors import HelpctlError
from helpctl.fleet import (
    FleetApply,
    FleetPlan,
    Outcome,
    Planned,
    apply_fleet,
    apply_saved_fleet,
    change_failures,
    plan_fleet,
)
from helpctl.plan import InstancePlan, change_document
from helpctl.plan.savefile import load as load_plan
from helpctl.plan.savefile import save
from helpctl.providers.base import ApplyReport, ChangeResult

__all__ = ["register"]


def _plan_row(outcome: Outcome[Planned]) -> dict[str, Any]:
    row: dict[str, Any] = {"instance": outcome.instance, "counts": {}}
    status = FleetPlan.status(outcome)
    if outcome.value is None:
        assert outcome.error is not None
        return row | {"status": status, "error": outcome.error.as_dict()}
    planned = outcome.value
    row["counts"] = planned.plan.counts()
    row["changes"] = [change_document(c) for c in planned.plan.changes]
    if planned.refused is not None:
        return row | {"status": status, "error": planned.refused.as_dict()}
    return row | {"status": status}


def _print_plans(outcomes: list[Outcome[Planned]]) -> None:
    for outcome in outcomes:
        if outcome.value is not None:
            typer.echo(render_plan(outcome.value.plan))
            refused = outcome.value.refused
            if refused is not None:
                typer.echo("\n".join(error_block(refused)))
        elif outcome.error is not None:
            typer.echo(f"== {outcome.instance}: error")
            typer.echo("\n".join(error_block(outcome.error)))
    if len(outcomes) > 1:
        typer.echo("\n" + render_plan_summary([_plan_row(o) for o in outcomes]))


def plan(
    path: PathArg = Path("."),
    instance: InstancesOpt = None,
    all_: AllOpt = False,
    out: Path | None = typer.Option(
        None, "--out", metavar="FILE", help="Also write the plan as JSON (for `apply --plan`)."
    ),
    prune: PruneOpt = False,
    force: ForceOpt = False,
    json_: JsonOpt = False,
) -> None:
    """Show what apply would change; writes nothing to the helpdesk.

    Example: helpctl plan configs --all --out plan.json

    Exit 0: no changes · 2: changes pending · 1: an instance failed or its plan was refused.
    """
    project = load(path)
    chosen = project.select(instance, all_=all_)
    with connections(project) as conns:
        fleet = plan_fleet(project, chosen, conns.provider, prune=prune, force=force)
    if out is not None:
        save(out, fleet.document(path.resolve()))
    if json_:
        rows = [_plan_row(o) for o in fleet.outcomes]
        emit_json({"instances": rows, "changes_pending": fleet.changes_pending})
    else:
        _print_plans(fleet.outcomes)
    if fleet.stopped:
        raise typer.Exit(1)
    raise typer.Exit(2 if fleet.changes_pending else 0)


def _progress(name: str) -> Any:
    def report(result: ChangeResult) -> None:
        c = result.change
        mark = {"done": "✓", "failed": "✗", "skipped": "·"}[result.status]
        why = f": {result.reason}" if result.reason else ""
        log_line(f"[{name}] {mark} {c.action} {c.kind} '{c.key}'{why}")

    return report


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
    with connections(project) as conns:
        result = apply_saved_fleet(
            project, wanted, conns.provider, plan_file, force=force, progress=_progress, wait=wait
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
        _apply_saved(path, plan_file, instance, force, json_, wait)
        return

    def review(fleet: FleetPlan) -> bool:
        if not json_:
            _print_plans(fleet.outcomes)
        return _confirm(yes, list(fleet.ready.values()))

    project = load(path)
    chosen = project.select(instance, all_=all_)
    with connections(project) as conns:
        result = apply_fleet(
            project,
            chosen,
            conns.provider,
            prune=prune,
            force=force,
            review=review,
            progress=_progress,
            wait=wait,
        )
    if not result.declined:
        _render_apply(result, json_)
    _exit_for(result)


def register(app: typer.Typer) -> None:
    """Add plan, apply, export, diff, drift and instances to ``app``."""
    app.command("plan")(plan)
    app.command("apply")(apply)
    cmd_fleet_live.register(app)
