"""Printing a fleet's plan in the format asked for, the same way for `plan`, `apply` (before
it asks) and `show` (a saved plan): text for people, Markdown for a PR comment, JSON for
machines (complete and stable: one row per instance with every change document).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Any

import typer

from helpctl.cli.output import emit_json
from helpctl.cli.problems import error_block
from helpctl.cli.render_markdown import PlanRow, render_markdown
from helpctl.cli.render_plan import headline, render_plan_summary, render_review
from helpctl.errors import HelpctlError
from helpctl.fleet import FleetPlan, Outcome, Planned
from helpctl.plan import change_document
from helpctl.plan.target import Target

__all__ = ["PlanFormat", "plan_rows", "print_plan", "row_document"]


class PlanFormat(StrEnum):
    """How a plan is shown: ``text`` (people), ``markdown`` (a PR comment), ``json``."""

    text = "text"
    markdown = "markdown"
    json = "json"


def _error_text(err: HelpctlError) -> str:
    return "\n".join(line.strip() for line in error_block(err))


def plan_rows(outcomes: list[Outcome[Planned]]) -> list[tuple[PlanRow, HelpctlError | None]]:
    """One row per instance (its plan, status, error text) and the error itself, if any."""
    rows: list[tuple[PlanRow, HelpctlError | None]] = []
    for o in outcomes:
        status = FleetPlan.status(o)
        plan = o.value.plan if o.value is not None else None
        err = o.error or (o.value.refused if o.value is not None else None)
        rows.append((PlanRow(o.instance, plan, status, _error_text(err) if err else ""), err))
    return rows


def row_document(row: PlanRow, err: HelpctlError | None) -> dict[str, Any]:
    """The JSON row of one instance (``plan --json``, ``show --format json``)."""
    doc: dict[str, Any] = {"instance": row.instance, "counts": {}}
    if row.plan is not None:
        doc["counts"] = row.plan.counts()
        doc["changes"] = [change_document(c) for c in row.plan.changes]
    doc["status"] = row.status
    if err is not None:
        doc["error"] = err.as_dict()
    return doc


def _text(rows: Sequence[tuple[PlanRow, HelpctlError | None]], target: Target) -> None:
    if not target.everything:
        typer.echo(f"(limited to {target.describe()}: not a whole plan)")
    for row, err in rows:
        typer.echo(
            f"== {headline(row.plan)}" if row.plan is not None else f"== {row.instance}: error"
        )
        if err is not None:
            typer.echo("\n".join(error_block(err)))
    plans = [row.plan for row, _ in rows if row.plan is not None]
    body = render_review(plans)
    if body:
        typer.echo("\n" + body if len(rows) > 1 else body)
    if len(rows) > 1:
        summary = [
            {
                "instance": r.instance,
                "counts": r.plan.counts() if r.plan else {},
                "status": r.status,
            }
            for r, _ in rows
        ]
        typer.echo("\n" + render_plan_summary(summary))


def print_plan(
    rows: Sequence[tuple[PlanRow, HelpctlError | None]],
    fmt: PlanFormat,
    *,
    target: Target | None = None,
    extra: dict[str, Any] | None = None,
) -> None:
    """The plan of every instance in ``fmt``; ``extra`` goes into the JSON document."""
    aim = target or Target()
    if fmt == PlanFormat.json:
        doc = {"instances": [row_document(r, e) for r, e in rows], **(extra or {})}
        if not aim.everything:
            doc["target"] = aim.document()
        emit_json(doc)
    elif fmt == PlanFormat.markdown:
        title = "helpctl plan" + (f" (limited to {aim.describe()})" if not aim.everything else "")
        typer.echo(render_markdown([r for r, _ in rows], title=title), nl=False)
    else:
        _text(rows, aim)
