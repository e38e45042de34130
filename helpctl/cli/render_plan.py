"""Human rendering of plans, apply reports and drift: grouped per instance, tables by tabulate.

Diff lines are coloured (green additions, red removals, yellow updates) only when stdout is a
terminal, so redirected output and CI logs stay plain text.
"""

from __future__ import annotations

import difflib
import json
import sys
from typing import Any

import typer
from tabulate import tabulate

from helpctl.plan import Change, InstancePlan
from helpctl.providers.base import ApplyReport

__all__ = [
    "apply_summary_rows",
    "render_apply_summary",
    "render_matrix",
    "render_plan",
    "render_plan_summary",
]

SYMBOLS = {
    "create": ("+", "green"),
    "update": ("~", "yellow"),
    "delete": ("-", "red"),
    "reorder": ("↕", "cyan"),
}
MAX_VALUE = 400


def _colour(text: str, colour: str) -> str:
    return typer.style(text, fg=colour) if sys.stdout.isatty() else text


def _value(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=False, default=str)
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def change_lines(change: Change) -> list[str]:
    """The lines that show one change: a head line, then per-field old/new lines."""
    symbol, colour = SYMBOLS[change.action]
    if change.action == "reorder":
        what = change.scope or change.kind
        head = f"  {symbol} reorder {change.kind} ({what}): {', '.join(change.order)}"
        return [_colour(head, colour)]
    old_name = change.live.key if change.live is not None else change.key
    renamed = f" (was '{old_name}')" if old_name != change.key else ""
    lines = [_colour(f"  {symbol} {change.action} {change.kind} '{change.key}'{renamed}", colour)]
    for d in change.diffs:
        lines.extend(_diff_lines(d.path, d.old, d.new))
    return lines


def _diff_lines(path: str, old: Any, new: Any) -> list[str]:
    """One field's difference: mappings key by key (an article's translations per locale),
    long or multi-line texts (article bodies) as a line diff, anything else old/new."""
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[str] = []
        for key in dict.fromkeys([*new, *old]):
            if old.get(key) != new.get(key):
                out.extend(_diff_lines(f"{path}.{key}", old.get(key), new.get(key)))
        return out
    if isinstance(old, str) and isinstance(new, str) and _is_text(old, new):
        out = [f"      {path}:"]
        diff = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=1)
        for line in diff:
            if line.startswith(("---", "+++")):
                continue
            colour = {"-": "red", "+": "green"}.get(line[:1], "cyan" if line[:2] == "@@" else "")
            text = f"        {line}"
            out.append(_colour(text, colour) if colour else text)
        return out
    return [
        f"      {path}:",
        _colour(f"        - {_value(old)}", "red"),
        _colour(f"        + {_value(new)}", "green"),
    ]


def _is_text(old: str, new: str) -> bool:
    return "\n" in old or "\n" in new or max(len(old), len(new)) > 120


def _headline(plan: InstancePlan) -> str:
    counts = plan.counts()
    if plan.empty:
        return f"{plan.instance}: no changes"
    parts = [f"{counts[a]} to {a}" for a in counts if counts[a]]
    return f"{plan.instance}: " + ", ".join(parts)


def render_plan(plan: InstancePlan) -> str:
    """One instance's plan as a block of text (a refusal under it is
    :func:`helpctl.cli.problems.error_block`)."""
    lines = [f"== {_headline(plan)}"]
    for change in plan.changes:
        lines.extend(change_lines(change))
    return "\n".join(lines)


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
