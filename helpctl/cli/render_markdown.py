"""A fleet's plan as Markdown for a pull-request comment (``plan --format markdown``).

A summary table (one row per instance), then one collapsible ``<details>`` section per kind
holding its changes, each once with the instances it applies to and its entries in a ``diff``
code block (GitHub colours ``+`` and ``-`` lines); errors and refusals last. Nothing is cut.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from helpctl.cli.diff_lines import group_lines
from helpctl.cli.render_plan import change_head, instances_label
from helpctl.plan import ACTIONS, InstancePlan
from helpctl.plan.review import EntryGroup, ReviewChange, review

__all__ = ["PlanRow", "render_markdown"]


@dataclass
class PlanRow:
    """One instance of the plan: its plan (None when planning failed), status and error text."""

    instance: str
    plan: InstancePlan | None
    status: str
    error: str = ""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(rows: Sequence[PlanRow]) -> list[str]:
    head = ["instance", *ACTIONS, "status"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        counts = row.plan.counts() if row.plan is not None else {}
        cells = [row.instance, *(str(counts.get(a, "")) for a in ACTIONS), row.status]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return lines


def _fence(body: list[str], lang: str = "diff") -> list[str]:
    """A code block whose fence no line of ``body`` can close."""
    longest = max((len(m) for line in body for m in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}{lang}", *body, fence]


def _diff_body(groups: list[EntryGroup], indent: str) -> list[str]:
    out: list[str] = []
    for group in groups:
        for sign, text in group_lines(group):
            out.append(f"{indent}{text}" if sign == "~" else f"{sign} {indent}{text}")
    return out


def _change(item: ReviewChange, fleet: Sequence[str]) -> list[str]:
    head = html.escape(change_head(item), quote=False)
    where = f" — {instances_label(item.instances, fleet)}" if len(fleet) > 1 else ""
    body = _diff_body(item.common, "")
    for names, groups in item.varying():
        body.append(f"only {instances_label(names, fleet)}:")
        body += _diff_body(groups, "  ")
    out = [f"**{head}**{where}", ""]
    return out + ([*_fence(body), ""] if body else [])


def _kind_sections(plans: Sequence[InstancePlan]) -> list[str]:
    fleet = [p.instance for p in plans]
    by_kind: dict[str, list[ReviewChange]] = {}
    for item in review(plans):
        by_kind.setdefault(item.kind, []).append(item)
    out: list[str] = []
    for kind, items in by_kind.items():
        n = len(items)
        out += [
            f"<details><summary><b>{kind}</b>: {n} change{'s' if n != 1 else ''}</summary>",
            "",
        ]
        for item in items:
            out += _change(item, fleet)
        out += ["</details>", ""]
    return out


def render_markdown(rows: Sequence[PlanRow], *, title: str = "helpctl plan") -> str:
    """The whole comment: title, summary table, a section per kind, then errors."""
    plans = [r.plan for r in rows if r.plan is not None]
    out = [f"### {title}", "", *_table(rows), ""]
    if not any(not p.empty for p in plans):
        out += ["No changes.", ""]
    out += _kind_sections(plans)
    errors = [r for r in rows if r.error]
    if errors:
        out += ["#### Errors", ""]
        for r in errors:
            out += [
                f"- **{r.instance}** ({r.status}):",
                "",
                *_fence(r.error.splitlines(), "text"),
                "",
            ]
    return "\n".join(out).rstrip() + "\n"
