"""Every benchmark still runs, at a tiny size, and prints its JSON document.

Benchmarks are not timed here (their numbers mean nothing at this size and on a shared CI
machine); this only keeps them from rotting, since nothing else in CI executes them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"

TINY_RUNS = {
    "migrate.py": ["--sizes", "200"],
    "migrate_sources.py": ["--sizes", "200"],
    "plan_cost.py": ["--sizes", "100"],
    "record_fields_cost.py": ["--sizes", "20"],
    "fleet.py": ["--instances", "2", "--objects", "10", "--runs", "1"],
    "sandbox.py": ["--objects", "100", "--lists", "10", "--jobs", "2"],
    "resume.py": ["--tickets", "200", "--kills", "2"],
    "verify_and_baseline.py": ["--verify-size", "100", "--compare-size", "100"],
    "validate.py": ["--runs", "1"],
    "startup.py": ["--runs", "1"],
    "rules.py": ["--seconds", "0.1", "--instances", "2", "--scenarios", "3"],
    "scenarios.py": ["--seconds", "0.1", "--instances", "2", "--scenarios", "5", "--runs", "1"],
    "sandbox_triggers.py": ["--tickets", "5", "--triggers", "3"],
    "guide.py": ["--articles", "20", "--changed", "2"],
}
#: Scripts whose shortest honest run is too long for CI (rate_limit fills whole minutes) or
#: needs a service CI may not have (rt reads a running Request Tracker).
HELP_ONLY = {"rate_limit.py", "rt.py"}
#: Modules the scripts import, not scripts of their own.
LIBRARIES = {"corpus.py", "plan_projects.py", "sandbox_proc.py"}


def test_every_bench_script_is_covered_here() -> None:
    scripts = {p.name for p in BENCH.glob("*.py")}
    assert scripts == set(TINY_RUNS) | HELP_ONLY | LIBRARIES


@pytest.mark.parametrize("script", sorted(TINY_RUNS))
def test_bench_runs_at_a_tiny_size_and_prints_json(script: str) -> None:
    out = subprocess.run(
        [sys.executable, str(BENCH / script), *TINY_RUNS[script], "--json"],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=BENCH.parent,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    doc = json.loads(out.stdout)
    assert isinstance(doc, dict) and doc


@pytest.mark.parametrize("script", sorted(HELP_ONLY))
def test_long_bench_at_least_parses_its_arguments(script: str) -> None:
    out = subprocess.run(
        [sys.executable, str(BENCH / script), "--help"], capture_output=True, text=True
    )
    assert out.returncode == 0 and "usage" in out.stdout
