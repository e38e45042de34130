"""Requests one `plan` spends for N live objects, vs one GET per object (Terraform's refresh).

    .venv/bin/python bench/plan_cost.py [--sizes 100,1000,5000] [--json]

Bar (benchmarks.md): requests ≤ ⌈N/100⌉ + one per kind; ≥ 50× fewer than the baseline at
N = 1,000; a no-change apply sends no writes.
"""

from __future__ import annotations

import argparse
import math
import os
import tempfile
from pathlib import Path

from plan_projects import report, seed, write_project

from helpctl.fleet import apply_planned, plan_instance
from helpctl.providers.connect import Connections
from helpctl.resources import KINDS


def measure(n: int, tmp: Path) -> dict[str, object]:
    project = write_project(tmp / f"p{n}", ["bench"], n, db=tmp / f"p{n}.sqlite3")
    seed(project)
    with Connections(project) as conns:
        client, provider = conns.client("bench"), conns.provider("bench")
        client.stats.reset()
        planned = plan_instance(project, "bench", provider)
        plan_requests = client.stats.requests
        client.stats.reset()
        apply_planned(provider, planned.plan)
        writes = sum(v for k, v in client.stats.by_method.items() if k != "GET")
    bar = math.ceil(n / 100) + len(KINDS)
    return {
        "N": n,
        "plan requests": plan_requests,
        "bar ⌈N/100⌉+kinds": bar,
        "baseline (GET/object)": n,
        "fewer ×": round(n / plan_requests, 1),
        "plan changes": len(planned.plan.changes),
        "no-change apply writes": writes,
        "meets bar": plan_requests <= bar and writes == 0 and planned.plan.empty,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rows = [measure(int(n), Path(tmp)) for n in args.sizes.split(",")]
    report("plan_cost", rows, args.json, {"cores": os.cpu_count()})


if __name__ == "__main__":
    main()
