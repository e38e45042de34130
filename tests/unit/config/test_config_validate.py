"""validate_project reports every problem of every instance at once, each problem once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpctl.config.loader import load_project
from helpctl.config.validate import has_errors, validate_project
from helpctl.errors import ConfigError


def test_valid_projects_have_no_problems(valid_dir: Path) -> None:
    for project_dir in sorted(p for p in valid_dir.iterdir() if p.is_dir()):
        assert validate_project(load_project(project_dir)) == [], project_dir.name


def test_problem_in_a_shared_file_is_reported_once_for_all_instances(
    valid_dir: Path, tmp_path: Path
) -> None:
    project_dir = tmp_path / "fleet"
    shutil.copytree(valid_dir / "fleet", project_dir)
    catalog = project_dir / "base" / "catalog.yaml"
    catalog.write_text(
        catalog.read_text().replace("- name: Payments", "- name: Payments\n    colour: red")
    )
    problems = validate_project(load_project(project_dir))
    assert [(p.code, p.instance) for p in problems] == [("unknown_key", "")]
    assert str(problems[0].position) == "base/catalog.yaml:6:5"


def test_problem_seen_by_some_instances_names_them(valid_dir: Path, tmp_path: Path) -> None:
    project_dir = tmp_path / "fleet"
    shutil.copytree(valid_dir / "fleet", project_dir)
    overlay = project_dir / "markets" / "ar" / "overlay.yaml"
    overlay.write_text(overlay.read_text().replace("value: Tier 1", "value: Tier 9"))
    problems = validate_project(load_project(project_dir))
    assert [(p.code, p.instance) for p in problems] == [("ref_unknown_group", "ar")]


def test_every_problem_across_files_is_reported_in_file_and_line_order(invalid_dir: Path) -> None:
    problems = validate_project(load_project(invalid_dir / "many_problems_in_one_run"))
    assert [(p.position.file if p.position else "", p.code) for p in problems] == [
        ("config/fields.yaml", "missing_required"),
        ("config/groups.yaml", "wrong_type"),
        # the misspelt key hides nothing: without it the macro has no action, which Zendesk refuses
        ("config/macros.yaml", "rule_needs_action"),
        ("config/macros.yaml", "unknown_key"),
    ]
    assert has_errors(problems)


def test_unknown_key_has_a_did_you_mean(invalid_dir: Path) -> None:
    (problem,) = validate_project(load_project(invalid_dir / "unknown_key_in_condition"))
    assert problem.hint == "did you mean `operator`?"


def test_narrowing_to_an_unknown_instance_is_an_error_with_a_suggestion(valid_dir: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        validate_project(load_project(valid_dir / "fleet"), ["mexico"])
    assert "mx" in caught.value.hint or "ar" in caught.value.hint


def test_narrowing_validates_only_the_named_instance(valid_dir: Path, tmp_path: Path) -> None:
    project_dir = tmp_path / "fleet"
    shutil.copytree(valid_dir / "fleet", project_dir)
    overlay = project_dir / "markets" / "ar" / "overlay.yaml"
    overlay.write_text(overlay.read_text().replace("value: Tier 1", "value: Tier 9"))
    assert validate_project(load_project(project_dir), ["mx"]) == []


def test_worker_processes_report_exactly_what_one_process_reports(
    valid_dir: Path, tmp_path: Path
) -> None:
    project_dir = tmp_path / "fleet"
    shutil.copytree(valid_dir / "fleet", project_dir)
    overlay = project_dir / "markets" / "ar" / "overlay.yaml"
    overlay.write_text(overlay.read_text().replace("value: Tier 1", "value: Tier 9"))
    catalog = project_dir / "base" / "catalog.yaml"
    catalog.write_text(
        catalog.read_text().replace("- name: Payments", "- name: Payments\n    x: 1")
    )
    project = load_project(project_dir)
    alone = validate_project(project, workers=1)
    shared = validate_project(project, workers=2)
    assert shared == alone
    assert [(p.code, p.instance) for p in alone] == [
        ("unknown_key", ""),
        ("ref_unknown_group", "ar"),
    ]


def test_where_worker_processes_cannot_start_this_process_validates_every_instance(
    valid_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project_dir = tmp_path / "fleet"
    shutil.copytree(valid_dir / "fleet", project_dir)
    overlay = project_dir / "markets" / "ar" / "overlay.yaml"
    overlay.write_text(overlay.read_text().replace("value: Tier 1", "value: Tier 9"))
    project = load_project(project_dir)
    expected = validate_project(project, workers=1)

    def no_shm(*args: object, **kwargs: object) -> None:
        raise OSError(38, "Function not implemented")  # what a container without /dev/shm says

    # the pool is imported where it is made (multiprocessing only loads for a parallel run)
    monkeypatch.setattr("concurrent.futures.ProcessPoolExecutor", no_shm)
    assert validate_project(project, workers=2) == expected
    assert [p.code for p in expected] == ["ref_unknown_group"]
