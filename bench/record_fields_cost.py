"""Requests one `plan` spends per new kind (user fields, organization fields, support addresses)
for N live objects of each: list pages only, ⌈N/100⌉ per kind.

    .venv/bin/python bench/record_fields_cost.py [--sizes 100,250] [--json]

Each size seeds a sandbox account with N objects of the three kinds (one brand), then plans the
same project again and counts the GETs per path.
"""

from __future__ import annotations

import argparse
import math
import os
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from plan_projects import report, seed

from helpctl.config.loader import load_project
from helpctl.config.project import Project
from helpctl.fleet import plan_instance
from helpctl.providers.connect import Connections
from helpctl.zendesk.kinds import ZENDESK_KINDS

KINDS = ("user_fields", "organization_fields", "support_addresses")


def write_project(root: Path, n: int, db: Path) -> Project:
    root.mkdir(parents=True, exist_ok=True)
    doc: dict[str, Any] = {
        "brands": [{"name": "Bench", "subdomain": "bench"}],
        "user_fields": [{"key": f"u{i:05d}", "title": f"User {i}"} for i in range(n)],
        "organization_fields": [{"key": f"o{i:05d}", "title": f"Org {i}"} for i in range(n)],
        "support_addresses": [
            {"email": f"help{i}@bench.zendesk.com", "brand": "Bench"} for i in range(n)
        ],
    }
    (root / "objects.yaml").write_text(yaml.safe_dump(doc))
    inst = {"backend": "sandbox", "path": str(db), "include": ["objects.yaml"]}
    (root / "helpctl.yaml").write_text(yaml.safe_dump({"version": 1, "instances": {"b": inst}}))
    return load_project(root)


def measure(n: int, tmp: Path) -> dict[str, object]:
    project = write_project(tmp / f"p{n}", n, tmp / f"p{n}.sqlite3")
    seed(project)
    seen: Counter[str] = Counter()
    with Connections(project) as conns:
        http = conns.client("b")._http  # count requests per path on the wire

        def counting(request: Any) -> None:
            path = request.url.path.split("/api/v2/", 1)[-1].removesuffix(".json")
            seen[f"{request.method} {path}"] += 1

        http.event_hooks["request"].append(counting)
        planned = plan_instance(project, "b", conns.provider("b"))
    row: dict[str, object] = {"N per kind": n}
    for kind in KINDS:
        row[f"GET {kind}"] = seen[f"GET {ZENDESK_KINDS[kind].endpoint.path}"]
    row["bar ⌈N/100⌉"] = math.ceil(n / 100)
    row["plan changes"] = len(planned.plan.changes)
    row["meets bar"] = all(row[f"GET {k}"] == row["bar ⌈N/100⌉"] for k in KINDS)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,250")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rows = [measure(int(n), Path(tmp)) for n in args.sizes.split(",")]
    report("record_fields_cost", rows, args.json, {"cores": os.cpu_count()})


if __name__ == "__main__":
    main()
