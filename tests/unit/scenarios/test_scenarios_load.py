"""Scenario files: every mistake is a Problem with its code and file:line, all at once."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from scenarios_fixtures import BAD, ROOT, project_with

from helpctl.config.loader import load_project
from helpctl.config.validate import validate_project
from helpctl.scenarios import parse_duration, run_suite, scenario_problems

CORPUS = sorted(BAD.glob("*.yaml"))


def _expected(path: Path) -> tuple[str, int, int]:
    head = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# expect: (\w+) (\d+):(\d+)", head)
    assert match, f"{path.name} must start with `# expect: <code> <line>:<col>`"
    return match.group(1), int(match.group(2)), int(match.group(3))


@pytest.mark.parametrize("bad", CORPUS, ids=[p.stem for p in CORPUS])
def test_each_bad_scenario_file_is_one_problem_at_its_line(tmp_path: Path, bad: Path) -> None:
    code, line, column = _expected(bad)
    root = project_with(tmp_path, {bad.name: bad.read_text(encoding="utf-8")})
    suite = run_suite(load_project(root))
    assert suite.results == [] and not suite.passed
    found = [(p.code, p.position.line if p.position else 0) for p in suite.problems]
    assert found == [(code, line)], suite.problems
    problem = suite.problems[0]
    assert problem.position is not None
    assert (problem.position.file, problem.position.column) == (f"scenarios/{bad.name}", column)


def test_the_corpus_covers_every_scenario_code() -> None:
    source = "".join(p.read_text() for p in (ROOT / "helpctl" / "scenarios").glob("*.py"))
    codes = set(re.findall(r'"(scenario_(?:unknown|duplicate|step|bad)_[a-z]+)"', source))
    covered = {_expected(p)[0] for p in CORPUS}
    assert codes <= covered, codes - covered
    documented = (ROOT / "docs" / "problem-codes.md").read_text(encoding="utf-8")
    assert all(f"`{code}`" in documented for code in codes)


def test_unknown_names_say_the_instance_and_suggest_the_right_name(tmp_path: Path) -> None:
    root = project_with(tmp_path, {"typo.yaml": (BAD / "unknown_group.yaml").read_text()})
    (problem,) = scenario_problems(load_project(root))
    assert problem.instance == "sandbox"
    assert problem.message == "group `Trust and Safety` does not exist in instance `sandbox`"
    assert problem.hint == "did you mean `Trust & Safety`?"
    assert problem.path == "scenario[Group typo].expect.group"


def test_all_mistakes_of_several_files_are_reported_at_once(tmp_path: Path) -> None:
    files = {p.name: p.read_text(encoding="utf-8") for p in CORPUS}
    root = project_with(tmp_path, files)
    problems = run_suite(load_project(root)).problems
    assert {p.position.file for p in problems if p.position} == {f"scenarios/{n}" for n in files}


def test_validate_reports_scenario_problems_with_the_configs(tmp_path: Path) -> None:
    root = project_with(tmp_path, {"brand.yaml": (BAD / "unknown_brand.yaml").read_text()})
    codes = [p.code for p in validate_project(load_project(root), workers=1)]
    assert codes == ["scenario_unknown_brand"]


def test_a_name_known_in_one_instance_only_is_a_problem_in_the_others() -> None:
    project = load_project(ROOT / "configs")
    assert scenario_problems(project) == []
    # the configs' scenarios limit market brands with `instances:`; every one is checked
    assert run_suite(project, ["india"]).problems == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4 days", timedelta(days=4)),
        ("96 hours", timedelta(hours=96)),
        ("1 day 2h", timedelta(hours=26)),
        ("30 minutes", timedelta(minutes=30)),
        ("2 weeks", timedelta(days=14)),
        ("4 dayz", None),
        ("soon", None),
        ("4", None),
    ],
)
def test_durations(text: str, expected: timedelta | None) -> None:
    assert parse_duration(text) == expected


def test_the_scenarios_package_imports_no_http_or_cli_library() -> None:
    import subprocess
    import sys

    code = (
        "import sys, helpctl.scenarios\n"
        "print(','.join(m for m in ('httpx', 'typer', 'starlette', 'sqlalchemy') "
        "if m in sys.modules))\n"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == ""
