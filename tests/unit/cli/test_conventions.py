"""The command-line conventions users bring with them: `-h`, an example in every command's
help, global options on either side of the command, shell completion, and a `--help` that
imports none of the network and database stack."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import typer.main
from cli_run import Run
from typer._click.core import Command, Context
from typer.core import TyperGroup

from helpctl.cli.app import COMMANDS, app, global_options_first


def _walk(command: Command, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Command]]:
    yield path, command
    if isinstance(command, TyperGroup):
        ctx = Context(command)
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            assert sub is not None
            yield from _walk(sub, (*path, name))


ALL_COMMANDS = [path for path, _ in _walk(typer.main.get_command(app), ())]


@pytest.mark.parametrize("path", ALL_COMMANDS, ids=lambda p: " ".join(p) or "helpctl")
def test_every_command_has_an_example_in_its_help(
    path: tuple[str, ...], run_cli: Callable[..., Run]
) -> None:
    ran = run_cli(*path, "-h")
    assert ran.exit_code == 0, ran.stderr
    assert "Example" in ran.stdout, f"`helpctl {' '.join(path)} -h` shows no example"
    examples = ran.stdout[ran.stdout.index("Example") :]
    # an example is a command line a user can copy: it names the command it documents
    assert f"helpctl {' '.join(path)}".strip() in examples


def test_the_command_list_of_help_is_each_command_s_own_summary() -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, TyperGroup)
    ctx = Context(group)
    real = {name: group.get_command(ctx, name) for name in group.list_commands(ctx)}
    assert set(real) == set(COMMANDS)
    for name, (_, summary) in COMMANDS.items():
        command = real[name]
        assert command is not None
        assert command.get_short_help_str(1000) == summary, name


def test_dash_h_is_help_everywhere(run_cli: Callable[..., Run]) -> None:
    assert run_cli("-h").stdout == run_cli("--help").stdout
    assert "Usage: helpctl sandbox reset" in run_cli("sandbox", "reset", "-h").stdout


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (["validate", "p", "--debug"], ["--debug", "validate", "p"]),
        (["--json", "validate", "p"], ["validate", "p", "--json"]),
        (["--debug", "--json", "migrate", "status"], ["--debug", "migrate", "status", "--json"]),
        (["validate", "--json", "--", "--debug"], ["validate", "--json", "--", "--debug"]),
    ],
)
def test_global_options_move_where_click_takes_them(given: list[str], expected: list[str]) -> None:
    assert global_options_first(given) == expected


def test_json_before_the_command_is_the_command_s_json(run_cli: Callable[..., Run]) -> None:
    before = run_cli("--json", "validate", "examples/quickstart")
    after = run_cli("validate", "examples/quickstart", "--json", "--debug")
    assert before.exit_code == after.exit_code == 0
    assert before.json() == after.json()
    assert before.json()["valid"] is True


def test_shell_completion_is_offered_and_shown() -> None:
    help_text = subprocess.run(
        [sys.executable, "-m", "helpctl", "--help"], capture_output=True, text=True, check=True
    ).stdout
    assert "--install-completion" in help_text and "--show-completion" in help_text
    shown = subprocess.run(
        [sys.executable, "-m", "helpctl", "--show-completion", "bash"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "_HELPCTL_COMPLETE" in shown
    assert "complete" in shown


def test_completion_completes_command_names() -> None:
    env = {"_HELPCTL_COMPLETE": "complete_bash", "COMP_WORDS": "helpctl val", "COMP_CWORD": "1"}
    ran = subprocess.run(
        [sys.executable, "-m", "helpctl"],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, **env},
        check=False,
    )
    assert "validate" in ran.stdout.split()


HEAVY = ("httpx", "starlette", "uvicorn", "sqlalchemy", "rich", "liquid")


def _imported_by(argv: list[str], names: tuple[str, ...]) -> list[str]:
    """The modules among ``names`` (or under them) that a fresh `helpctl ARGV` imports; the
    command itself must succeed."""
    probe = (
        f"import sys; sys.argv = ['helpctl', *{argv!r}]\n"
        "from helpctl.cli.app import main\n"
        "try:\n    main()\nexcept SystemExit as ex:\n    assert not ex.code, ex.code\n"
        "print('\\n' + __import__('json').dumps(sorted(m for m in sys.modules if any("
        f"m == name or m.startswith(name + '.') for name in {names!r}))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    found: list[str] = json.loads(out.splitlines()[-1])
    return found


def test_help_imports_no_network_database_or_rendering_stack() -> None:
    assert _imported_by(["--help"], HEAVY) == []


#: What `helpctl validate` of a new project (`helpctl init`: no scenarios, no articles) must not
#: import: each is start-up time a project that does not use it should not pay (issue 15).
NOT_FOR_A_NEW_PROJECT = (
    "markdown_it",
    "helpctl.guide.articles",
    "helpctl.guide.frontmatter",
    "helpctl.scenarios.load",
    "helpctl.scenarios.model",
    "helpctl.rules",
)


def test_validate_of_a_new_project_imports_no_scenario_or_article_machinery(
    tmp_path: Path,
) -> None:
    project = tmp_path / "new"
    subprocess.run([sys.executable, "-m", "helpctl", "init", str(project)], check=True)
    assert _imported_by(["validate", str(project)], NOT_FOR_A_NEW_PROJECT) == []


def test_validate_of_a_project_with_articles_and_scenarios_imports_what_they_need() -> None:
    # the other side of the test above, so that a probe that saw nothing cannot pass it
    quickstart = Path(__file__).resolve().parents[3] / "examples" / "quickstart"
    found = _imported_by(["validate", str(quickstart)], NOT_FOR_A_NEW_PROJECT)
    assert {"markdown_it", "helpctl.guide.articles", "helpctl.scenarios.load"} <= set(found)
    assert "helpctl.rules" not in found  # validate checks scenarios without the rule engine
