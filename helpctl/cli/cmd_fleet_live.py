"""`helpctl export`, `diff`, `drift` and `instances`: reading live configuration.

Like `plan`, each wraps library calls (providers, the fleet flow, the export writer) run per
instance through :func:`helpctl.fleet.run_each`, and renders grouped results.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import typer
from tabulate import tabulate

from helpctl.cli.fleet_options import connections, load, log_line
from helpctl.cli.options import AllOpt, InstancesOpt, JsonOpt, PathArg, PruneOpt
from helpctl.cli.output import emit_json
from helpctl.cli.problems import error_block
from helpctl.cli.render_plan import change_lines, render_matrix
from helpctl.config.credentials import ENV_SUBDOMAIN
from helpctl.config.project import InstanceConfig
from helpctl.errors import ConfigError, HelpctlError
from helpctl.fleet import Outcome, compare_live, plan_fleet, run_each
from helpctl.guide.articles import ARTICLE_KIND
from helpctl.plan import change_document
from helpctl.providers.export import write_export
from helpctl.resources import KINDS
from helpctl.resources.state import State
from helpctl.words import plural

if TYPE_CHECKING:
    from helpctl.providers.connect import Connections

__all__ = ["register"]


def export(
    path: PathArg = Path("."),
    instance: str = typer.Option(
        ..., "--instance", "-i", metavar="NAME", help="The instance to export."
    ),
    out: Path = typer.Option(..., "--out", help="Folder to write the YAML files into."),
    kind: list[str] | None = typer.Option(
        None, "--kind", metavar="KIND", help="Only this kind; repeatable."
    ),
    json_: JsonOpt = False,
) -> None:
    """Write an instance's live configuration as helpctl YAML (names, not ids).

    Example: helpctl export . -i production --out exported/ --kind triggers --kind macros

    The folder gets one file per kind and a helpctl.yaml reaching the same instance, so
    `helpctl validate exported/` passes and `helpctl plan exported/` shows no changes.
    """
    project = load(path)
    project.select([instance])
    unknown = [k for k in kind or [] if k not in KINDS]
    if unknown:
        raise ConfigError(f"unknown kind {', '.join(unknown)}", hint=f"kinds: {', '.join(KINDS)}")
    kinds = {k: s for k, s in KINDS.items() if not kind or k in kind}
    with connections(project) as conns:
        # every kind is read: objects of kinds not exported are declared external
        log_line(f"[{instance}] reading {', '.join(KINDS)}")
        provider = conns.provider(instance)
        live = provider.populate(list(KINDS))
        images = provider.article_images() if ARTICLE_KIND in kinds else {}
        unmanaged = provider.unmanaged_counts()
    result = write_export(
        project, project.instances[instance], live, kinds, out, images=images, unmanaged=unmanaged
    )
    doc = {
        "instance": instance,
        "out": str(out),
        "files": result.files,
        "counts": result.counts,
        "external": result.external,
        "unmanaged": result.unmanaged,
    }
    if json_:
        emit_json(doc)
        return
    rows = [
        [k, n, "articles/" if k == ARTICLE_KIND else f"{k}.yaml"] for k, n in result.counts.items()
    ]
    typer.echo(tabulate(rows, headers=["kind", "objects", "file"], tablefmt="simple"))
    if result.unmanaged:
        listed = ", ".join(f"{k} {n}" for k, n in result.unmanaged.items())
        typer.echo(f"not managed by helpctl, not exported: {listed}")
    typer.echo(f"wrote {plural(len(result.files), 'file')} to {out}")


def _populate_all(conns: Connections, names: list[str]) -> list[Outcome[State]]:
    return run_each(names, lambda n: conns.provider(n).populate(list(KINDS)))


def _diff_targets(targets: list[str]) -> tuple[Path, str, str]:
    """``[PATH] A B`` → (project path, A, B), or a usage error saying what is missing."""
    if len(targets) == 3:
        return Path(targets[0]), targets[1], targets[2]
    if len(targets) == 2 and not Path(targets[0]).is_dir():
        return Path("."), targets[0], targets[1]
    raise ConfigError(
        "diff takes two instance names, optionally after the project folder",
        hint="helpctl diff [PATH] A B, e.g. helpctl diff configs latam emea",
    )


def diff(
    targets: list[str] = typer.Argument(
        ..., metavar="[PATH] A B", help="Project folder (default .), then two instance names."
    ),
    json_: JsonOpt = False,
) -> None:
    """Compare two instances' live configuration (what B would need to look like A).

    Example: helpctl diff configs latam emea

    Exit 0: same · 2: they differ · 1: error.
    """
    path, a, b = _diff_targets(targets)
    project = load(path)
    project.select([a, b])
    with connections(project) as conns:
        lives = _populate_all(conns, [a, b])
    left, right = (o.value for o in lives)
    if left is None or right is None:
        raise next(o.error for o in lives if o.error is not None)
    result = compare_live(left, right)
    if json_:
        changes = [change_document(c) for c in result.changes]
        emit_json({"a": a, "b": b, "same": result.empty, "counts": result.counts(),
                   "changes": changes})  # fmt: skip
    else:
        legend = f"(+ only in {a}, - only in {b}, ~ differs; old = {b}, new = {a})"
        typer.echo(f"== {a} vs {b}: " + ("same" if result.empty else legend))
        for change in result.changes:
            typer.echo("\n".join(change_lines(change)))
    raise typer.Exit(0 if result.empty else 2)


def drift(
    path: PathArg = Path("."),
    instance: InstancesOpt = None,
    all_: AllOpt = False,
    prune: PruneOpt = False,
    json_: JsonOpt = False,
) -> None:
    """Instances × kinds matrix of pending changes (what a plan would do).

    Example: helpctl drift configs --all

    Exit 0: no drift · 2: changes pending · 1: an instance failed.
    """
    project = load(path)
    chosen = project.select(instance, all_=all_)
    with connections(project) as conns:
        # force: drift shows what differs, whatever the safety thresholds would refuse
        outcomes = plan_fleet(project, chosen, conns.provider, prune=prune, force=True).outcomes
    matrix: dict[str, dict[str, int] | None] = {
        o.instance: (o.value.plan.counts_by_kind() if o.value is not None else None)
        for o in outcomes
    }
    errors = {o.instance: o.error for o in outcomes if o.error is not None}
    if json_:
        emit_json({"matrix": matrix, "errors": {k: v.as_dict() for k, v in errors.items()}})
    else:
        typer.echo(render_matrix(matrix, list(KINDS)))
        for name, err in errors.items():
            typer.echo("\n".join(error_block(err, who=f"[{name}] ")))
    if errors:
        raise typer.Exit(1)
    raise typer.Exit(2 if any(m for m in matrix.values()) else 0)


def _describe(inst: InstanceConfig) -> str:
    """Where the instance connects: the host of its url (a sandbox served elsewhere too), its
    subdomain's host, or the embedded sandbox account."""
    if inst.url:
        # host and port only: a url carrying a user or password is refused at connect time,
        # and must not be shown here either
        return urlsplit(inst.url).netloc.rpartition("@")[2] or inst.url
    if inst.backend == "sandbox":
        return f"sandbox account {inst.account or inst.name}"
    return f"{inst.subdomain or '$' + ENV_SUBDOMAIN}.zendesk.com"


