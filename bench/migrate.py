"""Migration throughput: synthetic tickets × 5 comments into a sandbox on loopback.

For each size: the source+mapping stage alone, then the whole run (``helpctl.migrate.runner``)
into a sandbox served by a separate process, so each side's peak RSS and CPU time are measured
apart (which one is the bottleneck is then plain: the one whose CPU time is close to the wall
time). Prints a table, or one JSON document with ``--json``.

    .venv/bin/python bench/migrate.py --sizes 10000,100000

Measured (shared 2-core machine, load ~1.3, window 8): 2,000 / 20,000 / 100,000 tickets at
0.022 / 0.0147 / 0.0141 requests per ticket (1,005 posts, 407 polls and probes, 3 names for
100,000), 1,081 / 1,504 / 1,500 tickets/s. Before the bulk polls and the probe stride: 0.064
requests per ticket at 2,000 (3 probes per chunk, about one poll per job).

Runner peak RSS 55.2 / 60.4 / 61.4 MB at 2,000 / 20,000 / 100,000 (ratio 1.11; 1,530 / 1,216 /
1,224 tickets/s with the full test suite running beside it, load 1.6-3.5): flat from 20,000
on; the rise before it is SQLite's page caches filling up to their caps (ledger 2 MB, source ids
seen 1 MB). It was 54 / 62 / 75 MB while the source ids seen were kept in a Python dict (about
125 bytes per ticket, the only Python objects tracemalloc saw grow between 3,000 and 11,000).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MAPPING = ROOT / "tests" / "fixtures" / "migrate_runner" / "synthetic" / "migration.yaml"
sys.path.insert(0, str(HERE))

from corpus import write_corpus  # noqa: E402
from sandbox_proc import SandboxProcess  # noqa: E402


def _self_usage() -> dict[str, float]:
    use = resource.getrusage(resource.RUSAGE_SELF)
    return {"peak_rss_mb": use.ru_maxrss / 1024, "cpu_s": use.ru_utime + use.ru_stime}


def stage_map(mapping_path: Path) -> dict[str, Any]:
    """Worker: read and map the whole source, send nothing."""
    from helpctl.migrate.hashing import ticket_hash
    from helpctl.migrate.mapped import MappedTicket
    from helpctl.migrate.mapping import load_mapping
    from helpctl.migrate.sources import open_source

    mapping = load_mapping(mapping_path)
    source = open_source(mapping.source_spec, mapping.base_dir)
    started = time.perf_counter()
    tickets = comments = 0
    for legacy in source.tickets():
        mapped = mapping.map_ticket(legacy)
        if isinstance(mapped, MappedTicket):
            tickets += 1
            comments += len(mapped.comments)
            ticket_hash(mapped)  # the runner hashes every record for the ledger
    return {"tickets": tickets, "comments": comments, "wall_s": time.perf_counter() - started,
            **_self_usage()}  # fmt: skip


def stage_run(mapping_path: Path, window: int) -> dict[str, Any]:
    """Worker: the whole migration into the sandbox named by the environment."""
    import httpx

    from helpctl.migrate.ledger import Ledger
    from helpctl.migrate.mapping import load_mapping
    from helpctl.migrate.runner import RunOptions, run
    from helpctl.migrate.sources import open_source
    from helpctl.zendesk.auth import Auth
    from helpctl.zendesk.client import ZendeskClient
    from helpctl.zendesk.imports import ZendeskImportTarget

    mapping = load_mapping(mapping_path)
    source = open_source(mapping.source_spec, mapping.base_dir)
    auth = Auth.token(os.environ["BENCH_EMAIL"], os.environ["BENCH_TOKEN"])
    with httpx.Client(timeout=120) as http:
        client = ZendeskClient(http, base_url=os.environ["BENCH_URL"], auth=auth)
        target = ZendeskImportTarget(client)
        with Ledger(mapping.ledger_path) as ledger:
            started = time.perf_counter()
            report = run(source, mapping, target, ledger, options=RunOptions(window=window))
            wall = time.perf_counter() - started
        target.close()
    return {"wall_s": wall, "counts": report.counts, "requests": client.stats.requests,
            "by_method": client.stats.by_method, **_self_usage()}  # fmt: skip


def _worker(stage: str, folder: Path, window: int, env: dict[str, str] | None = None) -> Any:
    cmd = [sys.executable, __file__, "--worker", stage, "--dir", str(folder),
           "--window", str(window)]  # fmt: skip
    out = subprocess.run(cmd, check=True, capture_output=True, text=True,
                         env={**os.environ, **(env or {})})  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(size: int, comments: int, window: int) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix=f"bench-migrate-{size}-"))
    try:
        shutil.copy(MAPPING, folder / "migration.yaml")
        write_corpus(folder / "tickets.jsonl", size, comments=comments)
        mapped = _worker("map", folder, window)
        with SandboxProcess(folder / "sandbox.sqlite3") as sandbox:
            env = {"BENCH_URL": sandbox.base_url, "BENCH_EMAIL": sandbox.email,
                   "BENCH_TOKEN": sandbox.token}  # fmt: skip
            started = time.perf_counter()
            ran = _worker("run", folder, window, env)
            wall = time.perf_counter() - started
            side = sandbox.stats()
        imported = ran["counts"]["imported"]
        return {
            "tickets": size,
            "comments_per_ticket": comments,
            "imported": imported,
            "tickets_per_s": round(imported / ran["wall_s"], 1),
            "comments_per_s": round(imported * comments / ran["wall_s"], 1),
            "requests": ran["requests"],
            "requests_per_ticket": round(ran["requests"] / max(1, imported), 4),
            "by_method": ran["by_method"],
            "run_wall_s": round(ran["wall_s"], 2),
            "process_wall_s": round(wall, 2),
            "runner_peak_rss_mb": round(ran["peak_rss_mb"], 1),
            "runner_cpu_s": round(ran["cpu_s"], 2),
            "sandbox_peak_rss_mb": round(side["peak_rss_mb"], 1),
            "sandbox_cpu_s": round(side["cpu_s"], 2),
            # Load-independent capacity: tickets per CPU second of each side (the machine is
            # shared; wall-clock rates swing with other people's work, CPU time does not).
            "runner_tickets_per_cpu_s": round(imported / max(ran["cpu_s"], 1e-9), 1),
            "sandbox_tickets_per_cpu_s": round(imported / max(side["cpu_s"], 1e-9), 1),
            "load_avg_1m": round(os.getloadavg()[0], 2),
            "map_tickets_per_s": round(mapped["tickets"] / mapped["wall_s"], 1),
            "map_tickets_per_cpu_s": round(mapped["tickets"] / max(mapped["cpu_s"], 1e-9), 1),
            "map_peak_rss_mb": round(mapped["peak_rss_mb"], 1),
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--comments", type=int, default=5)
    parser.add_argument("--window", type=int, default=8)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--worker", choices=["map", "run"], help=argparse.SUPPRESS)
    parser.add_argument("--dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        path = args.dir / "migration.yaml"
        doc = stage_map(path) if args.worker == "map" else stage_run(path, args.window)
        print(json.dumps(doc))
        return
    rows = [measure(int(s), args.comments, args.window) for s in args.sizes.split(",")]
    if len(rows) > 1:
        small, large = rows[0]["runner_peak_rss_mb"], rows[-1]["runner_peak_rss_mb"]
        flat = round(large / small, 3) if small else None
    else:
        flat = None
    doc = {"cores": os.cpu_count(), "window": args.window, "runs": rows, "rss_ratio": flat}
    if args.json:
        print(json.dumps(doc, indent=2))
        return
    cols = ["tickets", "tickets_per_s", "comments_per_s", "requests_per_ticket",
            "runner_peak_rss_mb", "sandbox_peak_rss_mb", "runner_tickets_per_cpu_s",
            "sandbox_tickets_per_cpu_s", "run_wall_s", "load_avg_1m", "map_tickets_per_s",
            "map_tickets_per_cpu_s", "map_peak_rss_mb"]  # fmt: skip
    print(" | ".join(cols))
    for r in rows:
        print(" | ".join(str(r[c]) for c in cols))
    print(f"cores: {doc['cores']} · runner RSS ratio largest/smallest: {flat}")
    for r in rows:
        slow = (
            "sandbox"
            if r["sandbox_tickets_per_cpu_s"] < r["runner_tickets_per_cpu_s"]
            else "runner"
        )
        busy = (r["runner_cpu_s"] + r["sandbox_cpu_s"]) / r["run_wall_s"]
        print(
            f"{r['tickets']}: the {slow} spends more CPU per ticket; both together kept "
            f"{busy:.2f} of {doc['cores']} cores busy (load average {r['load_avg_1m']})"
        )


if __name__ == "__main__":
    main()
