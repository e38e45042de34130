"""The README is a contract: its set-up commands are what CI runs, and it lists every command."""

from __future__ import annotations

import re
from pathlib import Path

import click
import typer.main

from helpctl.cli.app import app

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _fenced_shell_commands(text: str) -> list[str]:
    return [m.strip() for m in re.findall(r"```sh\n(.*?)```", text, flags=re.S)]


def _command_paths() -> list[tuple[str, click.Command]]:
    root = typer.main.get_command(app)
    found: list[tuple[str, click.Command]] = []

    def walk(cmd: click.Command, prefix: str) -> None:
        if isinstance(cmd, click.Group):
            for name, sub in cmd.commands.items():
                walk(sub, f"{prefix} {name}".strip())
        else:
            found.append((prefix, cmd))

    walk(root, "")
    return found


def test_readme_first_screen_has_exactly_two_setup_commands() -> None:
    head = README[: README.index("## Commands")]
    assert len(head.splitlines()) < 40, "the set-up commands must be on the first screen"
    assert len(_fenced_shell_commands(head)) == 2


def test_ci_runs_the_readme_test_command() -> None:
    test_cmd = _fenced_shell_commands(README)[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert f'TEST_CMD="{test_cmd}"' in ci


def test_main_job_command_applies_then_plans_the_quickstart() -> None:
    main_cmd = _fenced_shell_commands(README)[0]
    assert "helpctl apply examples/quickstart --yes" in main_cmd
    assert main_cmd.rstrip().endswith("helpctl plan examples/quickstart")


def test_every_command_has_help_text_and_is_in_the_readme_command_list() -> None:
    table = README[README.index("## Commands") :]
    commands = _command_paths()
    assert commands, "the CLI registers no commands"
    for path, cmd in commands:
        assert (cmd.help or "").strip(), f"`helpctl {path}` has no help text"
        group, _, leaf = path.partition(" ")
        if leaf:  # a sub-command: `migrate plan|run|…` or `sandbox serve`
            assert f"helpctl {group} " in table and leaf in table, path
        else:
            assert f"`helpctl {path}" in table, f"`helpctl {path}` is missing from the README"
