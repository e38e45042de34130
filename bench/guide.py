"""What a help center plan and apply cost: N articles × 3 locales (en-us, es, fr) as files.

    .venv/bin/python bench/guide.py [--articles 1000] [--changed 10] [--json]

Bar (issue 12): the plan reads lists only, ⌈N/100⌉ requests for the articles (translations come
with them) plus one page per other kind and the locales — never a request per article; after editing
``--changed`` translations (and as many source bodies), the apply sends exactly one PUT per
changed translation and nothing for the rest.
"""

from __future__ import annotations

import argparse
import math
import os
import tempfile
import time
from pathlib import Path

from plan_projects import report

from helpctl.config.loader import load_project
from helpctl.fleet import apply_planned, plan_instance
from helpctl.providers.connect import Connections
from helpctl.resources import KINDS

LOCALES = ("es", "fr")


def write_project(root: Path, n: int) -> Path:
    (root / "articles" / "faq").mkdir(parents=True)
    (root / "helpctl.yaml").write_text(
        "version: 1\ninstances:\n  bench:\n    backend: sandbox\n"
        f"    path: {root / 'sandbox.sqlite3'}\n    include: [structure.yaml, articles/]\n",
        encoding="utf-8",
    )
    (root / "structure.yaml").write_text(
        "hc_categories: [{name: Help}]\nhc_sections: [{name: FAQ, category: Help}]\n",
        encoding="utf-8",
    )
    for i in range(n):
        body = f"Answer {i}: see [the next one](a{(i + 1) % n}.md).\n"
        text = f"---\ntitle: Question {i}\nsection: FAQ\nposition: {i}\n---\n{body}"
        (root / "articles" / "faq" / f"a{i}.md").write_text(text, encoding="utf-8")
        for locale in LOCALES:
            tr = f"---\ntitle: Question {i} ({locale})\n---\n{locale} {body}"
            (root / "articles" / "faq" / f"a{i}.{locale}.md").write_text(tr, encoding="utf-8")
    return root


def edit(root: Path, changed: int) -> None:
    for i in range(changed):
        path = root / "articles" / "faq" / f"a{i}.es.md"
        path.write_text(path.read_text("utf-8").replace("(es)", "(es, v2)"), encoding="utf-8")
        src = root / "articles" / "faq" / f"a{i}.md"
        src.write_text(src.read_text("utf-8").replace("Answer", "Reply"), encoding="utf-8")


def measure(n: int, changed: int, tmp: Path) -> dict[str, object]:
    root = write_project(tmp / f"g{n}", n)
    project = load_project(root)
    with Connections(project) as conns:
        client, provider = conns.client("bench"), conns.provider("bench")
        started = time.perf_counter()
        apply_planned(provider, plan_instance(project, "bench", provider).plan)
        first_apply = time.perf_counter() - started
    edit(root, changed)
    project = load_project(root)
    with Connections(project) as conns:
        client, provider = conns.client("bench"), conns.provider("bench")
        client.stats.reset()
        started = time.perf_counter()
        planned = plan_instance(project, "bench", provider)
        plan_seconds = time.perf_counter() - started
        plan_requests, plan_gets = client.stats.requests, client.stats.by_method.get("GET", 0)
        client.stats.reset()
        apply_planned(provider, planned.plan)
        writes = {k: v for k, v in client.stats.by_method.items() if k != "GET"}
    # every kind's list is read once (one page each but the articles) plus the locales
    bar = math.ceil(n / 100) + len(KINDS)
    return {
        "articles": n,
        "locales": 1 + len(LOCALES),
        "first apply s": round(first_apply, 1),
        "plan requests": plan_requests,
        "plan GETs": plan_gets,
        "bar ⌈N/100⌉+kinds": bar,
        "plan s": round(plan_seconds, 2),
        "changed translations": 2 * changed,
        "apply writes": writes,
        "meets bar": plan_requests <= bar and writes == {"PUT": 2 * changed},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", default="1000")
    parser.add_argument("--changed", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rows = [measure(int(n), args.changed, Path(tmp)) for n in args.articles.split(",")]
    report("guide", rows, args.json, {"cores": os.cpu_count()})


if __name__ == "__main__":
    main()
