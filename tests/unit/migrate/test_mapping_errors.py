"""Mapping files are checked offline, like config: every problem at once, each with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpctl.errors import MappingError, Problem
from helpctl.migrate.mapping import load_mapping

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "migrate" / "mapping-errors"


def problems_of(name: str) -> list[Problem]:
    with pytest.raises(MappingError) as caught:
        load_mapping(FIXTURES / name)
    assert caught.value.code == "mapping_invalid"
    return caught.value.problems


def line_of(name: str, text: str) -> int:
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if text in line)


def find(problems: list[Problem], path: str) -> Problem:
    matches = [p for p in problems if p.path == path]
    assert matches, f"no problem at {path}: {[str(p) for p in problems]}"
    return matches[0]


def test_every_problem_of_a_mapping_is_reported_at_once_with_its_line() -> None:
    problems = problems_of("many-problems.yaml")
    paths = {p.path for p in problems}
    assert {"source.kind", "tickets.status.answered", "commments"} <= paths
    assert any(p.code == "mapping.file_missing" for p in problems)
    for p in problems:
        assert p.position is not None and p.position.file.endswith("many-problems.yaml")
        assert p.position.line > 0


def test_unknown_key_suggests_the_key_that_was_meant() -> None:
    problem = find(problems_of("many-problems.yaml"), "commments")
    assert problem.code == "mapping.unknown_key"
    assert "comments" in problem.hint
    assert problem.position is not None
    assert problem.position.line == line_of("many-problems.yaml", "commments:")


def test_unknown_source_kind_is_named_with_a_suggestion() -> None:
    problem = find(problems_of("many-problems.yaml"), "source.kind")
    assert problem.code == "mapping.unknown_source_kind"
    assert "stackexchnage" in problem.message and "stackexchange" in problem.hint
    assert problem.position is not None
    assert problem.position.line == line_of("many-problems.yaml", "stackexchnage")


def test_status_map_to_a_value_zendesk_does_not_have_is_refused() -> None:
    problem = find(problems_of("many-problems.yaml"), "tickets.status.answered")
    assert "resolved" in problem.message and "solved" in problem.hint
    assert problem.position is not None
    assert problem.position.line == line_of("many-problems.yaml", "answered: resolved")


def test_missing_topics_file_is_reported_where_it_is_named() -> None:
    problems = problems_of("many-problems.yaml")
    problem = next(p for p in problems if p.code == "mapping.file_missing")
    assert "no-such-topics.yaml" in problem.message
    assert problem.position is not None
    assert problem.position.line == line_of("many-problems.yaml", "no-such-topics.yaml")


def test_a_mapping_without_a_source_is_refused() -> None:
    problem = find(problems_of("no-source.yaml"), "source")
    assert problem.code == "mapping.missing_key"
    assert "no source" in problem.message


def test_bad_templates_sizes_and_source_options_are_each_reported() -> None:
    problems = problems_of("bad-template.yaml")
    assert find(problems, "tickets.external_id").code == "mapping.bad_template"
    assert "sourceid" in find(problems, "tickets.external_id").message
    assert "encoding" in find(problems, "source.encodng").hint
    assert find(problems, "tickets.priority.p2").code == "mapping.bad_value"
    assert find(problems, "attachments.max_bytes").code == "mapping.bad_value"
    assert find(problems, "attachments.on_too_large").code == "mapping.bad_value"


def test_mapping_error_text_names_the_file_and_line_of_the_first_problem() -> None:
    with pytest.raises(MappingError) as caught:
        load_mapping(FIXTURES / "no-source.yaml")
    assert "no-source.yaml:" in str(caught.value)
    assert caught.value.as_dict()["problems"]
