"""`external:` names objects managed elsewhere: defining one in the config as well is a warning,
since plans leave it alone whatever the config says."""

from __future__ import annotations

from pathlib import Path

from helpctl.config.loader import load_project
from helpctl.config.validate import has_errors, validate_project

PROJECT = (
    Path(__file__).resolve().parents[2] / "fixtures" / "config" / "warnings" / "external_defined"
)


def test_an_object_both_defined_and_declared_external_is_a_warning_at_its_definition() -> None:
    problems = validate_project(load_project(PROJECT), workers=1)

    assert not has_errors(problems)
    (warning,) = problems
    assert (warning.code, warning.severity) == ("external_defined", "warning")
    assert "Legal" in warning.message
    assert warning.position is not None
    assert (warning.position.file, warning.position.line) == ("config/groups.yaml", 3)
