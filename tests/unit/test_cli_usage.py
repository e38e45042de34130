"""A wrong command line is a documented `usage` error: exit 1 (never 2, which means "changes
pending" to CI), the message and the command's usage line, no traceback."""

from __future__ import annotations

import json

import pytest

from helpctl.cli import app as cli_app
from helpctl.cli.output import state


def run_main(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.setattr("sys.argv", ["helpctl", *args])
    monkeypatch.setattr(state, "json", False)
    with pytest.raises(SystemExit) as exited:
        cli_app.main()
    return int(exited.value.code or 0)


def test_unknown_option_exits_1_with_the_usage_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run_main(monkeypatch, "plan", "--bogus")
    err = capsys.readouterr().err
    assert code == 1
    assert "No such option: --bogus" in err
    assert "Usage: helpctl plan" in err
    assert "Traceback" not in err and "internal error" not in err


def test_unknown_option_under_json_is_the_usage_envelope(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run_main(monkeypatch, "drift", "--bogus", "--json")
    doc = json.loads(capsys.readouterr().out)
    assert code == 1
    assert doc["error"]["code"] == "usage"
    assert "--bogus" in doc["error"]["message"]


def test_unknown_command_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run_main(monkeypatch, "nosuch")
    assert code == 1
    assert "No such command 'nosuch'" in capsys.readouterr().err
