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
import os
import sys

import typer
import typer.main
from typer._click.core import Command, Context
from typer._click.formatting import HelpFormatter
from typer.core import TyperGroup

from helpctl.cli.options import debug_requested, requested_format
from helpctl.cli.problems import render_error
from helpctl.errors import HelpctlError, Interrupted, UsageError

EXIT_CODES_HELP = (
    "Exit codes: 0 success / no changes pending · 1 error (invalid config, API error, refused"
    " plan) · 2 success with changes pending (plan, drift, diff) · 3 partial failure (apply,"
    " migrate) · 130 interrupted (state is consistent; re-run to continue)."
)

TOP_EPILOG = """\b
Examples:
  helpctl init my-helpdesk && helpctl validate my-helpdesk
  helpctl plan configs --all --out plan.json
  helpctl validate -h                      # help of one command, with its examples
  helpctl --install-completion             # tab completion in your shell (bash, zsh, fish)
"""

#: Every top-level command, in the order `helpctl --help` lists them: the module that registers
#: it and its one-line summary. `helpctl --help` prints the summaries from here, so it imports no
#: command module at all; a test checks they are the commands' own first docstring lines.
COMMANDS: dict[str, tuple[str, str]] = {
    "validate": (
        "cmd_validate",
        "Check the project offline: YAML, keys and types, references, rule catalogue, secrets.",
    ),
    "schema": (
        "cmd_validate",
        "Print the JSON Schema (draft 2020-12) of the config files, for editors and CI.",
    ),
    "init": (
        "cmd_validate",
        "Create a starter project with a `sandbox` instance that validates as written.",
    ),
    "test": (
        "cmd_test",
        "Run the scenarios in scenarios/: what the rules do to a ticket, on every instance.",
    ),
    "plan": ("cmd_fleet", "Show what apply would change; writes nothing to the helpdesk."),
    "apply": ("cmd_fleet", "Validate, plan, confirm, then write the changes to the helpdesk."),
    "show": (
        "cmd_fleet",
        "Show a saved plan for people (text or Markdown) or machines (JSON); reads no helpdesk.",
    ),
    "export": (
        "cmd_fleet",
        "Write an instance's live configuration as helpctl YAML (names, not ids).",
    ),
    "diff": (
        "cmd_fleet",
        "Compare two instances' live configuration (what B would need to look like A).",
    ),
    "drift": ("cmd_fleet", "Instances × kinds matrix of pending changes (what a plan would do)."),
    "instances": ("cmd_fleet", "List the project's instances; --check signs in to each."),
    "sandbox": ("cmd_sandbox", "Run the local Zendesk-compatible sandbox, or wipe its data."),
    "migrate": (
        "cmd_migrate",
        "Migrate legacy support history into tickets: plan, run, status, retry, verify, review.",
    ),
}
#: The command modules, in the order `helpctl --help` lists their commands.
_MODULES = tuple(dict.fromkeys(module for module, _ in COMMANDS.values()))
#: Options every command takes, before or after the command's name.
GLOBAL_FLAGS = ("--debug", "--json")
#: `-h` as well as `--help`, on every command (subcommands inherit it from the group's context).
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}


class _LazyGroup(TyperGroup):
    """The top-level group: a command's module is imported when that command is run (or its
    help shown), and `helpctl --help` lists the commands from :data:`COMMANDS` without
    importing any of them."""

    def list_commands(self, ctx: Context) -> list[str]:
        return [*COMMANDS, *(name for name in self.commands if name not in COMMANDS)]

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self.commands.update(_commands_of(COMMANDS[cmd_name][0]))
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        rows = [(name, summary) for name, (_, summary) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _commands_of(module: str) -> dict[str, Command]:
    """The click commands one command module registers (on an app of their own)."""
    own = typer.Typer(add_completion=False, rich_markup_mode=None, pretty_exceptions_enable=False)
    importlib.import_module(f"helpctl.cli.{module}").register(own)
    return dict(typer.main.get_group(own).commands)


_app = typer.Typer(
    name="helpctl",
    cls=_LazyGroup,
    help="Helpdesk configuration as code, and migration of support history into it.\n\n"
    "--debug and --json may be given before or after the command.\n\n" + EXIT_CODES_HELP,
    epilog=TOP_EPILOG,
    context_settings=CONTEXT_SETTINGS,
    no_args_is_help=True,
    add_completion=True,
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
        import logging  # only a --debug run logs (7 ms of start-up otherwise)

        logging.basicConfig(level=logging.DEBUG, stream=sys.stderr, format="%(name)s %(message)s")
        for noisy in ("httpx", "httpcore", "uvicorn", "uvicorn.access", "uvicorn.error"):
            logging.getLogger(noisy).setLevel(logging.WARNING)


_registered: set[str] = set()


def _register(modules: tuple[str, ...] = _MODULES) -> typer.Typer:
    """The app with (at least) the commands of ``modules`` registered."""
    for name in modules:
        if name not in _registered:
            importlib.import_module(f"helpctl.cli.{name}").register(_app)
            _registered.add(name)
    return _app


def __getattr__(name: str) -> typer.Typer:
    # `from helpctl.cli.app import app` (tests, docs) gets the app with every command
    if name == "app":
        return _register()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def global_options_first(args: list[str]) -> list[str]:
    """The command line with the global flags moved where click takes them: ``--debug`` (an
    option of the group) before the command, ``--json`` (an option of each command) after it.
    So both may be written before or after the command's name. Nothing after ``--`` moves."""
    cut = args.index("--") if "--" in args else len(args)
    head, tail = args[:cut], args[cut:]
    debug = "--debug" in head
    rest = [arg for arg in head if arg != "--debug"]
    first_command = next((i for i, arg in enumerate(rest) if not arg.startswith("-")), None)
    if first_command is not None and "--json" in rest[:first_command]:
        rest = [arg for i, arg in enumerate(rest) if not (arg == "--json" and i < first_command)]
        rest.append("--json")
    return (["--debug"] if debug else []) + rest + tail


def main() -> None:
    """Entry point of the ``helpctl`` console script."""
    args = sys.argv[1:]
    # pydantic looks for plugins (observability hooks) in every installed package's entry points
    # when it builds its first model: ~15 ms of start-up that a command-line run never uses.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    fmt = requested_format(args)  # the one output choice, read once, passed to the renderer
    try:
        # standalone_mode=False makes click *return* a `typer.Exit` code instead of exiting
        code = _app(args=global_options_first(args), prog_name="helpctl", standalone_mode=False)
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
