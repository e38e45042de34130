"""Apply against a sandbox account limited to R requests/minute: achieved rate and 429s.

    .venv/bin/python bench/rate_limit.py [--rate 600] [--minutes 2] [--json]

The project holds enough objects to fill ``--minutes`` rate-limit windows (R per window, less a
little room for the apply's few requests beyond one per object). Bar (benchmarks.md): ≥ 90% of R
sustained, 429s ≤ 1% of requests, none unrecovered.

"Sustained" is requests per window the run used (its duration rounded up to whole minutes). Plain
requests ÷ elapsed time is printed too but misleads either way: the limiter may spend a window's
budget at once, so a run ending early in its last window reads far above R.
"""

from __future__ import annotations

import argparse
import math
import os
import tempfile
from pathlib import Path

from plan_projects import report, timed, write_project

from helpctl.fleet import apply_planned, plan_instance
from helpctl.providers.connect import Connections


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=int, default=600, help="requests per minute (R)")
    parser.add_argument("--minutes", type=int, default=2, help="rate-limit windows to fill")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    objects = max(10, args.rate * args.minutes - 20)
    with tempfile.TemporaryDirectory() as tmp:
        project = write_project(
            Path(tmp) / "p",
            ["limited"],
            objects,
            db=Path(tmp) / "rl.sqlite3",
            extra={"rate_limit": args.rate},
        )
        with Connections(project) as conns:
            provider, client = conns.provider("limited"), conns.client("limited")
            planned = plan_instance(project, "limited", provider, force=True)
            client.stats.reset()  # count the apply's requests only, as its time is measured
            seconds, result = timed(lambda: apply_planned(provider, planned.plan))
            stats = client.stats.as_dict()
            # every object must exist afterwards: a 429 that was not recovered leaves a gap
            after = plan_instance(project, "limited", provider)
    windows = max(1, math.ceil(seconds / 60))
    sustained = stats["requests"] / windows
    rows = [
        {
            "R (req/min)": args.rate,
            "requests": stats["requests"],
            "seconds": round(seconds, 1),
            "windows used": windows,
            "sustained req/min": round(sustained),
            "% of R": round(100 * sustained / args.rate, 1),
            "requests ÷ elapsed, per min": round(stats["requests"] / seconds * 60),
            "429s": stats["rate_limited"],
            "429 %": round(100 * stats["rate_limited"] / max(1, stats["requests"]), 2),
            "failed objects": len(result.failed),
            "left to do": len(after.plan.changes),
        }
    ]
    ok = (
        rows[0]["% of R"] >= 90
        and rows[0]["429 %"] <= 1
        and not result.failed
        and (after.plan.empty)
    )
    report("rate_limit", rows, args.json, {"meets bar": ok, "cores": os.cpu_count()})


if __name__ == "__main__":
    main()
