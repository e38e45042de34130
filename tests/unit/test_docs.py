"""The user documentation stays true to the code: every code is documented, every example
project validates with the real loader, every relative link points at a file that exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import helpctl.errors as errors_module
from helpctl.config.codes import CONFIG_PROBLEM_CODES
from helpctl.config.desired import load_desired
from helpctl.config.loader import load_project
from helpctl.config.validate import validate_project
from helpctl.errors import ERROR_CODES, HelpctlError
from helpctl.resources.validate import PROBLEM_CODES

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
PROBLEM_DOC = DOCS / "problem-codes.md"
EXAMPLES = DOCS / "examples"
USER_DOCS = [
    "config.md",
    "problem-codes.md",
    "sandbox.md",
    "migration.md",
    "sources.md",
    "fleet.md",
]

_MAPPING_CODE = re.compile(r"[\"'](mapping\.[a-z_]+)[\"']")
_LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def _documented(code: str) -> bool:
    return f"`{code}`" in PROBLEM_DOC.read_text(encoding="utf-8")


def _mapping_codes() -> set[str]:
    """The mapping checks have no catalogue module, so their codes are read from the source."""
    found: set[str] = set()
    for source in sorted((ROOT / "helpctl" / "migrate").glob("mapping*.py")):
        found.update(_MAPPING_CODE.findall(source.read_text(encoding="utf-8")))
    return found


def _exit_codes() -> set[int]:
    classes = [
        obj
        for obj in vars(errors_module).values()
        if isinstance(obj, type) and issubclass(obj, HelpctlError)
    ]
    return {cls.exit_code for cls in classes}


def _example_projects() -> list[Path]:
    return sorted(p.parent for p in EXAMPLES.rglob("helpctl.yaml"))


@pytest.mark.parametrize("code", sorted(CONFIG_PROBLEM_CODES))
def test_every_loader_problem_code_is_documented(code: str) -> None:
    assert _documented(code), f"{code} is missing from docs/problem-codes.md"


@pytest.mark.parametrize("code", sorted(PROBLEM_CODES))
def test_every_resource_problem_code_is_documented(code: str) -> None:
    assert _documented(code), f"{code} is missing from docs/problem-codes.md"


@pytest.mark.parametrize("code", sorted(ERROR_CODES))
def test_every_error_envelope_code_is_documented(code: str) -> None:
    assert _documented(code), f"{code} is missing from docs/problem-codes.md"


def test_every_mapping_problem_code_is_documented() -> None:
    codes = _mapping_codes()
    assert "mapping.unknown_key" in codes  # the scan itself still finds the codes
    missing = sorted(c for c in codes if not _documented(c))
    assert missing == [], f"mapping codes missing from docs/problem-codes.md: {missing}"


def test_every_exit_code_of_the_error_tree_is_in_the_exit_code_table() -> None:
    text = PROBLEM_DOC.read_text(encoding="utf-8")
    table = text.split("## Exit codes", 1)[1]
    rows = {int(m) for m in re.findall(r"^\| (\d+) \|", table, flags=re.MULTILINE)}
    assert _exit_codes() <= rows


def test_the_docs_have_example_projects() -> None:
    assert len(_example_projects()) >= 2


@pytest.mark.parametrize("project_dir", _example_projects(), ids=lambda p: p.name)
def test_example_project_validates_with_the_real_loader(project_dir: Path) -> None:
    project = load_project(project_dir)
    problems = validate_project(project, workers=1)
    assert [str(p) for p in problems] == []
    for name in project.instances:
        state, _ = load_desired(project, name)
        assert any(state.resources.values()), f"{name} of {project_dir.name} declares nothing"


@pytest.mark.parametrize("doc", USER_DOCS)
def test_relative_links_of_a_user_doc_point_at_existing_files(doc: str) -> None:
    text = (DOCS / doc).read_text(encoding="utf-8")
    targets = [t for t in _LINK.findall(text) if "://" not in t]
    missing = [t for t in targets if not (DOCS / t).exists()]
    assert missing == [], f"{doc} links to missing files: {missing}"
