"""`helpctl sandbox serve` and `helpctl sandbox reset`: the local Zendesk-compatible helpdesk."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from helpctl.cli.options import InstancesOpt
from helpctl.config.project import DEFAULT_SANDBOX_PATH
from helpctl.config.urls import is_loopback
from helpctl.errors import ConfigError, SandboxError, UsageError

if TYPE_CHECKING:
    from helpctl.sandbox.runner import SandboxServer

DEFAULT_PATH = Path(DEFAULT_SANDBOX_PATH)

sandbox_app = typer.Typer(
    name="sandbox",
    help="Run the local Zendesk-compatible sandbox, or wipe its data.",
    no_args_is_help=True,
    epilog="""\b
Examples:
  helpctl sandbox serve                            # http://127.0.0.1:8765, data in .helpctl/
  helpctl sandbox serve --accounts latam,emea --faults 429:0.05
  helpctl sandbox reset                            # asks first; --yes to skip the question
""",
)

PathOption = Annotated[Path, typer.Option("--path", help="SQLite file holding the sandbox's data.")]
HostOption = Annotated[str, typer.Option(help="Interface to bind (loopback by default).")]
PortOption = Annotated[int, typer.Option(help="Port to listen on (0 picks a free one).")]
EmailOption = Annotated[str | None, typer.Option(help="Admin email of the first account.")]
TokenOption = Annotated[str | None, typer.Option(help="API token of the first account.")]
RateOption = Annotated[
    int | None, typer.Option("--rate-limit", help="Requests per minute per account.")
]
FaultsOption = Annotated[
    str | None,
    typer.Option(help="Injected faults, e.g. '429:0.05,500:0.02,reset:0.01,latency:50ms'."),
]
AccountsOption = Annotated[
    str, typer.Option(help="Comma-separated account subdomains; the first answers at /api/v2.")
]
SeedOption = Annotated[int, typer.Option(help="Seed of the fault generator.")]
RemoteOption = Annotated[
    bool, typer.Option("--allow-remote", help="Allow binding a non-loopback interface.")
]


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _banner(server: SandboxServer, names: list[str], path: Path) -> None:
    """URL and credentials, printed once: the sandbox's own local credentials, nothing else's."""
    typer.echo(f"sandbox listening on {server.url} (data in {path})")
    for name in names:
        email, token = server.credentials(name)
        typer.echo(f"  {name}: {server.base_url(name)}  email={email}  token={token}")
    typer.echo("press Ctrl-C to stop")


@sandbox_app.command(
    "serve",
    epilog="""\b
Examples:
  helpctl sandbox serve                            # http://127.0.0.1:8765, prints the token
  helpctl sandbox serve --port 0 --accounts latam,emea
  helpctl sandbox serve --faults 429:0.05,latency:50ms --seed 7
""",
)
def serve(
    host: HostOption = "127.0.0.1",
    port: PortOption = 8765,
    path: PathOption = DEFAULT_PATH,
    email: EmailOption = None,
    token: TokenOption = None,
    rate_limit: RateOption = None,
    faults: FaultsOption = None,
    accounts: AccountsOption = "default",
    seed: SeedOption = 0,
    allow_remote: RemoteOption = False,
) -> None:
    """Serve the sandbox in the foreground until Ctrl-C."""
    from helpctl.sandbox.runner import SandboxServer

    if not is_loopback(host) and not allow_remote:
        raise SandboxError(
            f"refusing to bind {host}: the sandbox is for local use",
            hint="bind 127.0.0.1, or pass --allow-remote if you really mean it",
        )
    names = [a.strip() for a in accounts.split(",") if a.strip()]
    server = SandboxServer(
        path,
        accounts=names,
        rate_limit=rate_limit,
        faults=faults,
        seed=seed,
        host=host,
        port=port,
        email=email,
        token=token,
    )
    signal.signal(signal.SIGTERM, _interrupt)  # stop cleanly (data saved) when terminated
    with server:
        _banner(server, names, path)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            typer.echo("sandbox stopped")


RESET_EPILOG = """\b
Examples:
  helpctl sandbox reset                            # the project here: asks first
  helpctl sandbox reset configs -i latam --yes     # one instance's data file, no question
  helpctl sandbox reset --path /tmp/sandbox.sqlite3
