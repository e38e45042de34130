"""`helpctl sandbox serve` and `helpctl sandbox reset`: the local Zendesk-compatible helpdesk."""

from __future__ import annotations

import signal
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from helpctl.config.urls import is_loopback
from helpctl.errors import SandboxError

if TYPE_CHECKING:
    from helpctl.sandbox.runner import SandboxServer

DEFAULT_PATH = Path(".helpctl/sandbox.sqlite3")

sandbox_app = typer.Typer(
    name="sandbox",
    help="Run the local Zendesk-compatible sandbox, or wipe its data.",
    no_args_is_help=True,
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


@sandbox_app.command("serve")
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


@sandbox_app.command("reset")
def reset(path: PathOption = DEFAULT_PATH) -> None:
    """Delete the sandbox's data file (accounts and credentials are created again on start)."""
    removed = [p for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()]
    for file in removed:
        file.unlink()
    typer.echo(f"removed {path}" if removed else f"nothing to remove at {path}")


def register(app: typer.Typer) -> None:
    """Add the ``sandbox`` group to ``app``."""
    app.add_typer(sandbox_app, name="sandbox")
