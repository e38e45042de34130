"""Commands `validate`, `schema` and `init`: the offline half of helpctl (no network, ever)."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from helpctl.cli.output import emit_json, state
from helpctl.config.init import init_project, write_schemas
from helpctl.config.loader import find_project_file, load_project
from helpctl.config.schema import schema_for
from helpctl.config.validate import has_errors, validate_project
from helpctl.errors import Problem, ValidationFailed

__all__ = ["register"]


class Format(StrEnum):
    text = "text"
    json = "json"
    github = "github"


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

PathArg = Annotated[
    Path, typer.Argument(help="Project folder (holding helpctl.yaml) or the project file.")
]
InstanceOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--instance", "-i", metavar="NAME", help="Validate only this instance (repeatable)."
    ),
]
FormatOpt = Annotated[
    Format, typer.Option("--format", help="text (people), json (machines), github (annotations).")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Same as --format json.")]


def validate(
    path: PathArg = Path("."),
    instance: InstanceOpt = None,
    fmt: FormatOpt = Format.text,
    as_json: JsonOpt = False,
) -> None:
    """Check the project offline: YAML, keys and types, references, rule catalogue, secrets."""
    if as_json:
        fmt = Format.json
    state.json = fmt == Format.json
    root = find_project_file(path).parent
    try:
        project = load_project(path)
    except ValidationFailed as failed:
        problems, names = failed.problems, []
    else:
        names = list(instance or project.instances)
        problems = validate_project(project, instance)
    shown = [_relocate(p, root) for p in problems]
    if fmt == Format.json:
        _render_json(shown, names)
    elif fmt == Format.github:
        _render_github(shown)
    else:
        _render_text(shown, names)
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
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the written files as a JSON document.")
    ] = False,
) -> None:
    """Create a starter project with a `sandbox` instance that validates as written."""
    state.json = as_json
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


def _render_text(problems: list[Problem], names: list[str]) -> None:
    lines = []
    for p in problems:
        where = f"{p.position}: " if p.position else ""
        level = "warning: " if p.severity != "error" else ""
        key = f" ({p.path})" if p.path else ""
        inst = f" [instance {p.instance}]" if p.instance else ""
        lines.append(f"{where}{level}{p.code}: {p.message}{key}{inst}")
        if p.hint:
            lines.append(f"    hint: {p.hint}")
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    scope = f" in {_plural(len(names), 'instance')}" if names else ""
    counted = f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}{scope}"
    lines.append(f"invalid: {counted}" if errors else f"valid: {counted}")
    sys.stdout.write("\n".join(lines) + "\n")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _render_json(problems: list[Problem], names: list[str]) -> None:
    emit_json(
        {
            "valid": not has_errors(problems),
            "instances": names,
            "problems": [p.as_dict() for p in problems],
        }
    )


def _render_github(problems: list[Problem]) -> None:
    for p in problems:
        level = "error" if p.severity == "error" else "warning"
        props = []
        if p.position:
            props.append(f"file={_gh_prop(p.position.file)}")
            if p.position.line:
                props.append(f"line={p.position.line}")
            if p.position.column:
                props.append(f"col={p.position.column}")
        props.append(f"title={_gh_prop(p.code)}")
        text = p.message + (f" ({p.path})" if p.path else "") + (f". {p.hint}" if p.hint else "")
        sys.stdout.write(f"::{level} {','.join(props)}::{_gh_data(text)}\n")
    if not problems:
        sys.stdout.write("helpctl validate: no problems found\n")


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")
