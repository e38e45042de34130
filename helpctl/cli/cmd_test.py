"""Command `test`: run the project's scenarios on each instance's rules (offline by default,
``--live`` on the rules read from the instance) and report them as text, JSON, JUnit XML or
GitHub annotations. Mistakes in scenario files are problems, rendered like `validate`'s."""

from __future__ import annotations

import os
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from helpctl.cli.options import InstancesOpt, JsonOpt, PathArg
from helpctl.cli.output import emit_json
from helpctl.cli.problems import Format, render_problems
from helpctl.config.loader import load_project
from helpctl.config.project import Project
from helpctl.errors import Position, Problem
from helpctl.scenarios import ScenarioResult, Suite, run_suite
from helpctl.scenarios.check import StateOf
from helpctl.words import plural

__all__ = ["register"]


class TestFormat(StrEnum):
    text = "text"
    json = "json"
    junit = "junit"
    github = "github"


TEST_EPILOG = """\b
Examples:
  helpctl test                              # scenarios/ of the project here, every instance
  helpctl test configs -i latam --explain   # which triggers fired, and why the others did not
  helpctl test configs --format junit > scenarios.xml
  helpctl test examples/quickstart --live   # on the rules the instance has now
\b
Exit codes: 0 every scenario passed · 1 a scenario failed, or a scenario file is wrong.
"""


def test(
    path: PathArg = Path("."),
    instance: InstancesOpt = None,
    live: Annotated[
        bool, typer.Option("--live", help="Run on the rules read from each instance.")
    ] = False,
    explain: Annotated[
        bool,
        typer.Option("--explain", help="Show the rules that fired, and why the others did not."),
    ] = False,
    fmt: Annotated[
        TestFormat,
        typer.Option("--format", help="text, json, junit (JUnit XML) or github (annotations)."),
    ] = TestFormat.text,
    as_json: JsonOpt = False,
) -> None:
    """Run the scenarios in scenarios/: what the rules do to a ticket, on every instance.

    --json is the same as --format json.
    """
    if as_json:
        fmt = TestFormat.json
    project = load_project(path)
    with _states(project, live) as state_of:
        suite = run_suite(project, instance, state_of=state_of, explain=explain)
    root = project.root
    if suite.problems:
        _render_problems(suite, [_moved(p, root) for p in suite.problems], fmt)
        raise typer.Exit(1)
    results = [replace(r, position=_shown(r.position, root)) for r in suite.results]
    for result in results:
        result.failures = [replace(f, position=_shown(f.position, root)) for f in result.failures]
    {
        TestFormat.text: _text,
        TestFormat.json: _json,
        TestFormat.junit: _junit,
        TestFormat.github: _github,
    }[fmt](suite, results, explain)
    raise typer.Exit(0 if suite.passed else 1)


@contextmanager
def _states(project: Project, live: bool) -> Iterator[StateOf | None]:
    if not live:
        yield None
        return
    from helpctl.providers.connect import Connections  # the HTTP stack only for --live
    from helpctl.resources import KINDS

    with Connections(project) as conns:
        yield lambda name: conns.provider(name).populate(list(KINDS))


def _shown(pos: Position, root: Path) -> Position:
    """A file position relative to the current folder, so it can be clicked and annotated."""
    if not pos.file:
        return pos
    return replace(pos, file=os.path.relpath(root / pos.file))


def _moved(problem: Problem, root: Path) -> Problem:
    if problem.position is None or not problem.position.file:
        return problem
    return replace(problem, position=_shown(problem.position, root))


def _render_problems(suite: Suite, problems: list[Problem], fmt: TestFormat) -> None:
    if fmt == TestFormat.junit:
        top = ET.Element("testsuites", name="helpctl test", tests="1", failures="1")
        box = ET.SubElement(top, "testsuite", name="scenario files", tests="1", failures="1")
        case = ET.SubElement(box, "testcase", classname="helpctl.test", name="scenario files")
        text = "\n".join(_problem_line(p) for p in problems)
        ET.SubElement(case, "failure", message=plural(len(problems), "problem")).text = text
        _write_xml(top)
        return
    render_problems(problems, suite.instances, Format(fmt.value), tool="helpctl test")


def _problem_line(p: Problem) -> str:
    where = f"{p.position}: " if p.position else ""
    inst = f" [instance {p.instance}]" if p.instance else ""
    return f"{where}{p.code}: {p.message} ({p.path}){inst}"


