"""`helpctl show PLAN.json`: a saved plan rendered like `plan` renders a fresh one."""

from __future__ import annotations

from pathlib import Path

import typer

from helpctl.cli.plan_output import PlanFormat, print_plan
from helpctl.cli.render_markdown import PlanRow
from helpctl.plan.savefile import load

__all__ = ["register", "show"]


def show(
    plan_file: Path = typer.Argument(
        ..., metavar="PLAN.json", help="A plan saved by `helpctl plan --out`."
    ),
    fmt: PlanFormat = typer.Option(
        PlanFormat.text, "--format", help="text (people), markdown (a PR comment), json."
    ),
) -> None:
    """Show a saved plan for people (text or Markdown) or machines (JSON); reads no helpdesk.

    Example: helpctl show plan.json --format markdown > comment.md
    """
    saved = load(plan_file)
    rows = [
        (PlanRow(s.plan.instance, s.plan, "no changes" if s.plan.empty else "changes"), None)
        for s in saved
    ]
    target = saved[0].target if saved else None
    print_plan(rows, fmt, target=target, extra={"plan": str(plan_file)})


def register(app: typer.Typer) -> None:
    app.command("show")(show)
