"""The ``netassess`` command: a thin Typer shell over the library.

Each module in this package adds its commands through ``register(app)``, so a new
command group is a new file. Every ``NetassessError`` becomes one red line on stderr
and its documented exit code (see ``netassess.errors.ExitCode``).
"""

from __future__ import annotations

import importlib
import logging
import os
import pkgutil
import sys
from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from netassess import __version__
from netassess.errors import ExitCode, NetassessError, one_line

app = typer.Typer(
    name="netassess",
    help=(
        "Assess network engineering skills (ST0127: S2, S4, S7, S13) on real devices.\n\n"
        "Typical use: `netassess lab up containerlab/triangle.clab.yml`, then "
        "`netassess run tasks/<task>.yaml --lab <name>`.\n\n"
        "Exit codes: 0 passed/ok, 1 below pass mark, 2 usage or spec error, "
        "3 incomplete assessment, 4 environment/lab error, 5 device refused a change."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

err_console = Console(stderr=True, emoji=False)  # "file.yaml:100:" must not become an emoji
INTERRUPTED = 130  # Ctrl-C or SIGTERM (docs/exit-codes.md); no command returns it otherwise


def _version(value: bool) -> None:
    if value:
        typer.echo(f"netassess {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
    trust_paths: bool = typer.Option(False, "--trust-paths", help="Let task content reach outside its project folder: "
                                     "topology binds, startup-config and exec, template includes (off: refused, exit 2)."),
) -> None:
    """Assess network engineering skills on real devices."""
    from netassess.spec.paths import trust_paths as _trust

    _trust(trust_paths)


# Device libraries log failures with tracebacks (paramiko's transport thread, netmiko, ncclient);
# with no handler configured Python prints them on stderr. The failure reaches the user as one
# line from netassess instead, so their loggers get a NullHandler of their own.
QUIET_LOGGERS = ("paramiko", "netmiko", "napalm", "ncclient", "nornir", "scrapli")


def quiet_library_loggers() -> None:
    for name in QUIET_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())


def _fail(message: str, code: int) -> None:
    """One red line on stderr; the message is escaped, so ``[/x]`` in a path or device text stays text."""
    err_console.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    sys.exit(code)


def _register_all() -> None:
    for mod in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if mod.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{mod.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app)


try:
    _register_all()
except KeyboardInterrupt:  # Ctrl-C while the commands load: the same one line and code as later, no traceback
    sys.stderr.write("error: interrupted\n")
    sys.exit(130)


def _exit_interrupted(message: str | None = "interrupted") -> NoReturn:
    """One line, then exit 130 at once. The command has unwound (``lab up`` removed what it made),
    but collector threads may still wait on a silent device for --timeout; a normal exit would
    wait for them. Their sessions close with the process."""
    if message:
        err_console.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(INTERRUPTED)


def main() -> None:
    """Console-script entry point: run the app, map errors to one line and an exit code."""
    quiet_library_loggers()
    try:
        rc = app(standalone_mode=False)
        # Non-standalone Click returns a command's typer.Exit code instead of exiting with it.
        if isinstance(rc, int) and not isinstance(rc, bool) and rc:
            if rc == INTERRUPTED:  # Typer turns Ctrl-C (and SIGTERM, see _signals) into a silent Exit(130)
                _exit_interrupted()
            sys.exit(rc)
    except NetassessError as exc:
        if exc.exit_code == ExitCode.INTERRUPTED:
            err_console.print(f"[bold red]error:[/] {escape(one_line(str(exc)))}", highlight=False, soft_wrap=True)
            _exit_interrupted(None)  # said what was undone; exit at once
        _fail(one_line(str(exc)), int(exc.exit_code))
    except (MemoryError, RecursionError) as exc:
        # An input shaped to exhaust us (the loaders refuse the known ones): still one line and exit 2.
        what = "ran out of memory" if isinstance(exc, MemoryError) else "nested too deeply"
        _fail(f"the input {what} while being read; check the files given for size and nesting", int(ExitCode.USAGE))
    except KeyboardInterrupt:
        _exit_interrupted()
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err_console.print("[bold red]error:[/] aborted")
        sys.exit(1)
    except Exception as exc:
        # Click's usage errors (vendored by Typer) arrive here in non-standalone mode.
        if hasattr(exc, "show") and isinstance(getattr(exc, "exit_code", None), int):
            exc.show()
            sys.exit(int(ExitCode.USAGE) if exc.exit_code == 2 else exc.exit_code)
        raise
