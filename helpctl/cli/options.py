"""Options every command spells the same way, defined once, and the output format a command
line asks for.

Typer options are ``Annotated`` aliases: a command declares ``json_: JsonOpt = False`` and
passes the value on to its rendering. The error handler reads the same choice from the command
line with :func:`requested_format`, so no command records it anywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

from helpctl.cli.problems import Format

__all__ = [
    "AllOpt",
    "ForceOpt",
    "FormatOpt",
    "InstancesOpt",
    "JsonOpt",
    "PathArg",
    "PruneOpt",
    "debug_requested",
    "requested_format",
]

PathArg = Annotated[
    Path, typer.Argument(help="Project folder (holding helpctl.yaml) or the project file.")
]
InstancesOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--instance", "-i", metavar="NAME", help="Instance to work on; repeat for several."
    ),
]
AllOpt = Annotated[bool, typer.Option("--all", help="Every instance of the project.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]
FormatOpt = Annotated[
    Format, typer.Option("--format", help="text (people), json (machines), github (annotations).")
]
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


def _options(args: Sequence[str]) -> list[str]:
    """The arguments before a ``--`` (after it everything is a value)."""
    args = list(args)
    return args[: args.index("--")] if "--" in args else args


def requested_format(args: Sequence[str]) -> Format:
    """The output format a command line asks for: ``--json``, ``--format X`` or
    ``--format=X``; text when it names none (or an unknown one, which click refuses)."""
    opts = _options(args)
    for i, arg in enumerate(opts):
        if arg == "--json":
            return Format.json
        value = None
        if arg.startswith("--format="):
            value = arg.partition("=")[2]
        elif arg == "--format" and i + 1 < len(opts):
            value = opts[i + 1]
        if value in tuple(Format):
            return Format(value)
    return Format.text


def debug_requested(args: Sequence[str]) -> bool:
    """Whether the global ``--debug`` flag was given."""
    return "--debug" in _options(args)
