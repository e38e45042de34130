"""`helpctl test` end to end: text, JSON, JUnit XML, GitHub annotations, exit codes, problems
rendered like validate's, and `--live` on rules applied to a sandbox."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_run import Run

ROOT = Path(__file__).resolve().parents[3]
FAILING = """
scenarios:
  - name: Payments land in Trust & Safety (wrong on purpose)
    ticket: {fields: {Contact reason: reason_payment}}
    expect: {group: Trust & Safety}
  - name: Reports are high
    ticket: {fields: {Contact reason: reason_report}}
    expect: {priority: high}
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "quickstart"
    shutil.copytree(
        ROOT / "examples" / "quickstart", root, ignore=shutil.ignore_patterns(".helpctl")
    )
    return root


def _failing(project: Path) -> Path:
    (project / "scenarios" / "wrong.yaml").write_text(FAILING, encoding="utf-8")
    return project


Cli = Callable[..., Run]


def test_all_pass_is_exit_0_with_a_summary(run_cli: Cli, project: Path) -> None:
    result = run_cli("test", str(project))
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "5 passed, 0 failed (5 scenarios on 1 instance)"


def test_a_failure_is_exit_1_and_points_at_the_expectation(run_cli: Cli, project: Path) -> None:
    result = run_cli("test", str(_failing(project)), "--explain")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    fail = lines.index(next(x for x in lines if x.startswith("FAIL")))
    assert "wrong.yaml:5:" in lines[fail + 1]
    assert "expected group `Trust & Safety`, got `Buyer & Seller Support`" in lines[fail + 1]
    assert (
        "create: fired 1. Auto-reply to new requests, 2. Route payment questions" in lines[fail + 2]
    )
    assert lines[-1] == "6 passed, 1 failed (7 scenarios on 1 instance)"


def test_json(run_cli: Cli, project: Path) -> None:
    doc = run_cli("test", str(_failing(project)), "--json").json()
    assert doc["passed"] is False
    assert doc["counts"] == {"passed": 6, "failed": 1}
    (bad,) = [r for r in doc["results"] if not r["passed"]]
    assert bad["file"].endswith("scenarios/wrong.yaml") and bad["line"] == 3
    assert bad["failures"][0]["step"] == "create" and bad["failures"][0]["line"] == 5


def test_junit_xml_parses_with_one_case_per_scenario(run_cli: Cli, project: Path) -> None:
    result = run_cli("test", str(_failing(project)), "--format", "junit")
    assert result.exit_code == 1
    top = ET.fromstring(result.stdout)
    assert (top.tag, top.get("tests"), top.get("failures")) == ("testsuites", "7", "1")
    (suite,) = top.findall("testsuite")
    assert suite.get("name") == "sandbox"
    failed = [c for c in suite.findall("testcase") if c.find("failure") is not None]
    assert [c.get("name") for c in failed] == ["Payments land in Trust & Safety (wrong on purpose)"]


def test_github_annotations(run_cli: Cli, project: Path) -> None:
    result = run_cli("test", str(_failing(project)), "--format", "github")
    (note,) = [x for x in result.stdout.splitlines() if x.startswith("::error")]
    assert "scenarios/wrong.yaml,line=5,title=[sandbox] Payments land in Trust & Safety" in note
    assert note.endswith("::create: expected group `Trust & Safety`, got `Buyer & Seller Support`")


def test_scenario_mistakes_are_problems_like_validates(run_cli: Cli, project: Path) -> None:
    bad = ROOT / "tests" / "fixtures" / "scenarios" / "bad"
    for name in ("unknown_brand.yaml", "unknown_key.yaml"):
        shutil.copy(bad / name, project / "scenarios" / name)
    result = run_cli("test", str(project))
    assert result.exit_code == 1
    assert (
        "scenarios/unknown_brand.yaml:5:7: scenario_unknown_brand: brand `Swapmet`" in result.stdout
    )
    assert "scenarios/unknown_key.yaml:6:7: unknown_key: unknown key `chanel`" in result.stdout
    assert "did you mean `channel`?" in result.stdout
    assert result.stdout.splitlines()[-1] == "invalid: 2 errors, 0 warnings in 1 instance"
    doc = run_cli("test", str(project), "--json").json()
    assert {p["code"] for p in doc["problems"]} == {"scenario_unknown_brand", "unknown_key"}
    validated = run_cli("validate", str(project), "--json").json()
    assert {p["code"] for p in validated["problems"]} == {"scenario_unknown_brand", "unknown_key"}


def test_live_runs_the_scenarios_on_the_rules_applied_to_a_sandbox(
    run_cli: Cli, project: Path
) -> None:
    applied = run_cli("apply", str(project), "--yes")
    assert applied.exit_code == 0, applied.stdout + applied.stderr
    live = run_cli("test", str(project), "--live", "--json")
    assert live.exit_code == 0, live.stdout + live.stderr
    assert live.json()["counts"] == {"passed": 5, "failed": 0}
    # the file changes, the instance does not: offline fails, live still passes
    triggers = project / "config" / "triggers.yaml"
    triggers.write_text(triggers.read_text().replace("value: high", "value: low"))
    assert run_cli("test", str(project)).exit_code == 1
    assert run_cli("test", str(project), "--live").exit_code == 0
