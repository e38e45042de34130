"""Helpers of the scenario tests: a copy of the quickstart project with scenario files."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
QUICKSTART = ROOT / "examples" / "quickstart"
BAD = ROOT / "tests" / "fixtures" / "scenarios" / "bad"


def project_with(
    tmp_path: Path, scenarios: dict[str, str], *, config: dict[str, str] | None = None
) -> Path:
    """The quickstart's project (helpctl.yaml and config/) in ``tmp_path``, with ``scenarios``
    (file name → YAML text) under scenarios/ and extra ``config`` files under config/."""
    shutil.copy(QUICKSTART / "helpctl.yaml", tmp_path / "helpctl.yaml")
    shutil.copytree(QUICKSTART / "config", tmp_path / "config")
    (tmp_path / "scenarios").mkdir()
    for name, text in scenarios.items():
        (tmp_path / "scenarios" / name).write_text(text, encoding="utf-8")
    for name, text in (config or {}).items():
        (tmp_path / "config" / name).write_text(text, encoding="utf-8")
    return tmp_path
