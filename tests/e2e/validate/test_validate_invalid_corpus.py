"""Every case under tests/fixtures/config/invalid/ is refused by `helpctl validate` with exit 1,
its expected error codes at the expected file:line(:column), in text and JSON, with no traceback.

A case is a small project plus `expected.yaml`:

    generate: {file: config/huge.yaml, megabytes: 50}   # optional: written at test time
    problems:
      - {code: unknown_key, file: config/triggers.yaml, line: 3, column: 5}
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "config" / "invalid"
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "expected.yaml").is_file())


def _expected(case: str) -> dict[str, Any]:
    doc: dict[str, Any] = yaml.safe_load((CORPUS / case / "expected.yaml").read_text())
    return doc


@pytest.fixture(scope="session")
def large_file(tmp_path_factory: pytest.TempPathFactory) -> Callable[[int], Path]:
    """Oversized YAML files, generated once per session into a temp folder (never committed)."""
    made: dict[int, Path] = {}

    def get(megabytes: int) -> Path:
        if megabytes not in made:
            made[megabytes] = _write_large_file(tmp_path_factory.mktemp("large"), megabytes)
        return made[megabytes]

    return get


def _project(case: str, tmp_path: Path, large_file: Callable[[int], Path]) -> Path:
    """A copy of the case (so generated files never land in the repository)."""
    target = tmp_path / case
    shutil.copytree(CORPUS / case, target, symlinks=True)
    spec = _expected(case).get("generate")
    if spec:
        source = large_file(spec["megabytes"])
        path = target / spec["file"]
        path.parent.mkdir(parents=True, exist_ok=True)
        try:  # a hard link: inside the project, without writing 50 MB again
            os.link(source, path)
        except OSError:
            shutil.copyfile(source, path)
    return target


def _write_large_file(folder: Path, megabytes: int) -> Path:
    line = b"  - {name: Generated group number 0000000, description: padding padding padding}\n"
    chunk = line * (1024 * 1024 // len(line) + 1)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{megabytes}mb.yaml"
    with path.open("wb") as out:
        out.write(b"groups:\n")
        for _ in range(megabytes):
            out.write(chunk)
    return path


def _where(item: dict[str, Any]) -> str:
    where = item["file"]
    if item.get("line"):
        where += f":{item['line']}"
        if item.get("column"):
            where += f":{item['column']}"
    return where


def test_corpus_has_at_least_forty_cases() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES)
def test_invalid_case_is_reported_in_text_with_file_and_line(
    case: str, tmp_path: Path, large_file: Callable[[int], Path], run_cli: Callable[..., Any]
) -> None:
    project = _project(case, tmp_path, large_file)
    result = run_cli("validate", ".", cwd=project)
    assert result.exit_code == 1, result.stdout + result.stderr
    shown = result.stdout + result.stderr
    assert "Traceback" not in shown
    for item in _expected(case)["problems"]:
        prefix = f"{_where(item)}:"
        lines = [ln for ln in shown.splitlines() if ln.startswith(prefix)]
        assert any(f" {item['code']}: " in ln for ln in lines), (
            f"expected `{prefix} {item['code']}` in:\n{shown}"
        )


@pytest.mark.parametrize("case", CASES)
def test_invalid_case_is_reported_in_json_with_file_and_line(
    case: str, tmp_path: Path, large_file: Callable[[int], Path], run_cli: Callable[..., Any]
) -> None:
    project = _project(case, tmp_path, large_file)
    result = run_cli("validate", ".", "--format", "json", cwd=project)
    assert result.exit_code == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    doc = json.loads(result.stdout)
    assert doc["valid"] is False
    for item in _expected(case)["problems"]:
        matches = [
            p
            for p in doc["problems"]
            if p["code"] == item["code"]
            and p["file"] == item["file"]
            and p["line"] == item.get("line", p["line"])
            and p["column"] == item.get("column", p["column"])
        ]
        assert matches, f"expected {item} among {doc['problems']}"
        assert all(p["message"] and p["severity"] == "error" for p in matches)


def test_every_expected_code_is_a_documented_stable_code() -> None:
    from helpctl.config.codes import CONFIG_PROBLEM_CODES
    from helpctl.resources.validate import PROBLEM_CODES

    documented = set(CONFIG_PROBLEM_CODES) | set(PROBLEM_CODES)
    expected = {item["code"] for case in CASES for item in _expected(case)["problems"]}
    assert expected - documented == set()
