"""Where a project's scenario files are: every ``*.yaml`` under ``scenarios/`` next to
``helpctl.yaml``.

Apart from :mod:`helpctl.scenarios.load` (which parses them into models) so ``helpctl
validate`` of a project without scenario files imports none of the scenario machinery.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["SCENARIO_DIR", "scenario_files"]

#: The folder, next to ``helpctl.yaml``, that holds scenario files.
SCENARIO_DIR = "scenarios"


def scenario_files(root: Path) -> list[Path]:
    """The scenario files of the project at ``root``, in path order."""
    folder = root / SCENARIO_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
