"""Source + mapping throughput of the ``sql`` source on the homegrown example database.

For each size, ``examples/migrations/homegrown/generate.py`` writes a SQLite database (N tickets
× 5 messages, not timed); then a fresh process reads it through the example's mapping twice:
the source alone, source + mapping, and source + mapping + the ledger's content hash.
Rates are per CPU second of the reading process (``time.process_time``; SQLite runs in-process),
so a machine busy with other work does not distort them; wall time is printed too. Prints a
table, or one JSON document with ``--json``.

    .venv/bin/python bench/migrate_sources.py --sizes 10000,50000
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "migrations" / "homegrown"


def _generate(path: Path, tickets: int, messages: int) -> None:
    from sqlalchemy import create_engine

    spec = importlib.util.spec_from_file_location("homegrown_generate", EXAMPLE / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(create_engine(f"sqlite:///{path}"), tickets, messages, seed=7)


def worker(database: Path) -> dict[str, Any]:
    """Read (and map) the whole database; runs in its own process so peak RSS is its own."""
    from helpctl.migrate.mapped import MappedTicket

    try:  # the runner's hash when present, else the model's own
        from helpctl.migrate.hashing import ticket_hash
    except ImportError:
        ticket_hash = MappedTicket.content_hash
    from helpctl.migrate.mapping import load_mapping
    from helpctl.migrate.sources import open_source

    mapping = load_mapping(EXAMPLE / "migration.yaml")
    spec = {**mapping.source_spec, "url": f"sqlite:///{database}"}
    for legacy in itertools.islice(open_source(spec, EXAMPLE).tickets(), 1000):  # warm caches
        mapping.map_ticket(legacy)
    wall = time.perf_counter()
    started = time.process_time()
    read = sum(1 for _ in open_source(spec, EXAMPLE).tickets())
    source_s = time.process_time() - started
    started = time.process_time()
    mapped = comments = quarantined = 0
    for legacy in open_source(spec, EXAMPLE).tickets():
        result = mapping.map_ticket(legacy)
        if isinstance(result, MappedTicket):
            mapped += 1
            comments += len(result.comments)
        else:
            quarantined += 1
    both_s = time.process_time() - started
    started = time.process_time()
    for legacy in open_source(spec, EXAMPLE).tickets():
        result = mapping.map_ticket(legacy)
        if isinstance(result, MappedTicket):
            ticket_hash(result)
    hashed_s = time.process_time() - started
    return {
        "tickets": read,
        "comments": comments,
        "quarantined": quarantined,
        "source_tickets_per_s": round(read / source_s),
        "mapped_tickets_per_s": round((mapped + quarantined) / both_s),
        "mapped_comments_per_s": round(comments / both_s),
        "hashed_tickets_per_s": round((mapped + quarantined) / hashed_s),
        "wall_s": round(time.perf_counter() - wall, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def measure(tickets: int, messages: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        database = Path(tmp) / "homegrown.sqlite3"
        _generate(database, tickets, messages)
        out = subprocess.run(
            [sys.executable, __file__, "--worker", str(database)],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
    return {"size": tickets, "messages_per_ticket": messages, **json.loads(out.stdout)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000")
    parser.add_argument("--messages", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker)))
        return
    rows = [measure(int(n), args.messages) for n in args.sizes.split(",")]
    if args.json:
        print(json.dumps({"bench": "migrate_sources", "results": rows}, indent=2))
        return
    cols = ["size", "comments", "source_tickets_per_s", "mapped_tickets_per_s",
            "mapped_comments_per_s", "hashed_tickets_per_s", "wall_s", "peak_rss_mb"]  # fmt: skip
    print("  ".join(f"{c:>21}" for c in cols))
    for row in rows:
        print("  ".join(f"{row[c]!s:>21}" for c in cols))


if __name__ == "__main__":
    main()
