"""Human rendering of plans, apply reports and drift; tables by tabulate.

A fleet's plans are reviewed together (:func:`render_review`): each change once, naming the
instances it applies to, its entries broken down (:mod:`helpctl.cli.diff_lines`), nothing cut.

Diff lines are coloured (green additions, red removals, yellow updates) only when stdout is a
terminal, so redirected output and CI logs stay plain text.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import typer
from tabulate import tabulate

from helpctl.cli.diff_lines import group_lines
from helpctl.plan import Change, InstancePlan
from helpctl.plan.review import EntryGroup, ReviewChange, review
from helpctl.providers.base import ApplyReport

__all__ = [
    "apply_summary_rows",
    "change_head",
    "change_lines",
    "headline",
    "instances_label",
    "render_apply_summary",
    "render_matrix",
    "render_plan",
    "render_plan_summary",
    "render_review",
]

SYMBOLS = {
    "create": ("+", "green"),
    "update": ("~", "yellow"),
    "delete": ("-", "red"),
    "reorder": ("↕", "cyan"),
}
_LINE_COLOURS = {"+": "green", "-": "red", "~": "yellow", " ": ""}


def _colour(text: str, colour: str) -> str:
    return typer.style(text, fg=colour) if colour and sys.stdout.isatty() else text


def instances_label(names: Sequence[str], fleet: Sequence[str]) -> str:
    """``on latam, emea`` — every name, never cut; ``on all 3 instances: ...`` when it is the
    whole fleet."""
    listed = ", ".join(names)
    if len(fleet) > 1 and list(names) == list(fleet):
        return f"on all {len(fleet)} instances: {listed}"
    return f"on {listed}"


def change_head(item: ReviewChange) -> str:
    """``~ update triggers 'Route refunds' (was 'Route')``, or a reorder with its scope."""
    symbol, _ = SYMBOLS[item.action]
    if item.action == "reorder":
        return f"{symbol} reorder {item.kind}" + (f" ({item.scope})" if item.scope else "")
    was = f" (was '{item.was}')" if item.was else ""
    return f"{symbol} {item.action} {item.kind} '{item.key}'{was}"


def _entry_lines(groups: list[EntryGroup], indent: str) -> list[str]:
    out: list[str] = []
    for group in groups:
        for sign, text in group_lines(group):
            pad = indent if sign == "~" else indent + "  "
            shown = f"{pad}{sign} {text}" if sign != "~" else f"{pad}{text}"
            out.append(_colour(shown, _LINE_COLOURS[sign]))
    return out


def review_lines(item: ReviewChange, fleet: Sequence[str]) -> list[str]:
    """One change across the instances that have it: the head (naming them when the plan covers
    several), the entries they share, then what differs under the instances it applies to."""
    _, colour = SYMBOLS[item.action]
    head = change_head(item)
    if len(fleet) > 1:
        head += f"  [{instances_label(item.instances, fleet)}]"
    lines = [_colour(f"  {head}", colour), *_entry_lines(item.common, "      ")]
    for names, groups in item.varying():
        lines.append(f"      only {instances_label(names, fleet)}:")
        lines += _entry_lines(groups, "        ")
    return lines


def change_lines(change: Change) -> list[str]:
    """The lines that show one change on its own (``helpctl diff``)."""
    return review_lines(review([InstancePlan("", [change])])[0], [""])


def headline(plan: InstancePlan) -> str:
    """``latam: 2 to create, 1 to update`` (or ``no changes``)."""
    counts = plan.counts()
    if plan.empty:
        return f"{plan.instance}: no changes"
    parts = [f"{counts[a]} to {a}" for a in counts if counts[a]]
    return f"{plan.instance}: " + ", ".join(parts)


def render_review(plans: Sequence[InstancePlan]) -> str:
    """Every change of ``plans`` once, naming the instances it applies to (see
    :func:`helpctl.plan.review.review`); an empty string when nothing changes."""
    fleet = [p.instance for p in plans]
    return "\n".join(line for item in review(plans) for line in review_lines(item, fleet))


def render_plan(plan: InstancePlan) -> str:
    """One instance's plan as a block of text (a refusal under it is
    :func:`helpctl.cli.problems.error_block`)."""
    body = render_review([plan])
    return f"== {headline(plan)}" + (f"\n{body}" if body else "")


def render_plan_summary(rows: list[dict[str, Any]]) -> str:
    """instance | create | update | delete | reorder | status."""
    table = [[r["instance"], *(r["counts"].get(a, "") for a in SYMBOLS), r["status"]] for r in rows]
    headers = ["instance", "create", "update", "delete", "reorder", "status"]
    return tabulate(table, headers=headers, tablefmt="simple")


def apply_summary_rows(report: ApplyReport) -> dict[str, int]:
    """created / updated / deleted / reordered / failed counts of one report."""
    out = {"created": 0, "updated": 0, "deleted": 0, "reordered": 0, "failed": 0}
    past = {"create": "created", "update": "updated", "delete": "deleted", "reorder": "reordered"}
    for result in report.results:
        if result.status != "done":  # skipped: it needed an object whose create failed
            out["failed"] += 1
        elif result.status == "done":
            out[past[result.change.action]] += 1
    return out


def render_apply_summary(rows: list[dict[str, Any]]) -> str:
    """instance | created | updated | deleted | reordered | failed | outcome."""
    keys = ["created", "updated", "deleted", "reordered", "failed"]
    table = [[r["instance"], *(r.get(k, "") for k in keys), r["outcome"]] for r in rows]
    return tabulate(table, headers=["instance", *keys, "outcome"], tablefmt="simple")


def render_matrix(matrix: dict[str, dict[str, int] | None], kinds: list[str]) -> str:
    """instances × kinds of pending change counts (``error`` where an instance failed)."""
    shown = [k for k in kinds if any(m and m.get(k) for m in matrix.values())] or kinds[:0]
    table: list[list[Any]] = []
    for name, counts in matrix.items():
        if counts is None:
            table.append([name, *(["error"] * len(shown)), "error"])
        else:
            table.append([name, *(counts.get(k, 0) for k in shown), sum(counts.values())])
    return tabulate(table, headers=["instance", *shown, "total"], tablefmt="simple")
