"""``helpctl migrate plan|run|status|verify|retry MAPPING.yaml``: each wraps one call of
:class:`helpctl.migrate.session.Migration` and renders its result (tables for people, ``--json``
for machines; the progress bar and logs on stderr, results on stdout)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.progress import Progress as Bar
from tabulate import tabulate

from helpctl.cli.options import JsonOpt
from helpctl.cli.output import emit_json
from helpctl.config.project import Project
from helpctl.migrate.runner import Progress, RunReport
from helpctl.migrate.session import Helpdesks, Migration
from helpctl.words import plural

__all__ = ["register"]

EPILOG = """\b
Examples:
  helpctl migrate plan migrations/forum.yaml       # dry run: counts, quarantine, ETA
  helpctl migrate run migrations/forum.yaml        # import; Ctrl-C and re-run to resume
  helpctl migrate status migrations/forum.yaml
  helpctl migrate retry migrations/forum.yaml      # re-send only the records that failed
  helpctl migrate verify migrations/forum.yaml --report verify.json
\b
The target is the mapping's `target: {instance: NAME}` in the nearest helpctl.yaml above the
mapping file (or --project). The ledger (SQLite, beside the mapping unless `ledger:` says
otherwise) makes every run resumable and exactly-once.
\b
Exit codes: 0 done / verified · 1 error · 3 some records failed (run, retry) or did not
arrive (verify) · 130 interrupted (the ledger is consistent: run again to continue).
"""

_PLAN_EXAMPLES = """\b
Examples:
  helpctl migrate plan migrations/forum.yaml       # counts, quarantine, ETA; imports nothing
  helpctl migrate plan migrations/forum.yaml --check-target --json
"""
_RUN_EXAMPLES = """\b
Examples:
  helpctl migrate run migrations/forum.yaml        # Ctrl-C and run again to resume
  helpctl migrate run migrations/forum.yaml -q --json
"""
_RETRY_EXAMPLES = """\b
Example:
  helpctl migrate retry migrations/forum.yaml      # only the records that failed
"""
_STATUS_EXAMPLES = """\b
Examples:
  helpctl migrate status migrations/forum.yaml
  helpctl migrate status migrations/forum.yaml --json
"""
_VERIFY_EXAMPLES = """\b
Example:
  helpctl migrate verify migrations/forum.yaml --report verify.json
"""

migrate_app = typer.Typer(
    name="migrate",
    help="Migrate legacy support history into tickets: plan, run, status, retry, verify, review.",
    epilog=EPILOG,
    no_args_is_help=True,
    rich_markup_mode=None,
)

MappingArg = Annotated[
    Path, typer.Argument(metavar="MAPPING.yaml", help="The migration mapping file (YAML).")
]
ProjectOpt = Annotated[
    Path | None,
    typer.Option("--project", help="The helpctl project (default: nearest helpctl.yaml above)."),
]
WindowOpt = Annotated[
    int, typer.Option("--window", min=1, max=16, help="Import jobs of 100 in flight at once.")
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]
WaitOpt = Annotated[
    bool,
    typer.Option(
        "--wait", help="If another run holds the ledger, wait for it instead of exiting 1."
    ),
]


def _open(mapping: Path, project: Path | None) -> Migration:
    return Migration(mapping, project=project, connect=_connect)


def _connect(project: Project) -> Helpdesks:
    """The project's instances; imported on use so a dry run loads no HTTP stack."""
    from helpctl.providers.connect import Connections

    return Connections(project)


def _eta(doc: dict[str, Any]) -> str:
    if doc["eta_seconds"] is None:
        return "no rate limit on the target: bounded by its speed alone"
    return f"{doc['eta_seconds']:.1f} s at {doc['rate_limit']} requests/min"


def _table(rows: list[tuple[str, Any]]) -> str:
    return tabulate(rows, tablefmt="plain")


