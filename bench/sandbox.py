"""How fast the sandbox answers, so it is never the bottleneck of the other benchmarks.

    .venv/bin/python bench/sandbox.py [--objects 1000] [--lists 300] [--jobs 30]
                                      [--threads 4] [--json]

The sandbox runs in a child process on a file database (as ``backend: sandbox`` does); one client
(or ``--threads`` clients) talks to it over loopback with httpx. Measured:

- GET list: ``groups?page[size]=100`` over ``--objects`` groups (requests/s, objects/s), by one
  client and by ``--threads`` concurrent clients, and a cursor walk of the whole list;
- GET one object;
- ticket import: ``imports/tickets/create_many`` of 100 tickets × 5 comments, each job polled to
  completion (requests/s and tickets/s, polls included).

Bar (benchmarks.md): the migration bench needs ≥ 1,000 tickets/s end to end, so the sandbox
alone must import well above that on this machine.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
from plan_projects import report
from sandbox_proc import SandboxProcess


def _client(box: SandboxProcess) -> httpx.Client:
    return httpx.Client(base_url=box.base_url, auth=(f"{box.email}/token", box.token), timeout=30)


def _seed_groups(api: httpx.Client, n: int) -> None:
    for i in range(n):
        api.post("groups", json={"group": {"name": f"Group {i:05d}"}}).raise_for_status()


def _rate(label: str, requests: int, seconds: float, **extra: Any) -> dict[str, Any]:
    row = {
        "measure": label,
        "requests": requests,
        "seconds": round(seconds, 3),
        "requests/s": round(requests / seconds, 1),
    }
    row.update({k: round(v / seconds, 1) for k, v in extra.items()})
    return row


def _lists(api: httpx.Client, n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        api.get("groups", params={"page[size]": 100}).raise_for_status()
    return time.perf_counter() - start


def _walk(api: httpx.Client) -> tuple[float, int, int]:
    """Every group by cursor pagination: seconds, requests, objects."""
    url: str | None = "groups?page[size]=100"
    requests = objects = 0
    start = time.perf_counter()
    while url:
        page = api.get(url).json()
        requests += 1
        objects += len(page["groups"])
        url = page["links"]["next"] if page["meta"]["has_more"] else None
    return time.perf_counter() - start, requests, objects


def _concurrent_lists(box: SandboxProcess, threads: int, each: int) -> float:
    clients = [_client(box) for _ in range(threads)]
    workers = [threading.Thread(target=_lists, args=(c, each)) for c in clients]
    start = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return time.perf_counter() - start


def _batch(job: int, requester: int) -> list[dict[str, Any]]:
    return [
        {
            "subject": f"Ticket {job}-{i}",
            "status": "closed",
            "external_id": f"bench-{job}-{i}",
            "requester_id": requester,
            "created_at": "2015-06-01T10:00:00Z",
            "comments": [
                {
                    "value": f"Comment {c} of {job}-{i} " + "lorem ipsum " * 20,
                    "author_id": requester,
                    "created_at": "2015-06-01T10:00:00Z",
                }
                for c in range(5)
            ],
        }
        for i in range(100)
    ]


def _imports(api: httpx.Client, jobs: int) -> tuple[float, int]:
    requester = api.get("users/me").json()["user"]["id"]
    batches = [_batch(j, requester) for j in range(jobs)]
    requests = 0
    start = time.perf_counter()
    for batch in batches:
        reply = api.post("imports/tickets/create_many", json={"tickets": batch})
        requests += 1
        url = reply.json()["job_status"]["url"]
        while True:
            requests += 1
            if api.get(url).json()["job_status"]["status"] == "completed":
                break
    return time.perf_counter() - start, requests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--objects", type=int, default=1000)
    parser.add_argument("--lists", type=int, default=300)
    parser.add_argument("--jobs", type=int, default=30)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp, SandboxProcess(Path(tmp) / "s.sqlite3") as box:
        api = _client(box)
        _seed_groups(api, args.objects)
        seconds = _lists(api, args.lists)
        rows.append(
            _rate("GET list (100/page)", args.lists, seconds, **{"objects/s": args.lists * 100})
        )
        seconds, requests, objects = _walk(api)
        rows.append(
            _rate(f"cursor walk of {objects} groups", requests, seconds, **{"objects/s": objects})
        )
        each = max(1, args.lists // args.threads)
        seconds = _concurrent_lists(box, args.threads, each)
        rows.append(
            _rate(
                f"GET list, {args.threads} clients",
                each * args.threads,
                seconds,
                **{"objects/s": each * args.threads * 100},
            )
        )
        group = api.get("groups", params={"page[size]": 1}).json()["groups"][0]["id"]
        start = time.perf_counter()
        for _ in range(args.lists):
            api.get(f"groups/{group}").raise_for_status()
        rows.append(_rate("GET one object", args.lists, time.perf_counter() - start))
        seconds, requests = _imports(api, args.jobs)
        rows.append(
            _rate(
                "import create_many 100×5 (+polls)",
                requests,
                seconds,
                **{"tickets/s": args.jobs * 100},
            )
        )
        stats = box.stats()
    for row in rows:  # one set of columns for every row (blank in the table, null in JSON)
        row.setdefault("objects/s", None if args.json else "")
        row.setdefault("tickets/s", None if args.json else "")
    report(
        "sandbox throughput (loopback, sandbox in a child process)",
        rows,
        args.json,
        {
            "cores": os.cpu_count(),
            "sandbox_peak_rss_mb": round(stats["peak_rss_mb"], 1),
            "sandbox_cpu_s": stats["cpu_s"],
        },
    )


if __name__ == "__main__":
    main()
