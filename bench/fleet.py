"""Plan wall time for one instance vs a fleet of 35, each with 200 objects and 50 ms latency.

    .venv/bin/python bench/fleet.py [--instances 35] [--objects 200] [--latency 50] [--runs 3]
                                    [--json]

Bar (benchmarks.md): planning all 35 takes ≤ 2× planning one (instances run concurrently, each
with its own client and rate limiter).
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from plan_projects import median, report, seed, timed, write_project

from helpctl.connect import Connections
from helpctl.deploy import plan_instance
from helpctl.fleet import MAX_WORKERS, run_each


def plan_wall(project_root: Path, names: list[str], runs: int) -> float:
    from helpctl.config.loader import load_project

    project = load_project(project_root)
    times = []
    for _ in range(runs):
        with Connections(project) as conns:
            for name in names:  # open clients (and the sandbox) outside the timing
                conns.client(name)
            seconds, outcomes = timed(
                lambda: run_each(names, lambda n: plan_instance(project, n, conns.provider(n)))
            )
        failed = [o for o in outcomes if o.error is not None]
        if failed:
            raise SystemExit(f"plan failed on {failed[0].instance}: {failed[0].error}")
        times.append(seconds)
    return median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, default=35)
    parser.add_argument("--objects", type=int, default=200)
    parser.add_argument("--latency", type=int, default=50, help="milliseconds per request")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    names = [f"site{i:02d}" for i in range(args.instances)]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "fleet.sqlite3"
        seed(write_project(Path(tmp) / "seed", names, args.objects, db=db))
        slow = Path(tmp) / "slow"
        write_project(
            slow, names, args.objects, db=db, extra={"faults": f"latency:{args.latency}ms"}
        )
        one = plan_wall(slow, names[:1], args.runs)
        every = plan_wall(slow, names, args.runs)
    rows = [
        {"instances": 1, "objects each": args.objects, "plan wall s": round(one, 3)},
        {"instances": args.instances, "objects each": args.objects, "plan wall s": round(every, 3)},
    ]
    ratio = round(every / one, 2)
    report(
        "fleet",
        rows,
        args.json,
        {
            "ratio all/one": ratio,
            "bar": "≤ 2.0",
            "meets bar": ratio <= 2.0,
            "latency ms": args.latency,
            "workers": min(MAX_WORKERS, args.instances),
            "cores": os.cpu_count(),
        },
    )


if __name__ == "__main__":
    main()
