"""A wrong command line is a documented `usage` error: exit 1 (never 2, which means "changes
pending" to CI), the message and the command's usage line, no traceback."""

from __future__ import annotations

from collections.abc import Callable

from cli_run import Run


def test_unknown_option_exits_1_with_the_usage_line(run_cli: Callable[..., Run]) -> None:
    ran = run_cli("plan", "--bogus")
    assert ran.exit_code == 1
    assert "No such option: --bogus" in ran.stderr
    assert "Usage: helpctl plan" in ran.stderr
    assert "Traceback" not in ran.stderr and "internal error" not in ran.stderr


def test_unknown_option_under_json_is_the_usage_envelope(run_cli: Callable[..., Run]) -> None:
    ran = run_cli("drift", "--bogus", "--json")
    assert ran.exit_code == 1
    assert ran.json()["error"]["code"] == "usage"
    assert "--bogus" in ran.json()["error"]["message"]


def test_unknown_command_is_a_usage_error(run_cli: Callable[..., Run]) -> None:
    ran = run_cli("nosuch")
    assert ran.exit_code == 1
    assert "No such command 'nosuch'" in ran.stderr
