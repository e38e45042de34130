"""Generated helpctl projects for the plan/fleet/rate-limit benchmarks (not a benchmark itself).

A project has ``n`` objects per instance, half groups and half macros, so a plan's request count
is dominated by list pages, the way a real account's is.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import yaml
from tabulate import tabulate

from helpctl.config.loader import load_project
from helpctl.config.project import Project
from helpctl.fleet import apply_planned, plan_instance
from helpctl.providers.connect import Connections


def write_project(
    root: Path,
    instances: list[str],
    n: int,
    *,
    db: Path,
    extra: dict[str, Any] | None = None,
) -> Project:
    """A project whose instances all share ``db`` (one sandbox account each) and ``n`` objects."""
    root.mkdir(parents=True, exist_ok=True)
    groups = [{"name": f"Group {i:05d}", "description": f"bench group {i}"} for i in range(n // 2)]
    macros = [
        {"title": f"Macro {i:05d}", "actions": [{"field": "status", "value": "open"}]}
        for i in range(n - n // 2)
    ]
    (root / "objects.yaml").write_text(yaml.safe_dump({"groups": groups, "macros": macros}))
    inst = {"backend": "sandbox", "path": str(db), "include": ["objects.yaml"]} | (extra or {})
    doc = {"version": 1, "instances": {name: dict(inst) for name in instances}}
    (root / "helpctl.yaml").write_text(yaml.safe_dump(doc, sort_keys=False))
    return load_project(root)


def seed(project: Project) -> None:
    """Apply the project to every instance, so live state holds its objects."""
    with Connections(project) as conns:
        for name in project.instances:
            planned = plan_instance(project, name, conns.provider(name), force=True)
            report = apply_planned(conns.provider(name), planned.plan)
            if not report.ok:
                raise SystemExit(f"seeding {name} failed: {report.failed[0].reason}")


def median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def report(title: str, rows: list[dict[str, Any]], as_json: bool, extra: dict[str, Any]) -> None:
    if as_json:
        json.dump({"benchmark": title, "rows": rows, **extra}, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return
    print(title)
    print(tabulate([list(r.values()) for r in rows], headers=list(rows[0]), tablefmt="simple"))
    for key, value in extra.items():
        print(f"{key}: {value}")


def timed(fn: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out