@migrate_app.command("plan", epilog=_PLAN_EXAMPLES)
def plan_cmd(
    mapping: MappingArg,
    project: ProjectOpt = None,
    as_json: JsonOpt = False,
    check_target: Annotated[
        bool,
        typer.Option("--check-target", help="Also check the target has the fields, brands and"
                     " groups the tickets use (reads three lists; sends nothing)."),
    ] = False,
) -> None:  # fmt: skip
    """Dry run: read and map everything, send nothing; counts, quarantine reasons, ETA."""
    with _open(mapping, project) as mig:
        doc = mig.plan(check_target=check_target).as_dict()
    missing = any((doc["missing_on_target"] or {}).values())
    if as_json:
        emit_json(doc)
        if missing:
            raise typer.Exit(1)
        return
    q = doc["quarantined"]
    rows = [
        ("tickets", doc["tickets"]),
        ("comments", doc["comments"]),
        ("to send", doc["to_send"]),
        ("already imported", f"{doc['already_imported']} ({doc['changed']} changed)"),
        ("closed → archive", doc["archived"]),
        ("users", f"{doc['users']['total']} ({plural(doc['users']['agents'], 'agent')})"),
        ("attachments", f"{doc['attachments']['count']} ({doc['attachments']['bytes']:,} B)"),
        ("quarantined", q["count"]),
        ("requests", doc["requests"]),
        ("ETA", _eta(doc)),
    ]
    typer.echo(_table(rows))
    for reason, n in q["by_reason"].items():
        typer.echo(f"  quarantined: {n} × {reason}")
    for kind, names in (doc["missing_on_target"] or {}).items():
        for name in names:
            typer.echo(f"  missing on the target: {kind[:-1]} {name!r} (apply the config first)")
    _echo_timestamps(doc["timestamps"])
    if missing:
        raise typer.Exit(1)


def _echo_timestamps(rules: list[dict[str, Any]]) -> None:
    """A few times as read: a wrong format or zone shows here, before anything is sent."""
    for rule in rules:
        zone = rule["timezone"] or "none (times must carry an offset)"
        typer.echo(f"timestamps in {rule['where']}: format {rule['format']}, timezone {zone}")
        for e in rule["examples"]:
            if e["problem"]:
                typer.echo(f"  {e['raw']!r} → not read ({e['problem'].replace('_', ' ')})")
            else:
                local = f" = {e['local']}" if e["local"] else ""
                typer.echo(f"  {e['raw']!r} → {e['utc']}{local}")


def _progress_bar(quiet: bool, label: str = "migrating") -> tuple[Bar | None, TaskID | None]:
    if quiet:
        return None, None
    bar = Bar(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:>7.0f} records/s"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    return bar, bar.add_task(label, total=None, rate=0.0)


def _run(mapping: Path, project: Path | None, as_json: bool, quiet: bool, *, retry: bool,
         window: int, wait: bool = False) -> None:  # fmt: skip
    bar, task = _progress_bar(quiet or not sys.stderr.isatty())

    def show(p: Progress) -> None:
        if p.phase == "reconciling":
            if not quiet:  # a line each step, on a terminal or not: a resume may wait on jobs
                line = f"reconciling the last run's unsettled records: {p.done}/{p.total}"
                (bar.console.print if bar is not None else _stderr)(line)
        elif bar is not None and task is not None:
            rate = p.done / p.elapsed if p.elapsed > 0 else 0.0
            bar.update(task, completed=p.done, total=p.total, rate=rate)

    with _open(mapping, project) as mig:
        if bar is not None:
            bar.start()
        try:
            report = mig.run(retry_only=retry, window=window, progress=show, wait=wait)
        finally:
            if bar is not None:
                bar.stop()
    _render_run(report, as_json)
    if not report.ok:
        raise typer.Exit(3)


def _stderr(line: str) -> None:
    typer.echo(line, err=True)


def _render_run(report: RunReport, as_json: bool) -> None:
    if as_json:
        emit_json(report.as_dict())
        return
    rate = report.this_run.get("read", 0) / report.elapsed if report.elapsed else 0
    rows: list[tuple[str, Any]] = list(report.this_run.items())
    rows += [("elapsed", f"{report.elapsed:.1f} s ({rate:.0f} records/s)")]
    if report.requests is not None:
        rows.append(("requests", report.requests))
    typer.echo("this run:\n" + _table(rows))
    typer.echo("ledger: " + ", ".join(f"{k} {v}" for k, v in report.counts.items()))
    for f in report.failures[:20]:
        typer.echo(f"  failed {f['source_id']}: {f['reason']}")
    for q in report.quarantined[:20]:
        reasons = q["reasons"]
        why = "; ".join(str(r) for r in reasons) if isinstance(reasons, list) else str(reasons)
        typer.echo(f"  quarantined {q['source_id']}: {why}")
    if report.duplicates:
        typer.echo(f"warning: duplicates found on the target: {report.duplicates}", err=True)


@migrate_app.command("run", epilog=_RUN_EXAMPLES)
def run_cmd(
    mapping: MappingArg,
    project: ProjectOpt = None,
    as_json: JsonOpt = False,
    quiet: QuietOpt = False,
    window: WindowOpt = 8,
    wait: WaitOpt = False,
) -> None:
    """Import: users, attachments, tickets (exactly once; Ctrl-C safe, re-run to resume)."""
    _run(mapping, project, as_json, quiet, retry=False, window=window, wait=wait)


