"""The CLI's surface: every command and option has help, and errors and problems are rendered
on one path (helpctl/cli/problems.py), the same under validate, plan and the error handler."""

from __future__ import annotations

import ast
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from cli_run import Run

import helpctl.cli
from helpctl.cli.app import app
from helpctl.cli.options import debug_requested, requested_format
from helpctl.cli.problems import Format, error_block, error_lines, problem_lines
from helpctl.errors import (
    ConfigError,
    MappingError,
    Position,
    Problem,
    ProblemsError,
    ValidationFailed,
)

CLI = Path(helpctl.cli.__file__).parent
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "config" / "invalid"


def _commands(cmd: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every (command path, click command) of the tree under ``cmd`` (typer's click)."""
    yield path, cmd
    for name, sub in (getattr(cmd, "commands", None) or {}).items():
        yield from _commands(sub, (*path, name))


COMMANDS = [p for p, _ in _commands(typer.main.get_command(app)) if p]


def test_the_command_tree_is_the_documented_one() -> None:
    top = {p[0] for p in COMMANDS}
    assert top == {"validate", "schema", "init", "test", "plan", "apply", "export", "diff", "drift",
                   "instances", "sandbox", "migrate", "show"}  # fmt: skip
    assert ("migrate", "verify") in COMMANDS and ("sandbox", "serve") in COMMANDS


def test_every_command_option_and_argument_has_help() -> None:
    missing = []
    for path, cmd in _commands(typer.main.get_command(app)):
        name = " ".join(path) or "helpctl"
        if not (cmd.help or "").strip():
            missing.append(name)
        for param in cmd.params:
            if not (getattr(param, "help", None) or "").strip():
                missing.append(f"{name} {param.name}")
    assert missing == []


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_command_answers_help(path: tuple[str, ...], run_cli: Callable[..., Run]) -> None:
    ran = run_cli(*path, "--help")

    assert ran.exit_code == 0, ran.stderr
    assert f"Usage: helpctl {' '.join(path)}" in " ".join(ran.stdout.split())


def test_the_output_format_is_read_from_the_command_line() -> None:
    assert requested_format(["plan", "--json"]) == Format.json
    assert requested_format(["validate", "--format", "json"]) == Format.json
    assert requested_format(["validate", "--format=github"]) == Format.github
    assert requested_format(["validate", "--format", "yaml"]) == Format.text
    assert requested_format(["diff", "--", "--json"]) == Format.text
    assert debug_requested(["--debug", "plan"]) and not debug_requested(["plan"])


PROBLEM = Problem(
    "duplicate_identity",
    "groups `Tier 1` is defined twice: here and at line 2",
    Position("config/groups.yaml", 4, 5),
    path="groups[Tier 1]",
    hint="rename one",
    instance="sandbox",
)


def test_problem_is_a_plain_value_rendered_only_by_the_cli() -> None:
    assert Problem.__str__ is object.__str__
    assert problem_lines(PROBLEM) == [
        "config/groups.yaml:4:5: duplicate_identity: groups `Tier 1` is defined twice: here and"
        " at line 2 (groups[Tier 1]) [instance sandbox]",
        "    hint: rename one",
    ]


@pytest.mark.parametrize(
    "err",
    [
        ValidationFailed([PROBLEM]),
        MappingError("1 problem in mapping m.yaml", problems=[PROBLEM], list_all=True),
    ],
    ids=["validation", "mapping"],
)
def test_an_error_with_problems_lists_them_whole_under_its_summary(err: ProblemsError) -> None:
    shown = problem_lines(PROBLEM)

    assert error_lines(err)[1:3] == [f"  {line}" for line in shown]
    block = error_block(err, who="[sandbox] ")
    assert block[0] == f"  ! [sandbox] {err.summary}"
    assert block[1:3] == [f"      {line}" for line in shown], "never cut at a colon"


def test_a_plain_error_keeps_every_line_and_its_hint() -> None:
    err = ConfigError("instance x: first: second\nmore", hint="do this")

    assert error_lines(err) == ["error: instance x: first: second\nmore", "hint: do this"]
    assert error_block(err) == [
        "  ! instance x: first: second",
        "      more",
        "    hint: do this",
    ]


def _copy(name: str, tmp_path: Path) -> Path:
    project = tmp_path / name
    shutil.copytree(FIXTURES / name, project, ignore=shutil.ignore_patterns(".helpctl"))
    return project


def _problem_line(ran: Run, code: str) -> str:
    return next(x for x in ran.stdout.splitlines() if code in x)


def test_validate_and_a_plan_block_show_a_problem_the_same_way(
    run_cli: Callable[..., Run], tmp_path: Path
) -> None:
    project = _copy("duplicate_group_name", tmp_path)

    validated = run_cli("validate", ".", cwd=project)
    planned = run_cli("plan", ".", cwd=project)
    planned_json = run_cli("plan", ".", "--json", cwd=project)

    assert validated.exit_code == planned.exit_code == planned_json.exit_code == 1
    line = _problem_line(validated, "duplicate_identity")
    assert f"\n      {line}\n" in planned.stdout
    error = planned_json.json()["instances"][0]["error"]
    assert error["code"] == "config_invalid"
    assert [p["code"] for p in error["problems"]] == ["duplicate_identity"]


def test_validate_and_the_error_handler_show_a_problem_the_same_way(
    run_cli: Callable[..., Run], tmp_path: Path
) -> None:
    project = _copy("project_bad_backend", tmp_path)

    validated = run_cli("validate", ".", cwd=project)
    planned = run_cli("plan", ".", cwd=project)
    planned_json = run_cli("plan", ".", "--json", cwd=project)

    assert validated.exit_code == planned.exit_code == planned_json.exit_code == 1
    code = validated.stdout.split(": ")[1]
    assert planned.stderr.startswith("error: 1 problem found\n")
    assert f"\n  {_problem_line(validated, code)}\n" in planned.stderr
    assert planned_json.json()["error"]["problems"][0]["code"] == code


def test_only_the_renderer_writes_error_or_hint_lines() -> None:
    # an f-string starting "error: " / "hint: " / "  ! " outside problems.py is a second renderer
    found = []
    for path in CLI.glob("*.py"):
        if path.name == "problems.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value.lstrip()
                if text.startswith(("error: ", "hint: ", "! ")):
                    found.append(f"{path.name}: {node.value!r}")
    assert found == []
