"""The one renderer of problems and errors: text for people, JSON for machines, GitHub
annotations for CI.

``validate`` lists problems through :func:`render_problems`; the error handler of
:mod:`helpctl.cli.app` renders every :class:`~helpctl.errors.HelpctlError` through
:func:`render_error`; fleet commands show an instance's error under its block with
:func:`error_block`. An error carrying problems (:class:`~helpctl.errors.ProblemsError`:
validation, a mapping file) is shown as its summary with every problem listed, the same way in
each of them.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from helpctl.cli.output import emit_json
from helpctl.errors import HelpctlError, Problem, ProblemsError
from helpctl.words import plural

__all__ = [
    "Format",
    "error_block",
    "error_lines",
    "problem_lines",
    "problems_document",
    "render_error",
    "render_problems",
]


class Format(StrEnum):
    """How a command reports: ``text`` (people), ``json`` (machines), ``github`` (annotations)."""

    text = "text"
    json = "json"
    github = "github"


def _instances(names: Sequence[str]) -> str:
    if not names:
        return ""
    return f" [instance{'s' if len(names) > 1 else ''} {', '.join(names)}]"


def problem_lines(problem: Problem, instances: Sequence[str] | None = None) -> list[str]:
    """One problem as text: ``file:line:col: [warning: ]code: message (path) [instance X]``,
    then its hint indented; ``instances`` names every instance it was found on."""
    p = problem
    where = f"{p.position}: " if p.position else ""
    level = "warning: " if p.severity != "error" else ""
    key = f" ({p.path})" if p.path else ""
    inst = _instances(instances if instances is not None else [p.instance] if p.instance else [])
    lines = [f"{where}{level}{p.code}: {p.message}{key}{inst}"]
    if p.hint:
        lines.append(f"    hint: {p.hint}")
    return lines


def problems_document(problems: Sequence[Problem], instances: Sequence[str]) -> dict[str, Any]:
    """`validate --format json`: valid, the instances checked, every problem."""
    return {
        "valid": not any(p.severity == "error" for p in problems),
        "instances": list(instances),
        "problems": [p.as_dict() for p in problems],
    }


def _text(problems: Sequence[Problem], instances: Sequence[str]) -> str:
    """Each problem once, naming the instances it was found on (a base file's problem is one
    line for the whole fleet); the counts stay per instance."""
    lines = [line for p, names in _grouped(problems) for line in problem_lines(p, names)]
    errors = sum(1 for p in problems if p.severity == "error")
    scope = f" in {plural(len(instances), 'instance')}" if instances else ""
    counted = f"{plural(errors, 'error')}, {plural(len(problems) - errors, 'warning')}{scope}"
    lines.append(f"invalid: {counted}" if errors else f"valid: {counted}")
    return "\n".join(lines) + "\n"


def _grouped(problems: Sequence[Problem]) -> list[tuple[Problem, list[str]]]:
    """Each problem once with the instances that see it; a valid project (no problems) does
    not import the plan review module that groups them (start-up stays light)."""
    if not problems:
        return []
    from helpctl.plan.review import group_problems

    return group_problems(problems)


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def _annotation(p: Problem, instances: Sequence[str] = ()) -> str:
    level = "error" if p.severity == "error" else "warning"
    props = []
    if p.position:
        props.append(f"file={_gh_prop(p.position.file)}")
        if p.position.line:
            props.append(f"line={p.position.line}")
        if p.position.column:
            props.append(f"col={p.position.column}")
    props.append(f"title={_gh_prop(p.code)}")
    text = p.message + (f" ({p.path})" if p.path else "") + _instances(instances)
    text += f". {p.hint}" if p.hint else ""
    return f"::{level} {','.join(props)}::{_gh_data(text)}"


def render_problems(
    problems: Sequence[Problem], instances: Sequence[str], fmt: Format, *, tool: str
) -> None:
    """Every problem on stdout in ``fmt``; ``tool`` names the command in GitHub's empty case."""
    if fmt == Format.json:
        emit_json(problems_document(problems, instances))
    elif fmt == Format.github:
        grouped = _grouped(problems)  # one annotation per place, naming the instances
        lines = [_annotation(p, names) for p, names in grouped] or [f"{tool}: no problems found"]
        sys.stdout.write("\n".join(lines) + "\n")
    else:
        sys.stdout.write(_text(problems, instances))


def _head_and_body(err: HelpctlError) -> tuple[str, list[str]]:
    if isinstance(err, ProblemsError) and err.problems:
        return err.summary, [line for p in err.problems for line in problem_lines(p)]
    return str(err), []


def error_lines(err: HelpctlError) -> list[str]:
    """The error as text: ``error: ...``, the problems it carries, ``hint: ...``."""
    head, body = _head_and_body(err)
    lines = [f"error: {head}", *(f"  {line}" for line in body)]
    if err.hint:
        lines.append(f"hint: {err.hint}")
    return lines


def error_block(err: HelpctlError, *, who: str = "") -> list[str]:
    """The error under an instance's block in fleet output: ``!`` on the first line, the rest
    (further lines, the problems it carries) indented; ``who`` prefixes the first line."""
    head, body = _head_and_body(err)
    first, *rest = head.splitlines() or [""]
    lines = [f"  ! {who}{first}", *(f"      {line.strip()}" for line in rest)]
    lines += [f"      {line}" for line in body]
    if err.hint:
        lines.append(f"    hint: {err.hint}")
    return lines


def render_error(err: HelpctlError, fmt: Format) -> None:
    """Render an error once: the JSON envelope on stdout under ``json``, text on stderr
    otherwise (GitHub annotations are for problems; an error still goes to the log as text)."""
    if fmt == Format.json:
        emit_json({"error": err.as_dict()})
        return
    sys.stderr.write("\n".join(error_lines(err)) + "\n")