def instances(
    path: PathArg = Path("."),
    check: bool = typer.Option(False, "--check", help="Authenticate against each instance."),
    json_: JsonOpt = False,
) -> None:
    """List the project's instances; --check signs in to each.

    Example: helpctl instances configs --check
    """
    project = load(path)
    names = list(project.instances)
    checks: dict[str, Outcome[dict[str, Any]]] = {}
    if check:
        with connections(project) as conns:
            checks = {o.instance: o for o in run_each(names, conns.check)}
    rows: list[dict[str, Any]] = []
    for name, inst in project.instances.items():
        row: dict[str, Any] = {
            "instance": name,
            "backend": inst.backend,
            "where": _describe(inst),
            "includes": len(inst.include),
            "manage": dict(inst.manage),
        }
        if name in checks:
            o = checks[name]
            row["check"] = o.value if o.value is not None else {"error": _err(o.error)}
        rows.append(row)
    if json_:
        emit_json({"instances": rows})
    else:
        headers = ["instance", "backend", "where", "includes"] + (["check"] if check else [])
        table = [
            [r["instance"], r["backend"], r["where"], r["includes"]]
            + ([_check_text(r["check"])] if check else [])
            for r in rows
        ]
        typer.echo(tabulate(table, headers=headers, tablefmt="simple"))
    if check and any(not o.ok for o in checks.values()):
        raise typer.Exit(1)


def _err(err: HelpctlError | None) -> dict[str, Any]:
    return err.as_dict() if err is not None else {}


def _check_text(check: dict[str, Any]) -> str:
    if "error" in check:
        return f"failed: {check['error'].get('message', '')}"
    return f"ok ({check.get('user') or '?'}, {check.get('role') or '?'})"


def register(app: typer.Typer) -> None:
    app.command("export")(export)
    app.command("diff")(diff)
    app.command("drift")(drift)
    app.command("instances")(instances)
