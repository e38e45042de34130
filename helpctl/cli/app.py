"""The typer application: global options, command registration, and the one error path.

Every command module exposes ``register(app)``; commands call one library function and render
its result. :func:`main` registers only the module of the command being run (``helpctl
validate`` need not import the HTTP client, the provider and SQLAlchemy that the fleet and
migrate commands use); ``app``, read as a module attribute, has every command. A
:class:`~helpctl.errors.HelpctlError` is caught here, once, and rendered by
:mod:`helpctl.cli.problems` as text or as the JSON error envelope (the format the command line
asked for, read once by :func:`~helpctl.cli.options.requested_format`); exit codes are
documented in ``EXIT_CODES_HELP``.
"""

from __future__ import annotations

import importlib
import logging
import sys

import typer

from helpctl.cli.options import debug_requested, requested_format
from helpctl.cli.problems import render_error
from helpctl.errors import HelpctlError, Interrupted, UsageError

EXIT_CODES_HELP = (
    "Exit codes: 0 success / no changes pending · 1 error (invalid config, API error, refused"
    " plan) · 2 success with changes pending (plan, drift, diff) · 3 partial failure (apply,"
    " migrate) · 130 interrupted (state is consistent; re-run to continue)."
)

_app = typer.Typer(
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
        from helpctl import __version__  # importlib.metadata only when asked

        typer.echo(f"helpctl {__version__}")
        raise typer.Exit(0)


@_app.callback()
def _global(
    debug: bool = typer.Option(
        False, "--debug", help="Log one line per HTTP request to stderr; show tracebacks of bugs."
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    if debug:
        logging.basicConfig(level=logging.DEBUG, stream=sys.stderr, format="%(name)s %(message)s")
        for noisy in ("httpx", "httpcore", "uvicorn", "uvicorn.access", "uvicorn.error"):
            logging.getLogger(noisy).setLevel(logging.WARNING)


#: The command modules, in the order `helpctl --help` lists their commands.
_MODULES = ("cmd_validate", "cmd_test", "cmd_fleet", "cmd_sandbox", "cmd_migrate")
#: The module that registers each top-level command.
_COMMAND_MODULES = {
    **dict.fromkeys(("validate", "schema", "init"), "cmd_validate"),
    **dict.fromkeys(("plan", "apply", "export", "diff", "drift", "instances"), "cmd_fleet"),
    "test": "cmd_test",
    "sandbox": "cmd_sandbox",
    "migrate": "cmd_migrate",
}
_registered: set[str] = set()


def _register(modules: tuple[str, ...] = _MODULES) -> typer.Typer:
    """The app with (at least) the commands of ``modules`` registered."""
    for name in modules:
        if name not in _registered:
            importlib.import_module(f"helpctl.cli.{name}").register(_app)
            _registered.add(name)
    return _app


def _modules_for(args: list[str]) -> tuple[str, ...]:
    """The modules a command line needs: the one of its command, or all of them (help, no
    command, or a name click should answer with its own error)."""
    command = next((arg for arg in args if not arg.startswith("-")), None)
    module = _COMMAND_MODULES.get(command or "")
    return (module,) if module is not None else _MODULES


def __getattr__(name: str) -> typer.Typer:
    # `from helpctl.cli.app import app` (tests, docs) gets the app with every command
    if name == "app":
        return _register()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Entry point of the ``helpctl`` console script."""
    args = sys.argv[1:]
    fmt = requested_format(args)  # the one output choice, read once, passed to the renderer
    try:
        # standalone_mode=False makes click *return* a `typer.Exit` code instead of exiting
        code = _register(_modules_for(args))(args=args, prog_name="helpctl", standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except HelpctlError as err:
        render_error(err, fmt)
        sys.exit(err.exit_code)
    except KeyboardInterrupt:
        render_error(
            Interrupted("interrupted", hint="state is consistent; run the command again"), fmt
        )
        sys.exit(Interrupted.exit_code)
    except typer.Exit as ex:
        sys.exit(ex.exit_code)
    except typer.Abort:
        render_error(Interrupted("aborted"), fmt)
        sys.exit(Interrupted.exit_code)
    except typer.TyperException as ex:  # click's usage errors (typer vendors click)
        render_error(_usage_error(ex), fmt)
        sys.exit(UsageError.exit_code)
    except Exception as ex:  # our own bugs
        if debug_requested(args):
            raise
        render_error(
            HelpctlError(
                f"internal error: {type(ex).__name__}: {ex}",
                hint="re-run with --debug and report it",
            ),
            fmt,
        )
        sys.exit(1)


def _usage_error(ex: typer.TyperException) -> UsageError:
    """Click's usage error as ours: its message, and the command's usage line as the hint."""
    format_message = getattr(ex, "format_message", None)
    message = format_message() if callable(format_message) else str(ex)
    ctx = getattr(ex, "ctx", None)
    usage = ctx.get_usage() if ctx is not None else "Usage: helpctl COMMAND --help"
    return UsageError(str(message), hint=f"{usage.strip()}  (see --help)")
