"""Issue 10, finding 8: values that crashed or slipped through are problems at file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpctl.config.loader import load_project
from helpctl.errors import ValidationFailed

PROJECT = """\
version: 1
instances:
  z:
    backend: zendesk
    {line}
    auth: {{email: a@b.example, token: {{env: T}}}}
"""


def _problems(tmp_path: Path, line: str) -> list[tuple[str, int, str]]:
    (tmp_path / "helpctl.yaml").write_text(PROJECT.format(line=line), encoding="utf-8")
    with pytest.raises(ValidationFailed) as caught:
        load_project(tmp_path)
    return [(p.code, p.position.line if p.position else 0, p.path) for p in caught.value.problems]


@pytest.mark.parametrize(
    "url",
    [
        "'https://[::1/'",
        "http://example.com",
        "https://user:secret@acme.zendesk.com",
        "file:///etc/passwd",
        "ftp://acme.zendesk.com",
        "https://acme.zendesk.com:notaport",
    ],
)
def test_unsafe_or_malformed_urls_are_refused_at_their_line(tmp_path: Path, url: str) -> None:
    assert _problems(tmp_path, f"url: {url}") == [("url_refused", 5, "instances.z.url")]


@pytest.mark.parametrize(
    "url", ["https://acme.zendesk.com", "http://127.0.0.1:8080", "http://[::1]:9"]
)
def test_https_and_loopback_urls_pass(tmp_path: Path, url: str) -> None:
    (tmp_path / "helpctl.yaml").write_text(PROJECT.format(line=f"url: '{url}'"), encoding="utf-8")
    assert load_project(tmp_path).instances["z"].url == url


def test_secret_in_a_refused_url_never_reaches_the_message(tmp_path: Path) -> None:
    (tmp_path / "helpctl.yaml").write_text(
        PROJECT.format(line="url: https://user:hunter2@acme.zendesk.com"), encoding="utf-8"
    )
    with pytest.raises(ValidationFailed) as caught:
        load_project(tmp_path)
    assert "hunter2" not in str(caught.value) + repr(caught.value.as_dict())


@pytest.mark.parametrize(
    "line",
    [
        "rate_limit: true",
        "safety: {max_update_pct: true}",
        "safety: {max_delete_pct: false}",
        "safety: {min_existing: true}",
    ],
)
def test_a_boolean_where_a_number_belongs_is_refused(tmp_path: Path, line: str) -> None:
    (code, lineno, _path), *rest = _problems(tmp_path, line)
    assert (code, lineno, rest) == ("wrong_type", 5, [])


def test_an_integer_past_the_4300_digit_limit_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    assert _problems(tmp_path, f"rate_limit: {'9' * 5000}") == [("number_too_large", 5, "")]
