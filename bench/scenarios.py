"""How fast ``helpctl test`` runs scenarios offline.

Generates a fleet project shaped like ``configs/`` (its shared ``base/``, one overlay per market
with 4 brands and a market trigger) with ``--instances`` markets and ``--scenarios`` scenario
files' worth of scenarios (routing by each contact reason, auto-replies in 6 languages, a solved
ticket closed after 4 days by the automation, two macros), then measures:

Times are CPU seconds of this process (the machine is often shared).

- scenario evaluations per second: the scenarios run on one instance's compiled engine, over and
  over (bar: ≥ 5,000/s);
- a fleet run: ``run_suite`` over every instance × every scenario, desired states loaded, engines
  built and scenario files read included (bar: 35 × 50 in < 2 s).

    python bench/scenarios.py            # table
    python bench/scenarios.py --json     # one JSON document
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from helpctl.config.desired import load_desired
from helpctl.config.loader import load_project
from helpctl.rules import offline_engine
from helpctl.scenarios import load_scenarios, run_suite
from helpctl.scenarios.names import Names
from helpctl.scenarios.run import run_scenario

ROOT = Path(__file__).resolve().parents[1]
REASONS = [
    ("reason_refund", "Payments"),
    ("reason_payout", "Payments"),
    ("reason_post", "Seller Support"),
    ("reason_edit", "Seller Support"),
    ("reason_not_received", "Buyer Support"),
    ("reason_login", "Buyer Support"),
    ("reason_scam", "Trust & Safety"),
]
LOCALES = [
    ("es", "Gracias"),
    ("pt-BR", "Obrigado"),
    ("uk", "Дякуємо"),
    ("ru", "Спасибо"),
    ("hi", "धन्यवाद"),
    ("de", "Thanks for contacting"),
]


def _scenarios(count: int) -> str:
    items: list[str] = []
    for n in range(count):
        kind = n % 5
        reason, group = REASONS[n % len(REASONS)]
        locale, word = LOCALES[n % len(LOCALES)]
        head = f"  - name: Scenario {n}\n    ticket:\n      fields: {{Contact reason: {reason}}}\n"
        head += f"      requester: {{email: r{n}@example.com, locale: {locale}}}\n"
        if kind in (0, 1):
            items.append(head + f"    expect: {{group: {group}}}\n")
        elif kind == 2:
            items.append(
                head
                + f"    expect:\n      notifications: [{{to: requester, body_contains: {word}}}]\n"
            )
        elif kind == 3:
            items.append(
                head + "    steps:\n"
                "      - update: {status: solved, comment: Done}\n"
                "        by: agent@bazario.example\n"
                "      - after: 5 days\n"
                "        expect: {status: closed}\n"
            )
        else:
            items.append(
                head + "    steps:\n"
                "      - macro: Payments::Refund issued\n"
                "        by: agent@bazario.example\n"
                "        expect: {status: solved, fields: {Contact reason: reason_refund}}\n"
            )
    return "scenarios:\n" + "".join(items)


def make_project(folder: Path, instances: int, scenarios: int) -> Path:
    """A fleet project: configs/base plus ``instances`` market overlays and the scenarios."""
    root = folder / "fleet"
    shutil.copytree(ROOT / "configs" / "base", root / "base")
    lines = ["version: 1", "instances:"]
    for i in range(instances):
        market = root / "markets" / f"m{i}"
        market.mkdir(parents=True)
        brands = ", ".join(
            f"{{name: Market {i} Brand {b}, subdomain: m{i}-b{b}}}" for b in range(4)
        )
        (market / "brands.yaml").write_text(
            f"brands: [{brands}]\n"
            "triggers:\n"
            f"  - title: Route Market {i} brand 3\n"
            "    category: Routing\n"
            "    conditions:\n"
            "      all:\n"
            "        - {field: update_type, operator: is, value: Create}\n"
            f"        - {{field: brand_id, operator: is, value: Market {i} Brand 3}}\n"
            "    actions:\n"
            "      - {field: group_id, value: Escalations}\n",
            encoding="utf-8",
        )
        lines += [
            f"  m{i}:",
            "    backend: sandbox",
            f"    include: [base/, markets/m{i}/]",
            f"    vars: {{market: Market {i}, support_email: m{i}@example.com, region: m{i}}}",
        ]
    (root / "helpctl.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "scenarios").mkdir()
    (root / "scenarios" / "generated.yaml").write_text(_scenarios(scenarios), encoding="utf-8")
    return root


def rate(root: Path, seconds: float) -> tuple[float, int]:
    """Scenario evaluations per second on one instance's engine."""
    project = load_project(root)
    name = next(iter(project.instances))
    state, _ = load_desired(project, name)
    account = offline_engine(state)
    options = Names.of(state).options
    loaded = load_scenarios(root, project.instances).scenarios
    failed = sum(1 for item in loaded if not run_scenario(item, account, options).passed)
    # CPU time of this process: the machine running a bench is often shared
    count, started = 0, time.process_time()
    while time.process_time() - started < seconds:
        for item in loaded:
            run_scenario(item, account, options)
        count += len(loaded)
    return count / (time.process_time() - started), failed


def fleet(root: Path) -> tuple[float, int, int]:
    """Seconds for the whole ``run_suite``; results and failures counted."""
    project = load_project(root)
    started = time.process_time()
    suite = run_suite(project)
    took = time.process_time() - started
    assert not suite.problems, suite.problems[:3]
    return took, len(suite.results), len(suite.failed)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--seconds", type=float, default=2.0, help="time spent on the rate")
    parser.add_argument("--instances", type=int, default=35)
    parser.add_argument("--scenarios", type=int, default=50, help="per instance")
    parser.add_argument("--runs", type=int, default=3, help="fleet runs (median)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = make_project(Path(tmp), args.instances, args.scenarios)
        rates = [rate(root, args.seconds / 3) for _ in range(3)]
        fleets = [fleet(root) for _ in range(args.runs)]
    failed = rates[0][1] + fleets[0][2]
    doc = {
        "scenarios_per_second": round(statistics.median(r for r, _ in rates)),
        "fleet": {"instances": args.instances, "scenarios": args.scenarios},
        "fleet_results": fleets[0][1],
        "fleet_seconds": round(statistics.median(f for f, _, _ in fleets), 3),
        "failed_scenarios": failed,
        "bars": {"scenarios_per_second": 5000, "fleet_seconds (35 x 50)": 2.0},
    }
    if args.json:
        print(json.dumps(doc, indent=2))
        return
    print(f"scenario evaluations / second  {doc['scenarios_per_second']:>8}   (bar ≥ 5,000)")
    label = f"{args.instances} instances × {args.scenarios} scenarios"
    print(f"{label:<31}{doc['fleet_seconds']:>8} s (bar < 2 s at 35 × 50, loading included)")
    print(f"failed scenarios (must be 0)   {failed:>8}")


if __name__ == "__main__":
    main()
