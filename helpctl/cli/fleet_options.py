"""Options and helpers shared by the fleet commands (plan, apply, export, diff, drift, instances).

Typer options are ``Annotated`` aliases so every command spells a flag the same way; instance
selection and the per-instance error document live here once.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from helpctl.config.loader import load_project
from helpctl.config.project import Project
from helpctl.errors import ConfigError, HelpctlError
from helpctl.fleet import Outcome

if TYPE_CHECKING:
    from helpctl.connect import Connections

__all__ = [
    "AllOpt",
    "ForceOpt",
    "InstancesOpt",
    "JsonOpt",
    "PathArg",
    "PruneOpt",
    "connections",
    "error_doc",
    "load",
    "log_line",
    "select_instances",
]

PathArg = Annotated[
    Path, typer.Argument(help="Project folder (with helpctl.yaml) or the file itself.")
]
InstancesOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--instance", "-i", metavar="NAME", help="Instance to work on; repeat for several."
    ),
]
AllOpt = Annotated[bool, typer.Option("--all", help="Every instance of the project.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]
PruneOpt = Annotated[
    bool,
    typer.Option(
        "--prune",
        help="Also delete live objects the config no longer lists (kinds"
        " the instance `manage:`s only).",
    ),
]
ForceOpt = Annotated[
    bool,
    typer.Option("--force", help="Accept changes above the instance's safety thresholds."),
]

_log_lock = threading.Lock()


def load(path: Path) -> Project:
    return load_project(path)


def connections(project: Project, *, debug: bool = False) -> Connections:
    """The project's connections; imported on use so `helpctl --help` and `validate` (offline
    commands) never load the HTTP stack."""
    from helpctl.connect import Connections

    return Connections(project, debug=debug)


def select_instances(project: Project, names: list[str] | None, all_: bool) -> list[str]:
    """The instances a command works on: ``-i`` names, ``--all``, or the only one there is."""
    known = list(project.instances)
    if names:
        missing = [n for n in names if n not in project.instances]
        if missing:
            raise ConfigError(
                f"no instance named {', '.join(map(repr, missing))} in the project",
                hint=f"instances: {', '.join(known)} (see `helpctl instances`)",
            )
        return list(dict.fromkeys(names))
    if all_ or len(known) == 1:
        return known
    raise ConfigError(
        f"this project has {len(known)} instances ({', '.join(known)}); say which",
        hint="pick with -i NAME (repeatable) or use --all",
    )


def error_doc(err: HelpctlError) -> dict[str, Any]:
    return err.as_dict()


def log_line(text: str) -> None:
    """One progress line on stderr; whole lines only, even from several worker threads."""
    with _log_lock:
        sys.stderr.write(text + "\n")
        sys.stderr.flush()


def first_error(outcomes: list[Outcome[Any]]) -> HelpctlError | None:
    return next((o.error for o in outcomes if o.error is not None), None)