@migrate_app.command("retry", epilog=_RETRY_EXAMPLES)
def retry_cmd(
    mapping: MappingArg,
    project: ProjectOpt = None,
    as_json: JsonOpt = False,
    quiet: QuietOpt = False,
    window: WindowOpt = 8,
    wait: WaitOpt = False,
) -> None:
    """Re-send only the records that failed."""
    _run(mapping, project, as_json, quiet, retry=True, window=window, wait=wait)


@migrate_app.command("status", epilog=_STATUS_EXAMPLES)
def status_cmd(mapping: MappingArg, project: ProjectOpt = None, as_json: JsonOpt = False) -> None:
    """Records per state from the ledger, failures and quarantined records with reasons."""
    with _open(mapping, project) as mig:
        doc = mig.status()
    if as_json:
        emit_json(doc)
        return
    typer.echo(_table([(k, v) for k, v in doc["counts"].items()]))
    typer.echo(f"users cached: {doc['users']} · jobs sent: {doc['jobs']}")
    for f in doc["failed"]:
        typer.echo(f"failed {f['source_id']}: {f['reason']}")
    for q in doc["quarantined"]:
        typer.echo(f"quarantined {q['source_id']}: {'; '.join(q['reasons'])}")
    for n in doc["notes"]:
        typer.echo(f"imported {n['source_id']}, with a note: {n['note']}")
    late = doc["late_comments"]
    if late["count"]:
        typer.echo(f"comments added after import (time not preservable): {late['count']}")
    for c in late["comments"][:20]:
        typer.echo(
            f"  {c['source_id']} comment {c['comment']} on ticket {c['ticket_id']}:"
            f" originally posted {c['source_time']}"
        )
    for r in doc["runs"][:3]:
        typer.echo(f"run #{r['id']} {r['command']}: {r['outcome']}")


@migrate_app.command("verify", epilog=_VERIFY_EXAMPLES)
def verify_cmd(
    mapping: MappingArg,
    project: ProjectOpt = None,
    as_json: JsonOpt = False,
    sample: Annotated[
        float,
        typer.Option(
            "--sample", min=0.0, max=1.0, help="Share of tickets whose comments are read."
        ),
    ] = 1.0,
    report_file: Annotated[
        Path | None, typer.Option("--report", help="Also write the JSON report to this file.")
    ] = None,
    quiet: QuietOpt = False,
) -> None:
    """Prove arrival: counts, comments, checksums, timestamps, attachments (exit 0 only if all)."""
    bar, task = _progress_bar(quiet or not sys.stderr.isatty(), "verifying")
    started = time.monotonic()

    def show(done: int, total: int | None) -> None:
        if bar is not None and task is not None:
            elapsed = time.monotonic() - started
            bar.update(task, completed=done, total=total, rate=done / elapsed if elapsed else 0.0)

    with _open(mapping, project) as mig:
        if bar is not None:
            bar.start()
        try:
            report = mig.verify(sample=sample, progress=show)
        finally:
            if bar is not None:
                bar.stop()
    doc = report.as_dict()
    if report_file is not None:
        report_file.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    if as_json:
        emit_json(doc)
    else:
        t = doc["tickets"]
        c = doc["comments"]
        typer.echo(
            f"{'OK' if report.ok else 'NOT OK'}:"
            f" {t['found']}/{plural(t['expected'], 'ticket')} found"
            f" ({t['archived_found']}/{t['archived_expected']} archived),"
            f" {plural(c['comments_checked'], 'comment')} on"
            f" {plural(c['tickets_checked'], 'ticket')} checked,"
            f" {t['quarantined']} quarantined"
        )
        if report.time_not_preservable:
            typer.echo(
                "  time not preservable:"
                f" {plural(report.time_not_preservable, 'comment')} added after"
                " import carry their source time in their first line (not a failure)"
            )
        for check, n in sorted(report.problem_counts.items()):
            typer.echo(f"  {check}: {n}")
        for p in report.problems[:20]:
            typer.echo(f"  {p['check']} {p['external_id']}: {p['message']}")
    if not report.ok:
        raise typer.Exit(3)


def register(app: typer.Typer) -> None:
    """Add the ``migrate`` group to ``app``."""
    from helpctl.cli import cmd_migrate_review  # it builds on this module's options

    cmd_migrate_review.register(migrate_app)
    app.add_typer(migrate_app, name="migrate")
