"""Resume after kills: SIGKILL a migration at K random instants, resume each time, then count
duplicates and missing tickets on the target (the bar: 0 and 0, for every kill point).

A resumed run reconciles what the kill left ``sent`` in bulk (jobs' results and
``tickets/show_many``); only records whose post was travelling at the kill are looked up one
by one. The migration runs as ``bench/migrate.py --worker run`` in its own process, the sandbox in
another (so the kills hit only the runner). Per kill point it prints when the kill struck and
what the ledger said right after; at the end, the target's tickets per external id.

    .venv/bin/python bench/resume.py --tickets 2000 --kills 20 \
        [--faults 429:0.1,500:0.05,reset:0.02]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import closing, suppress
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
MAPPING = HERE.parent / "tests" / "fixtures" / "migrate_runner" / "synthetic" / "migration.yaml"
sys.path.insert(0, str(HERE))

from corpus import write_corpus  # noqa: E402
from sandbox_proc import SandboxProcess  # noqa: E402


def _ledger_counts(folder: Path) -> dict[str, int]:
    """Records per state, read-only (empty before the first run creates the ledger)."""
    path = folder / "ledger.sqlite3"
    out = dict.fromkeys(("pending", "sent", "imported", "failed", "quarantined"), 0)
    if not path.exists():
        return out
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    with closing(db), suppress(sqlite3.OperationalError):
        out.update(db.execute("SELECT state, COUNT(*) FROM records GROUP BY state"))
    return out


def _target_counts(sandbox: SandboxProcess) -> Counter[str]:
    import httpx

    from helpctl.zendesk.auth import Auth
    from helpctl.zendesk.client import ZendeskClient
    from helpctl.zendesk.imports import ZendeskImportTarget

    with httpx.Client(timeout=60) as http:
        auth = Auth.token(sandbox.email, sandbox.token)
        target = ZendeskImportTarget(ZendeskClient(http, base_url=sandbox.base_url, auth=auth))
        found = Counter(str(t.get("external_id")) for t in target.export_tickets(0))
        target.close()
    return found


def _runner(folder: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, str(HERE / "migrate.py"), "--worker", "run", "--dir", str(folder)]
    return subprocess.Popen(cmd, env={**os.environ, **env}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)  # fmt: skip


def measure(tickets: int, kills: int, faults: str | None, seed: int) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="bench-resume-"))
    rng = random.Random(seed)
    points: list[dict[str, Any]] = []
    try:
        shutil.copy(MAPPING, folder / "migration.yaml")
        write_corpus(folder / "tickets.jsonl", tickets, comments=5)
        with SandboxProcess(folder / "sandbox.sqlite3", faults=faults) as sandbox:
            env = {"BENCH_URL": sandbox.base_url, "BENCH_EMAIL": sandbox.email,
                   "BENCH_TOKEN": sandbox.token}  # fmt: skip
            full = time.perf_counter()
            # Kill points over the migration's progress: kill once that many records are sent
            # or imported (and the run has written something), plus a random 0-50 ms.
            for k, point in enumerate(sorted(rng.randrange(tickets) for _ in range(kills))):
                before = _ledger_counts(folder)
                proc = _runner(folder, env)
                while proc.poll() is None:
                    now = _ledger_counts(folder)
                    if now != before and now["imported"] + now["sent"] >= point:
                        break
                    time.sleep(0.003)
                delay = rng.uniform(0.0, 0.05)
                try:
                    proc.wait(timeout=delay)
                    killed = False
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
                    killed = True
                points.append({"kill": k + 1, "point": point, "killed": killed,
                               "ledger": _ledger_counts(folder)})  # fmt: skip
            final = _runner(folder, env)
            final.wait()
            wall = time.perf_counter() - full
            found = _target_counts(sandbox)
        expected = {f"syn-T{i:07d}" for i in range(tickets)}
        return {
            "tickets": tickets,
            "kills": sum(1 for p in points if p["killed"]),
            "faults": faults,
            "duplicates": sum(n - 1 for n in found.values() if n > 1),
            "missing": len(expected - set(found)),
            "final_exit": final.returncode,
            "final_ledger": _ledger_counts(folder),
            "wall_s": round(wall, 1),
            "points": points,
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=2000)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--faults", default=None)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    doc = measure(args.tickets, args.kills, args.faults, args.seed)
    doc["cores"] = os.cpu_count()
    if args.json:
        print(json.dumps(doc, indent=2))
        return
    print("kill | point | killed | imported | sent | pending (ledger right after the kill)")
    for p in doc["points"]:
        led = p["ledger"]
        print(f"{p['kill']} | {p['point']} | {p['killed']} | {led['imported']} | {led['sent']}"
              f" | {led['pending']}")  # fmt: skip
    print(f"tickets {doc['tickets']} · kills {doc['kills']} · faults {doc['faults']} · "
          f"duplicates {doc['duplicates']} · missing {doc['missing']} · final exit "
          f"{doc['final_exit']} · {doc['wall_s']} s · cores {doc['cores']}")  # fmt: skip


if __name__ == "__main__":
    main()
