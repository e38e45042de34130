"""Every benchmark still runs, at a tiny size, and prints its JSON document.

Benchmarks are not timed here (their numbers mean nothing at this size and on a shared CI
machine); this only keeps them from rotting, since nothing else in CI executes them.
"""

from __future__ import annotations

import importlib.util
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


def test_startup_floor_imports_the_dependencies_and_none_of_helpctl(tmp_path: Path) -> None:
    # the floor rows of bench/startup.py stand for "helpctl's code took no time": they must
    # import what validate imports (pydantic, PyYAML, typer…) and nothing of helpctl itself
    spec = importlib.util.spec_from_file_location("bench_startup", BENCH / "startup.py")
    assert spec is not None and spec.loader is not None
    startup = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(startup)
    project = tmp_path / "new"
    init = [sys.executable, "-m", "helpctl", "init", str(project)]
    subprocess.run(init, capture_output=True, check=True)
    argv = startup._dependencies(["validate", str(project)], tmp_path / "deps.json")
    names = json.loads((tmp_path / "deps.json").read_text())
    assert {"pydantic", "yaml", "typer"} <= set(names)
    assert not [name for name in names if name == "helpctl" or name.startswith("helpctl.")]
    assert "sys" not in names  # what `python -c pass` has already imported is not counted
    floor = subprocess.run(argv, capture_output=True, text=True)
    assert floor.returncode == 0 and floor.stdout == "", floor.stderr[-2000:]