def _summary(results: list[ScenarioResult]) -> str:
    failed = sum(1 for r in results if not r.passed)
    names = len({(r.position, r.name) for r in results})
    instances = len({r.instance for r in results})
    head = f"{len(results) - failed} passed, {failed} failed"
    return f"{head} ({plural(names, 'scenario')} on {plural(instances, 'instance')})"


def _result_lines(result: ScenarioResult, explain: bool) -> list[str]:
    mark = "PASS" if result.passed else "FAIL"
    lines = [f"{mark} [{result.instance}] {result.name}  ({result.position})"]
    lines += [f"    {f.position}: {f.step}: {f.message}" for f in result.failures]
    if result.error:
        lines.append(f"    {result.error}")
    if explain:
        for trace in result.trace:
            fired = ", ".join(f"{i}. {t}" for i, t in enumerate(trace.fired, 1)) or "nothing"
            lines.append(f"    {trace.step}: fired {fired}")
            lines += [f"      not fired: {t} — {why}" for t, why in trace.not_fired]
            lines += [f"      sent: {n.to} [{n.locale}] {n.subject}" for n in trace.notifications]
    return lines


def _text(suite: Suite, results: list[ScenarioResult], explain: bool) -> None:
    lines = [line for r in results for line in _result_lines(r, explain)]
    if not results:
        lines.append(f"no scenarios (add YAML files under scenarios/, {len(suite.files)} found)")
    lines.append(_summary(results))
    sys.stdout.write("\n".join(lines) + "\n")


def _json(suite: Suite, results: list[ScenarioResult], explain: bool) -> None:
    emit_json(
        {
            "passed": suite.passed,
            "instances": suite.instances,
            "files": suite.files,
            "counts": {
                "passed": sum(1 for r in results if r.passed),
                "failed": sum(1 for r in results if not r.passed),
            },
            "results": [r.as_dict(explain=explain) for r in results],
        }
    )


def _junit(suite: Suite, results: list[ScenarioResult], explain: bool) -> None:
    failures = sum(1 for r in results if r.failures and not r.error)
    errors = sum(1 for r in results if r.error)
    top = ET.Element(
        "testsuites",
        name="helpctl test",
        tests=str(len(results)),
        failures=str(failures),
        errors=str(errors),
    )
    for name in suite.instances:
        mine = [r for r in results if r.instance == name]
        box = ET.SubElement(
            top,
            "testsuite",
            name=name,
            tests=str(len(mine)),
            failures=str(sum(1 for r in mine if r.failures and not r.error)),
            errors=str(sum(1 for r in mine if r.error)),
        )
        for result in mine:
            case = ET.SubElement(
                box,
                "testcase",
                classname=f"{name}.{Path(result.position.file).stem}",
                name=result.name,
                file=result.position.file,
                line=str(result.position.line),
            )
            if result.error:
                ET.SubElement(case, "error", message=result.error).text = result.error
            elif result.failures:
                text = "\n".join(f"{f.position}: {f.step}: {f.message}" for f in result.failures)
                ET.SubElement(case, "failure", message=result.failures[0].message).text = text
            if explain:
                out = "\n".join(_result_lines(result, True)[1:])
                ET.SubElement(case, "system-out").text = out
    _write_xml(top)


def _write_xml(top: ET.Element) -> None:
    ET.indent(top)
    sys.stdout.write('<?xml version="1.0" encoding="utf-8"?>\n')
    sys.stdout.write(ET.tostring(top, encoding="unicode") + "\n")


def _gh(text: str, prop: bool = False) -> str:
    out = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return out.replace(":", "%3A").replace(",", "%2C") if prop else out


def _github(suite: Suite, results: list[ScenarioResult], explain: bool) -> None:
    lines = []
    for result in results:
        title = _gh(f"[{result.instance}] {result.name}", prop=True)
        if result.error:
            pos = result.position
            lines.append(
                f"::error file={_gh(pos.file, True)},line={pos.line},title={title}::"
                + _gh(result.error)
            )
        for f in result.failures:
            lines.append(
                f"::error file={_gh(f.position.file, True)},line={f.position.line},"
                f"title={title}::{_gh(f'{f.step}: {f.message}')}"
            )
    lines.append(_summary(results) if results else "helpctl test: no scenarios")
    sys.stdout.write("\n".join(lines) + "\n")


def register(app: typer.Typer) -> None:
    """Add `test` to the app."""
    app.command(epilog=TEST_EPILOG)(test)
