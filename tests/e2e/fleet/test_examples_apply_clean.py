"""Every valid project shipped (configs/, examples/, docs/examples/) applies to the sandbox with
0 refusals: the sandbox refuses what Zendesk refuses (the object-rule catalogue), so anything it
refuses here is a config validate should have caught (issue 10, "Done when")."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from fleet_helpers import Cli

from helpctl.config.loader import load_project

ROOT = Path(__file__).resolve().parents[3]
PROJECTS = sorted(
    p.parent.relative_to(ROOT)
    for base in ("configs", "examples", "docs/examples")
    for p in (ROOT / base).rglob("helpctl.yaml")
    if ".helpctl" not in p.parts
)


def test_the_shipped_projects_are_found() -> None:
    assert Path("configs") in PROJECTS and Path("examples/quickstart") in PROJECTS


@pytest.mark.parametrize("rel", PROJECTS, ids=[str(p) for p in PROJECTS])
def test_shipped_project_applies_with_no_refusal(
    cli: Cli, tmp_path: Path, rel: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT / rel, project, ignore=shutil.ignore_patterns(".helpctl"))
    # a credential the project reads from the environment is set, as its README asks
    for name in _credential_variables(project):
        monkeypatch.setenv(name, f"test-value-for-{name.lower()}")
    assert cli("validate", project).exit_code == 0
    # the sandbox instances (a real account's instance, e.g. docs' `spain`, needs credentials)
    local = [n for n, i in load_project(project).instances.items() if i.backend == "sandbox"]
    assert local
    chosen = [arg for name in local for arg in ("-i", name)]
    applied = cli("apply", project, *chosen, "--yes", "--json")
    assert applied.exit_code == 0, applied.stdout + applied.stderr
    rows = applied.json()["instances"]
    assert [(r["outcome"], r["failed"], r["failures"]) for r in rows] == [
        ("applied", 0, []) for _ in rows
    ]
    assert sum(r["created"] for r in rows) > 0


def _credential_variables(project: Path) -> set[str]:
    """The environment variables a project's credentials are read from (`{env: NAME}`)."""
    pattern = re.compile(r"\{\s*env:\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}")
    return {m for f in project.rglob("*.yaml") for m in pattern.findall(f.read_text())}
