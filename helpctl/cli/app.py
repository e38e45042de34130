"""The typer application: global options, command registration, and the one error path.

Every command module exposes ``register(app)``; commands call one library function and render
its result. A :class:`~helpctl.errors.HelpctlError` is caught here, once, and rendered as text or
as the JSON error envelope; exit codes are documented in ``EXIT_CODES_HELP``.
"""

from __future__ import annotations

import logging
import sys

import typer

from helpctl import __version__
from helpctl.cli import (
    cmd_fleet,
    cmd_migrate,
    cmd_sandbox,
    cmd_validate,
)
from helpctl.cli.output import render_error, state
from helpctl.errors import HelpctlError, Interrupted

EXIT_CODES_HELP = (
    "Exit codes: 0 success / no changes pending · 1 error (invalid config, API error, refused"
    " plan) · 2 success with changes pending (plan, drift, diff) · 3 partial failure (apply,"
    " migrate) · 130 interrupted (state is consistent; re-run to continue)."
)

app = typer.Typer(
    name="helpctl",
    help="Helpdesk configuration as code, and migration of support history into it.\n\n"
    + EXIT_CODES_HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"helpctl {__version__}")
        raise typer.Exit(0)


@app.callback()
def _global(
    debug: bool = typer.Option(
        False, "--debug", help="Log one line per HTTP request to stderr; show tracebacks of bugs."
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    state.debug = debug
    if debug:
        logging.basicConfig(level=logging.DEBUG, stream=sys.stderr, format="%(name)s %(message)s")
        for noisy in ("httpx", "httpcore", "uvicorn", "uvicorn.access", "uvicorn.error"):
            logging.getLogger(noisy).setLevel(logging.WARNING)


for module in (cmd_validate, cmd_fleet, cmd_sandbox, cmd_migrate):
    module.register(app)


def main() -> None:
    """Entry point of the ``helpctl`` console script."""
    try:
        # standalone_mode=False makes click *return* a `typer.Exit` code instead of exiting
        code = app(standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except HelpctlError as err:
        render_error(err)
        sys.exit(err.exit_code)
    except KeyboardInterrupt:
        err2 = Interrupted("interrupted", hint="state is consistent; run the command again")
        render_error(err2)
        sys.exit(130)
    except typer.Exit as ex:
        sys.exit(ex.exit_code)
    except typer.Abort:
        render_error(Interrupted("aborted"))
        sys.exit(130)
    except Exception as ex:  # click usage errors and our own bugs
        import click

        if isinstance(ex, click.ClickException):
            ex.show()
            sys.exit(ex.exit_code)
        if state.debug:
            raise
        render_error(
            HelpctlError(
                f"internal error: {type(ex).__name__}: {ex}",
                hint="re-run with --debug and report it",
            )
        )
        sys.exit(1)