\b
Instances sharing a data file (several `account:`s of one file) are reset together; a served
sandbox (`url:`) is reset by restarting its server with `sandbox reset --path FILE`.
"""


@sandbox_app.command("reset", epilog=RESET_EPILOG)
def reset(
    project: Annotated[
        Path | None,
        typer.Argument(
            metavar="PROJECT",
            help="Project whose sandbox instances to reset (default: here).",
        ),
    ] = None,
    instance: InstancesOpt = None,
    path: Annotated[
        Path | None,
        typer.Option(
            "--path",
            metavar="FILE",
            help="Reset this SQLite file, not a project's instances.",
        ),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask first.")] = False,
) -> None:
    """Delete sandbox data files: accounts, tokens, tickets, ledgers (asks first)."""
    targets = _reset_targets(project, instance, path)
    if not targets:
        typer.echo("nothing to remove: no sandbox data file exists yet")
        return
    listed = "; ".join(
        f"{shown}" + (f" (instances {', '.join(names)})" if names else "")
        for shown, names in targets.values()
    )
    if not yes and not _confirmed(f"Delete {listed}: every account, token and ledger in it?"):
        typer.echo("nothing removed")
        raise typer.Exit(1)
    for file in targets:
        for part in (file, Path(f"{file}-wal"), Path(f"{file}-shm")):
            if part.exists():
                part.unlink()
        typer.echo(f"removed {targets[file][0]}")


def _reset_targets(
    project: Path | None, instances: list[str] | None, path: Path | None
) -> dict[Path, tuple[str, list[str]]]:
    """The existing data files to delete: file → (as shown, the instances it holds)."""
    if path is not None:
        if project is not None or instances:
            raise UsageError(
                "--path names the file itself: give no project or instance with it",
                hint="helpctl sandbox reset --path FILE, or helpctl sandbox reset PROJECT -i NAME",
            )
        return {path: (_shown(path), [])} if path.exists() else {}
    from helpctl.config.loader import find_project_file, load_project

    folder = project or Path(".")
    try:
        find_project_file(folder)
    except ConfigError:
        if project is not None or instances:
            raise
        default = Path(DEFAULT_PATH)  # no project here: the file `sandbox serve` uses
        return {default: (_shown(default), [])} if default.exists() else {}
    loaded = load_project(folder)
    names = loaded.select(instances, all_=True)
    chosen = [loaded.instances[n] for n in names]
    served = [i.name for i in chosen if i.backend == "sandbox" and i.url]
    if instances and served:
        raise SandboxError(
            f"instance {served[0]} is a served sandbox (`url:`): its data is the server's",
            hint="stop the server and run `helpctl sandbox reset --path FILE` on its data file",
        )
    out: dict[Path, tuple[str, list[str]]] = {}
    for inst in chosen:
        if inst.backend != "sandbox" or inst.url:
            continue
        file = loaded.sandbox_file(inst)
        if file == ":memory:" or not Path(file).exists():
            continue
        sharing = [i.name for i in loaded.sandbox_instances() if loaded.sandbox_file(i) == file]
        out[Path(file)] = (_shown(Path(file)), sharing)
    return out


def _shown(path: Path) -> str:
    return os.path.relpath(path) if path.is_absolute() else str(path)


def _confirmed(question: str) -> bool:
    if not sys.stdin.isatty():
        raise UsageError(
            "sandbox reset deletes data and asks first, but there is no terminal to ask on",
            hint="pass --yes to delete without asking",
        )
    return typer.confirm(question, default=False)


def register(app: typer.Typer) -> None:
    """Add the ``sandbox`` group to ``app``."""
    app.add_typer(sandbox_app, name="sandbox")
