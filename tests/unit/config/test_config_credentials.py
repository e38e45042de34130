"""A zendesk instance may leave its subdomain and credentials to the zcli-style ZENDESK_*
variables: it loads and validates offline, with a warning naming what it will read at run time."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpctl.config.loader import load_project
from helpctl.config.validate import has_errors, validate_project
from helpctl.errors import Problem

WARNINGS = Path(__file__).resolve().parents[2] / "fixtures" / "config" / "warnings"
PROJECT = WARNINGS / "zendesk_from_environment"


def _by_instance(problems: list[Problem]) -> dict[str, Problem]:
    return {p.instance: p for p in problems}


def test_zendesk_instance_without_subdomain_or_auth_loads_offline() -> None:
    project = load_project(PROJECT)

    oneoff = project.instances["oneoff"]
    assert oneoff.backend == "zendesk"
    assert (oneoff.subdomain, oneoff.url, oneoff.token, oneoff.oauth_token) == (None,) * 4


def test_validate_warns_which_zcli_variables_an_instance_reads_at_run_time() -> None:
    problems = validate_project(load_project(PROJECT), workers=1)

    assert not has_errors(problems)
    assert {p.severity for p in problems} == {"warning"}
    assert {p.code for p in problems} == {"credentials_from_env"}
    warned = _by_instance(problems)
    assert set(warned) == {"oneoff", "tokenless", "mailed"}  # `complete` names everything
    oneoff = warned["oneoff"].message
    for name in ("ZENDESK_SUBDOMAIN", "ZENDESK_EMAIL", "ZENDESK_API_TOKEN", "ZENDESK_OAUTH_TOKEN"):
        assert name in oneoff
    assert warned["oneoff"].position is not None and warned["oneoff"].position.line == 5


@pytest.mark.parametrize(
    ("instance", "named", "not_named"),
    [
        ("tokenless", ["ZENDESK_EMAIL", "ZENDESK_API_TOKEN"], ["ZENDESK_SUBDOMAIN"]),
        ("mailed", ["ZENDESK_API_TOKEN", "ZENDESK_OAUTH_TOKEN"], ["ZENDESK_EMAIL"]),
    ],
)
def test_the_warning_names_only_the_pieces_the_instance_leaves_out(
    instance: str, named: list[str], not_named: list[str]
) -> None:
    problems = validate_project(load_project(PROJECT), [instance], workers=1)

    (warning,) = problems
    assert all(name in warning.message for name in named)
    assert not any(name in warning.message for name in not_named)


def test_validate_never_reads_the_variables_it_warns_about(monkeypatch: pytest.MonkeyPatch) -> None:
    before = validate_project(load_project(PROJECT), workers=1)
    for name in ("ZENDESK_SUBDOMAIN", "ZENDESK_EMAIL", "ZENDESK_API_TOKEN", "ZENDESK_OAUTH_TOKEN"):
        monkeypatch.setenv(name, "set-but-unread")

    after = validate_project(load_project(PROJECT), workers=1)

    assert [p.message for p in after] == [p.message for p in before]
    assert not any("set-but-unread" in str(p) for p in after)
