"""Every case under tests/fixtures/config/invalid/ is refused by `helpctl validate` with exit 1,
its expected error codes at the expected file:line(:column), in text and JSON, with no traceback.

A case is a small project plus `expected.yaml`:

    generate: {file: config/huge.yaml, megabytes: 50}   # optional: written at test time
    problems:
      - {code: unknown_key, file: config/triggers.yaml, line: 3, column: 5}
"""

from __future__ import annotations

import json
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


def _project(case: str, tmp_path: Path) -> Path:
    """A copy of the case (so generated files never land in the repository)."""
    target = tmp_path / case
    shutil.copytree(CORPUS / case, target, symlinks=True)
    spec = _expected(case).get("generate")
    if spec:
        _write_large_file(target / spec["file"], spec["megabytes"])
    return target


def _write_large_file(path: Path, megabytes: int) -> None:
    line = b"  - {name: Generated group number 0000000, description: padding padding padding}\n"
    chunk = line * (1024 * 1024 // len(line) + 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        out.write(b"groups:\n")
        for _ in range(megabytes):
            out.write(chunk)


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
    case: str, tmp_path: Path, run_cli: Callable[..., Any]
) -> None:
    project = _project(case, tmp_path)
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
    case: str, tmp_path: Path, run_cli: Callable[..., Any]
) -> None:
    project = _project(case, tmp_path)
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
