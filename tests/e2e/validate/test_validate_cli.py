"""`helpctl validate`, `schema` and `init` as a user and a CI job run them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from helpctl.config.yamlpos import read_yaml_file

ROOT = Path(__file__).resolve().parents[3]
QUICKSTART = ROOT / "examples" / "quickstart"
INVALID = ROOT / "tests" / "fixtures" / "config" / "invalid"
VALID = ROOT / "tests" / "fixtures" / "config" / "valid"


def test_quickstart_validates_through_the_installed_entry_point() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "helpctl", "validate", str(QUICKSTART)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip().endswith("valid: 0 errors, 0 warnings in 1 instance")


def test_validate_loads_neither_the_fleet_nor_the_migrate_commands() -> None:
    # validate is run on every commit: it should not pay for the HTTP client, the provider
    # and SQLAlchemy that only the fleet and migrate commands use
    probe = (
        "import sys; from helpctl.cli.app import main; sys.argv = ['helpctl', *sys.argv[1:]]\n"
        "code = 0\n"
        "try: main()\n"
        "except SystemExit as ex: code = ex.code\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('helpctl.cli.cmd_', 'httpx')))\n"
        "print(code, *loaded)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe, "validate", str(QUICKSTART), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.stdout.splitlines()[-1] == "0 helpctl.cli.cmd_validate", proc.stderr


@pytest.mark.parametrize("project", sorted(p.name for p in VALID.iterdir() if p.is_dir()))
def test_valid_fixture_projects_exit_zero_with_json(
    project: str, run_cli: Callable[..., Any]
) -> None:
    result = run_cli("validate", str(VALID / project), "--json")
    assert result.exit_code == 0, result.stdout
    assert json.loads(result.stdout) == {
        "valid": True,
        "instances": json.loads(result.stdout)["instances"],
        "problems": [],
    }


def test_paths_are_shown_relative_to_the_current_folder(run_cli: Callable[..., Any]) -> None:
    result = run_cli("validate", "tests/fixtures/config/invalid/unknown_kind", cwd=ROOT)
    assert result.exit_code == 1
    assert result.stdout.startswith(
        "tests/fixtures/config/invalid/unknown_kind/config/rules.yaml:1:1: unknown_kind:"
    )
    assert "    hint: did you mean `triggers`?" in result.stdout


def test_github_format_prints_one_annotation_per_problem(run_cli: Callable[..., Any]) -> None:
    result = run_cli(
        "validate", ".", "--format", "github", cwd=INVALID / "many_problems_in_one_run"
    )
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 4  # fields, groups, and both problems of the macro
    assert lines[0].startswith(
        "::error file=config/fields.yaml,line=2,col=5,title=missing_required::required key"
    )


def test_instance_option_narrows_and_unknown_instance_fails_with_a_hint(
    run_cli: Callable[..., Any],
) -> None:
    ok = run_cli("validate", str(VALID / "fleet"), "-i", "ar", "--json")
    assert ok.exit_code == 0
    assert json.loads(ok.stdout)["instances"] == ["ar"]
    bad = run_cli("validate", str(VALID / "fleet"), "-i", "arg")
    assert bad.exit_code == 1
    assert "no instance `arg`" in bad.stderr
    assert "did you mean `ar`?" in bad.stderr


def test_missing_project_is_one_json_error_envelope(
    tmp_path: Path, run_cli: Callable[..., Any]
) -> None:
    result = run_cli("validate", str(tmp_path), "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["error"]["code"] == "config_invalid"


def test_schema_validates_every_quickstart_file(run_cli: Callable[..., Any]) -> None:
    resources = run_cli("schema")
    project = run_cli("schema", "--target", "project")
    assert resources.exit_code == project.exit_code == 0
    resource_schema = json.loads(resources.stdout)
    project_schema = json.loads(project.stdout)
    jsonschema.Draft202012Validator.check_schema(resource_schema)
    checker = jsonschema.Draft202012Validator(resource_schema)
    files = sorted((QUICKSTART / "config").glob("*.yaml"))
    assert len(files) >= 5
    for path in files:
        errors = list(checker.iter_errors(read_yaml_file(path, path.name)))
        assert errors == [], f"{path.name}: {[e.message for e in errors]}"
    doc = read_yaml_file(QUICKSTART / "helpctl.yaml", "helpctl.yaml")
    jsonschema.validate(doc, project_schema, cls=jsonschema.Draft202012Validator)


def test_schema_rejects_a_misspelled_key(run_cli: Callable[..., Any]) -> None:
    schema = json.loads(run_cli("schema").stdout)
    path = INVALID / "unknown_key_in_trigger" / "config" / "triggers.yaml"
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(read_yaml_file(path, "t")))
    assert any("conditons" in e.message for e in errors)


def test_quickstart_ships_the_current_schemas(tmp_path: Path, run_cli: Callable[..., Any]) -> None:
    assert run_cli("schema", "--out", str(tmp_path)).exit_code == 0
    for name in ("project.schema.json", "resources.schema.json"):
        shipped = (QUICKSTART / "schema" / name).read_text()
        assert shipped == (tmp_path / name).read_text(), (
            f"run: helpctl schema --out {QUICKSTART}/schema"
        )


def test_quickstart_files_name_their_schema_for_editors() -> None:
    for path in [QUICKSTART / "helpctl.yaml", *sorted((QUICKSTART / "config").glob("*.yaml"))]:
        first = path.read_text().splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path.name
        target = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert target.is_file(), f"{path.name} names a schema that does not exist"


def test_init_writes_a_project_that_validates(tmp_path: Path, run_cli: Callable[..., Any]) -> None:
    target = tmp_path / "desk"
    created = run_cli("init", str(target))
    assert created.exit_code == 0, created.stderr
    assert (target / "helpctl.yaml").is_file()
    assert (target / "schema" / "resources.schema.json").is_file()
    checked = run_cli("validate", str(target), "--json")
    assert checked.exit_code == 0, checked.stdout
    assert json.loads(checked.stdout)["instances"] == ["sandbox"]


def test_init_refuses_a_non_empty_folder_unless_forced(
    tmp_path: Path, run_cli: Callable[..., Any]
) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    refused = run_cli("init", str(tmp_path))
    assert refused.exit_code == 1
    assert "--force" in refused.stderr
    assert not (tmp_path / "helpctl.yaml").exists()
    forced = run_cli("init", str(tmp_path), "--force")
    assert forced.exit_code == 0
    assert (tmp_path / "notes.txt").read_text() == "mine"


@pytest.mark.parametrize("command", ["validate", "schema", "init"])
def test_every_command_explains_itself_with_an_example(
    command: str, run_cli: Callable[..., Any]
) -> None:
    result = run_cli(command, "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout
    assert f"helpctl {command}" in result.stdout.split("Examples:", 1)[1]


def test_warnings_alone_keep_the_project_valid(run_cli: Callable[..., Any]) -> None:
    project = ROOT / "tests" / "fixtures" / "config" / "warnings" / "exclude_unmatched"
    result = run_cli("validate", ".", cwd=project)
    assert result.exit_code == 0, result.stdout
    assert "helpctl.yaml:7:9: warning: exclude_unmatched:" in result.stdout
    assert result.stdout.rstrip().endswith("valid: 0 errors, 1 warning in 1 instance")


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_init_writes_a_gitignore_that_keeps_the_sandbox_database_out_of_git(
    tmp_path: Path, run_cli: Callable[..., Any]
) -> None:
    target = tmp_path / "desk"
    assert run_cli("init", str(target)).exit_code == 0
    (target / ".helpctl").mkdir()
    (target / ".helpctl" / "sandbox.sqlite3").write_bytes(b"tokens")
    git = ["git", "-C", str(target)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    tracked = subprocess.run(
        [*git, "ls-files"], capture_output=True, text=True, check=True
    ).stdout.split()
    assert ".gitignore" in tracked and "helpctl.yaml" in tracked
    assert not [name for name in tracked if name.startswith(".helpctl")]


def test_init_into_a_folder_with_a_gitignore_adds_only_missing_lines(
    tmp_path: Path, run_cli: Callable[..., Any]
) -> None:
    (tmp_path / ".gitignore").write_text("node_modules/\n.helpctl/\n")
    assert run_cli("init", str(tmp_path), "--force").exit_code == 0
    lines = (tmp_path / ".gitignore").read_text().splitlines()
    assert lines[:2] == ["node_modules/", ".helpctl/"]
    assert lines.count(".helpctl/") == 1 and "plan.json" in lines
