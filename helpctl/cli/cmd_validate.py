"""Commands `validate`, `schema` and `init`: the offline half of helpctl (no network, ever)."""

from __future__ import annotations

import os
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from helpctl.cli.options import FormatOpt, InstancesOpt, JsonOpt, PathArg
from helpctl.cli.output import emit_json
from helpctl.cli.problems import Format, render_problems
from helpctl.errors import Problem, ValidationFailed

__all__ = ["register"]


class Target(StrEnum):
    resources = "resources"
    project = "project"


VALIDATE_EPILOG = """\b
Examples:
  helpctl validate                         # the project in the current folder
  helpctl validate examples/quickstart -i sandbox
  helpctl validate --format github         # annotations in a GitHub Actions job
  helpctl validate --format json | jq '.problems[] | .code'
\b
Exit codes: 0 valid (warnings allowed) · 1 invalid, or the project cannot be read.
"""

SCHEMA_EPILOG = """\b
Examples:
  helpctl schema > resources.schema.json
  helpctl schema --target project > project.schema.json
  helpctl schema --out schema/             # writes both files
\b
Editors (yaml-language-server) pick a schema from a file's first line:
  # yaml-language-server: $schema=schema/resources.schema.json
"""

INIT_EPILOG = """\b
Examples:
  helpctl init my-helpdesk && helpctl validate my-helpdesk
  helpctl init . --force                   # write the starter files into a non-empty folder
"""


def validate(
    path: PathArg = Path("."),
    instance: InstancesOpt = None,
    fmt: FormatOpt = Format.text,
    as_json: JsonOpt = False,
) -> None:
    """Check the project offline: YAML, keys and types, references, rule catalogue, secrets.

    --json is the same as --format json.
    """
    from helpctl.config.loader import find_project_file, load_project
    from helpctl.config.validate import has_errors, validate_project

    if as_json:
        fmt = Format.json
    root = find_project_file(path).parent
    try:
        project = load_project(path)
    except ValidationFailed as failed:
        problems, names = failed.problems, []
    else:
        names = list(instance or project.instances)
        problems = validate_project(project, instance)
    shown = [_relocate(p, root) for p in problems]
    render_problems(shown, names, fmt, tool="helpctl validate")
    raise typer.Exit(1 if has_errors(problems) else 0)


def schema(
    target: Annotated[
        Target, typer.Option("--target", help="resources (resource files) or project.")
    ] = Target.resources,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Write project.schema.json and resources.schema.json here."),
    ] = None,
) -> None:
    """Print the JSON Schema (draft 2020-12) of the config files, for editors and CI."""
    from helpctl.config.init import write_schemas
    from helpctl.config.schema import schema_for

    if out is not None:
        for written in write_schemas(out):
            typer.echo(str(written))
        return
    emit_json(schema_for(target.value))


def init(
    directory: Annotated[Path, typer.Argument(help="Folder to create the project in.")] = Path("."),
    force: Annotated[
        bool, typer.Option("--force", help="Write into a folder that is not empty.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Create a starter project with a `sandbox` instance that validates as written."""
    from helpctl.config.init import init_project

    written = init_project(directory, force=force)
    if as_json:
        emit_json({"directory": str(directory), "written": [str(p) for p in written]})
        return
    for path in written:
        typer.echo(f"wrote {path}")
    typer.echo(f"next: helpctl validate {directory}")


def register(app: typer.Typer) -> None:
    """Add `validate`, `schema` and `init` to the app."""
    app.command(epilog=VALIDATE_EPILOG)(validate)
    app.command(epilog=SCHEMA_EPILOG)(schema)
    app.command(epilog=INIT_EPILOG)(init)


def _relocate(problem: Problem, root: Path) -> Problem:
    """Show file paths relative to the current folder, so they can be clicked and annotated."""
    pos = problem.position
    if pos is None or not pos.file:
        return problem
    shown = os.path.relpath(root / pos.file)
    if shown == pos.file:
        return problem
    return replace(problem, position=replace(pos, file=shown))
