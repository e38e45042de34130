"""`helpctl plan` and `helpctl apply`: the main job, on one instance or a fleet.

Each command wraps library calls (:mod:`helpctl.deploy` per instance, :func:`helpctl.fleet.run_each`
across instances) and renders their results: per instance, grouped, in the order asked for.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
from helpctl.deploy import DesiredStates, Planned, apply_planned, apply_saved, plan_instance
from helpctl.errors import HelpctlError
from helpctl.fleet import Outcome, run_each
from helpctl.plan import InstancePlan
from helpctl.planfile import SavedPlan, change_document, plan_document, save
from helpctl.planfile import load as load_plan
from helpctl.providers.base import ApplyReport, ChangeResult

if TYPE_CHECKING:
    from helpctl.connect import Connections

__all__ = ["register"]


def _plan_row(outcome: Outcome[Planned]) -> dict[str, Any]:
    row: dict[str, Any] = {"instance": outcome.instance, "counts": {}}
    if outcome.error is not None:
        return row | {"status": "error", "error": outcome.error.as_dict()}
    assert outcome.value is not None
    planned = outcome.value
    row["counts"] = planned.plan.counts()
    row["changes"] = [change_document(c) for c in planned.plan.changes]
    if planned.refused is not None:
        return row | {"status": "refused", "error": planned.refused.as_dict()}
    return row | {"status": "no changes" if planned.plan.empty else "changes"}


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


def _planned(
    path: Path, names: list[str] | None, all_: bool, prune: bool, force: bool
) -> tuple[Connections, list[str], list[Outcome[Planned]]]:
    project = load(path)
    chosen = project.select(names, all_=all_)
    conns = connections(project)
    desired = DesiredStates(project)
    outcomes = run_each(
        chosen,
        lambda name: plan_instance(
            project, name, conns.provider(name), prune=prune, force=force, desired=desired
        ),
    )
    return conns, chosen, outcomes


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
    conns, _, outcomes = _planned(path, instance, all_, prune, force)
    conns.close()
    rows = [_plan_row(o) for o in outcomes]
    if out is not None:
        ok = [o.value for o in outcomes if o.value is not None]
        lives = {p.plan.instance: p.live for p in ok}
        save(out, plan_document([p.plan for p in ok], lives, path.resolve()))
    if json_:
        emit_json(
            {
                "instances": rows,
                "changes_pending": any(r["status"] == "changes" for r in rows),
            }
        )
    else:
        _print_plans(outcomes)
    if any(r["status"] in ("error", "refused") for r in rows):
        raise typer.Exit(1)
    raise typer.Exit(2 if any(r["status"] == "changes" for r in rows) else 0)


def _progress(name: str) -> Any:
    def report(result: ChangeResult) -> None:
        c = result.change
        mark = {"done": "✓", "failed": "✗", "skipped": "·"}[result.status]
        why = f": {result.reason}" if result.reason else ""
        log_line(f"[{name}] {mark} {c.action} {c.kind} '{c.key}'{why}")

    return report


def _confirm(yes: bool, plans: list[InstancePlan]) -> None:
    if yes or all(p.empty for p in plans):
        return
    if not sys.stdin.isatty():
        raise HelpctlError(
            "refusing to apply without confirmation: no terminal to ask on",
            hint="review the plan, then re-run with --yes (or apply a saved plan with --plan)",
        )
    if not typer.confirm("Apply these changes?", default=False, err=True):
        raise typer.Exit(1)


def _apply_rows(outcomes: list[Outcome[ApplyReport]]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for o in outcomes:
        if o.error is not None:
            rows.append({"instance": o.instance, "outcome": "error", "error": o.error.as_dict()})
            continue
        assert o.value is not None
        counts = apply_summary_rows(o.value)
        failed = [
            f"{r.change.action} {r.change.kind} '{r.change.key}': {r.reason}"
            for r in o.value.results
            if r.status != "done"
        ]
        outcome = "partial" if failed else "applied"
        rows.append({"instance": o.instance, **counts, "outcome": outcome, "failures": failed})
    return rows


def _finish_apply(
    outcomes: list[Outcome[ApplyReport]], json_: bool, shown: frozenset[str] = frozenset()
) -> None:
    """Print the summary (errors not already shown under the plan) and exit 0, 1 or 3."""
    rows = _apply_rows(outcomes)
    if json_:
        emit_json({"instances": rows})
    else:
        typer.echo("\n" + render_apply_summary(rows))
        for row, o in zip(rows, outcomes, strict=True):
            for line in row.get("failures", []):
                typer.echo(f"  ✗ [{o.instance}] {line}")
            if o.error is not None and o.instance not in shown:
                who = "" if str(o.error).startswith(f"[{o.instance}]") else f"[{o.instance}] "
                typer.echo("\n".join(error_block(o.error, who=who)))
    bad = [r for r in rows if r["outcome"] != "applied"]
    if not bad:
        raise typer.Exit(0)
    raise typer.Exit(1 if all(r["outcome"] == "error" for r in rows) else 3)


def _apply_saved(
    path: Path, plan_file: Path, names: list[str] | None, force: bool, json_: bool
) -> None:
    project = load(path)
    saved = load_plan(plan_file)
    chosen = project.select([s.plan.instance for s in saved])
    wanted = [
        s for s in saved if s.plan.instance in chosen and (not names or s.plan.instance in names)
    ]
    by_name: dict[str, SavedPlan] = {s.plan.instance: s for s in wanted}
    with connections(project) as conns:
        outcomes = run_each(
            list(by_name),
            lambda n: apply_saved(
                project,
                by_name[n],
                conns.provider(n),
                plan_file,
                force=force,
                progress=_progress(n),
            ),
        )
    _finish_apply(outcomes, json_)


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
) -> None:
    """Validate, plan, confirm, then write the changes to the helpdesk.

    Example: helpctl apply examples/quickstart --yes

    Exit 0: applied · 1: refused or failed · 3: some objects failed (listed) · 130: interrupted.
    """
    if plan_file is not None:
        _apply_saved(path, plan_file, instance, force, json_)
        return
    conns, _, outcomes = _planned(path, instance, all_, prune, force)
    with conns:
        if not json_:
            _print_plans(outcomes)
        ready = [o for o in outcomes if o.value is not None and o.value.refused is None]
        _confirm(yes, [o.value.plan for o in ready if o.value is not None])
        plans = {o.instance: o.value.plan for o in ready if o.value is not None}
        applied = run_each(
            list(plans), lambda n: apply_planned(conns.provider(n), plans[n], _progress(n))
        )
    by_name = {o.instance: o for o in applied}
    merged: list[Outcome[ApplyReport]] = []
    for o in outcomes:
        err = o.error or (o.value.refused if o.value is not None else None)
        merged.append(by_name.get(o.instance) or Outcome(o.instance, error=err))
    shown = frozenset(o.instance for o in outcomes if o.instance not in by_name)
    _finish_apply(merged, json_, shown)


def register(app: typer.Typer) -> None:
    """Add plan, apply, export, diff, drift and instances to ``app``."""
    app.command("plan")(plan)
    app.command("apply")(apply)
    cmd_fleet_live.register(app)
