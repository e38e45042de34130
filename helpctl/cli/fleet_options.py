"""Helpers shared by the fleet commands (plan, apply, export, diff, drift, instances): loading
the project, opening its connections, progress lines. Their options are in
:mod:`helpctl.cli.options`; instance selection is :meth:`helpctl.config.project.Project.select`.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from helpctl.config.loader import load_project
from helpctl.config.project import Project

if TYPE_CHECKING:
    from helpctl.providers.connect import Connections

__all__ = ["connections", "load", "log_line"]

_log_lock = threading.Lock()


def load(path: Path) -> Project:
    return load_project(path)


def connections(project: Project) -> Connections:
    """The project's connections; imported on use so `helpctl --help` and `validate` (offline
    commands) never load the HTTP stack."""
    from helpctl.providers.connect import Connections

    return Connections(project)


def log_line(text: str) -> None:
    """One progress line on stderr; whole lines only, even from several worker threads."""
    with _log_lock:
        sys.stderr.write(text + "\n")
        sys.stderr.flush()
