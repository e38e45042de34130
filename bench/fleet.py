"""Plan wall time for one instance vs a fleet of 35, each with 200 objects and 50 ms latency.

    .venv/bin/python bench/fleet.py [--instances 35] [--objects 200] [--latency 50] [--runs 3]
                                    [--workers N] [--json]

The accounts are seeded in the embedded sandbox, then served by a sandbox in a child process
with the injected latency (as a real helpdesk is remote, its CPU is not the planner's), and
reached as ``backend: zendesk`` instances over loopback.

Bar (benchmarks.md): planning all 35 takes ≤ 2× planning one (instances run concurrently, each
with its own client and rate limiter).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml
from plan_projects import median, report, seed, timed, write_project

from helpctl.config.loader import load_project
from helpctl.config.project import Project
from helpctl.fleet import MAX_WORKERS, DesiredStates, plan_instance, run_each
from helpctl.providers.connect import Connections

CHILD = """
import json, sys
from helpctl.sandbox.runner import SandboxServer
path, faults, names = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
with SandboxServer(path, accounts=names, faults=faults) as server:
    out = {}
    for name in names:
        email, token = server.credentials(name)
        out[name] = {"url": server.base_url(name), "email": email, "token": token}
    print(json.dumps(out), flush=True)
    sys.stdin.read()
"""


def remote_project(root: Path, served: dict[str, Any]) -> Path:
    """``backend: zendesk`` instances reaching the child sandbox; tokens by env reference."""
    instances = {}
    for i, (name, where) in enumerate(served.items()):
        os.environ[f"FLEET_BENCH_TOKEN_{i}"] = where["token"]
        instances[name] = {
            "backend": "zendesk",
            "url": where["url"],
            "auth": {"email": where["email"], "token": {"env": f"FLEET_BENCH_TOKEN_{i}"}},
            "rate_limit": 700,
            "include": ["objects.yaml"],
        }
    root.mkdir(parents=True, exist_ok=True)
    (root / "objects.yaml").write_text((root.parent / "seed" / "objects.yaml").read_text())
    doc = {"version": 1, "instances": instances}
    (root / "helpctl.yaml").write_text(yaml.safe_dump(doc, sort_keys=False))
    return root


def plan_once(project: Project, names: list[str], workers: int) -> tuple[float, float]:
    """Wall and CPU seconds (this process: the planner's side) of one fleet plan."""
    desired = DesiredStates(project)  # fresh each run: parsing the files is part of a plan
    with Connections(project) as conns:
        for name in names:  # open clients outside the timing
            conns.client(name)
        cpu_start = time.process_time()
        seconds, outcomes = timed(
            lambda: run_each(
                names,
                lambda n: plan_instance(project, n, conns.provider(n), desired=desired),
                max_workers=workers,
            )
        )
        cpu = time.process_time() - cpu_start
    failed = [o for o in outcomes if o.error is not None]
    if failed:
        raise SystemExit(f"plan failed on {failed[0].instance}: {failed[0].error}")
    if any(o.value is None or not o.value.plan.empty for o in outcomes):
        raise SystemExit("a seeded instance planned changes; the bench is not measuring plans")
    return seconds, cpu


def plan_wall(root: Path, names: list[str], runs: int, workers: int) -> tuple[float, float]:
    """Median wall and CPU seconds over ``runs`` fleet plans."""
    project = load_project(root)
    samples = [plan_once(project, names, workers) for _ in range(runs)]
    return median([w for w, _ in samples]), median([c for _, c in samples])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, default=35)
    parser.add_argument("--objects", type=int, default=200)
    parser.add_argument("--latency", type=int, default=50, help="milliseconds per request")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=MAX_WORKERS, help="fleet pool size")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    names = [f"site{i:02d}" for i in range(args.instances)]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "fleet.sqlite3"
        seed(write_project(Path(tmp) / "seed", names, args.objects, db=db))
        faults = f"latency:{args.latency}ms"
        with subprocess.Popen(
            [sys.executable, "-c", CHILD, str(db), faults, ",".join(names)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        ) as child:
            assert child.stdout is not None and child.stdin is not None
            served = json.loads(child.stdout.readline())
            root = remote_project(Path(tmp) / "remote", served)
            one, one_cpu = plan_wall(root, names[:1], args.runs, args.workers)
            every, every_cpu = plan_wall(root, names, args.runs, args.workers)
            child.stdin.close()
    rows = [
        {
            "instances": n,
            "objects each": args.objects,
            "plan wall s": round(wall, 3),
            "planner CPU s": round(cpu, 3),
        }
        for n, wall, cpu in ((1, one, one_cpu), (args.instances, every, every_cpu))
    ]
    ratio = round(every / one, 2)
    extra = {
        "ratio all/one": ratio,
        "bar": "≤ 2.0",
        "meets bar": ratio <= 2.0,
        "latency ms": args.latency,
        "workers": min(args.workers, args.instances),
        "cores": os.cpu_count(),
        "load average": round(os.getloadavg()[0], 2),
    }
    report("fleet", rows, args.json, extra)


if __name__ == "__main__":
    main()
