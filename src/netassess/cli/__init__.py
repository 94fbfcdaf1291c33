"""The ``netassess`` command: a thin Typer shell over the library.

Each module in this package adds its commands through ``register(app)``, so a new
command group is a new file. Every ``NetassessError`` becomes one red line on stderr
and its documented exit code (see ``netassess.errors.ExitCode``).
"""

from __future__ import annotations

import functools
import importlib
import os
import pkgutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer

from netassess import __version__
from netassess.cli._logging import QUIET_LOGGERS, quiet_library_loggers  # noqa: F401  (re-exported)
from netassess.errors import ExitCode, NetassessError, one_line

if TYPE_CHECKING:
    from rich.console import Console

# Start-up is kept light (issue 15: --version, --help, validate <= 0.3 s): every command module
# imports the engine, NAPALM, Nornir, rich's widgets and the report code inside its commands.
# A unit test holds `import netassess.cli` to that.

# The user-facing NETASSESS_* variables; options that map to one also take it through envvar=.
ENVIRONMENT = {
    "NETASSESS_USERNAME / NETASSESS_PASSWORD": "device login when the inventory gives none (else a prompt)",
    "NETASSESS_STATE_DIR": "where lab state, keys and inventories live (default ~/.local/state/netassess)",
    "NETASSESS_TRUST_PATHS": "1 = --trust-paths",
    "NETASSESS_SESSION_LOG": "= --session-log DIR",
    "NETASSESS_SIGN_KEY": "= run/check --sign-key (evidence signing key)",
    "NETASSESS_KEY_PASSPHRASE": "passphrase of an encrypted signing key (else a prompt)",
    "NETASSESS_LAB_PASSWORD": "= lab up --password",
    "NETASSESS_CHECKS_PATH": "extra folders of check-type modules (os.pathsep-separated)",
    "NETASSESS_IMAGE_DIR / NETASSESS_IMAGE_MAP": "lab image cache folder / image map file",
    "NETASSESS_DEBIAN_MIRROR": "mirror for building lab images",
    "NETASSESS_LLDPD_ROOT": "where `make lldpd` installed lldpd (lab up --lldp)",
    "NETASSESS_HISTORY": "= run/check/practice --history-db (the attempts database)",
    "NETASSESS_COHORT_SECRET / NETASSESS_COHORT_SECRET_FILE": (
        "the cohort secret per-candidate parameters derive from (or a file holding it)"),
}
EPILOG = "Environment variables:\n\n" + "\n".join(f"{k}: {v}" for k, v in ENVIRONMENT.items())

_app = typer.Typer(
    name="netassess",
    help=(
        "Assess network engineering skills (ST0127: S2, S4, S7, S13) on real devices.\n\n"
        "Typical use: `netassess lab up containerlab/triangle.clab.yml`, then "
        "`netassess run tasks/<task>.yaml --lab <name>`.\n\n"
        "Exit codes: 0 passed/ok, 1 below pass mark, 2 usage or spec error, "
        "3 incomplete assessment, 4 environment/lab error, 5 device refused a change."
    ),
    epilog=EPILOG,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
)

INTERRUPTED = 130  # Ctrl-C or SIGTERM (docs/exit-codes.md); no command returns it otherwise


_err_console: Console | None = None


def _err() -> Console:
    """stderr's console, made on first use: starting the CLI does not import rich's console."""
    global _err_console
    if _err_console is None:
        from rich.console import Console

        _err_console = Console(stderr=True, emoji=False)  # "file.yaml:100:" must not become an emoji
    return _err_console


def __getattr__(name: str) -> Any:
    if name == "err_console":
        return _err()
    if name == "app":  # the whole app, for tests and tools; `netassess CMD` loads CMD's module alone
        return _whole_app()
    raise AttributeError(name)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"netassess {__version__}")
        raise typer.Exit()


@_app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
    trust_paths: bool = typer.Option(False, "--trust-paths", envvar="NETASSESS_TRUST_PATHS",
                                     help="Let task content reach outside its project folder: "
                                     "topology binds, startup-config and exec, template includes (off: refused, exit 2)."),
    verbose: int = typer.Option(0, "--verbose", "-v", count=True, help="Say what netassess does (-vv: in detail)."),
    debug: bool = typer.Option(False, "--debug", help="Also show the device libraries' logs (paramiko, netmiko, "
                               "napalm, nornir), secrets masked."),
    session_log: Path | None = typer.Option(None, "--session-log", envvar="NETASSESS_SESSION_LOG", metavar="DIR",
                                            help="Write each device's SSH session to DIR/<device>.log (run, check, "
                                            "baseline, push), secrets masked."),
) -> None:
    """Assess network engineering skills on real devices."""
    from netassess.cli._logging import configure_logging, set_session_log_dir
    from netassess.spec.paths import trust_paths as _trust

    _trust(trust_paths)
    configure_logging(verbose, debug)
    set_session_log_dir(session_log)


def _fail(message: str, code: int) -> None:
    """One red line on stderr; the message is escaped, so ``[/x]`` in a path or device text stays text."""
    from rich.markup import escape

    _err().print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    sys.exit(code)


# The module that registers each command, so `netassess CMD` imports that one alone (issue 15). A
# test holds it to what the modules register; a command missing here still works (all modules load),
# as `schema` does on purpose: other modules add theirs to it (report adds `schema results`).
COMMAND_MODULES = {
    "run": "assess", "check": "assess", "score": "assess", "baseline": "assess", "checks": "checks", "demo": "demo",
    "history": "history", "lab": "lab", "practice": "practice", "push": "push", "report": "report",
    "tasks": "tasks", "validate": "validate", "watch": "window",
}


def _bare() -> typer.Typer:
    """The root app (options, help, callback) holding no command."""
    import copy

    bare = copy.copy(_app)
    bare.registered_commands, bare.registered_groups = [], []
    return bare


@functools.cache
def _module_app(module: str) -> typer.Typer:
    """A bare app holding the commands ``module`` registers (each module registers once: some add
    their sub-apps' groups as they do)."""
    register = getattr(importlib.import_module(f"{__name__}.{module}"), "register", None)
    into = _bare()
    if register is not None:
        register(into)
    return into


def _whole_app() -> typer.Typer:
    """The app with every command module's commands, in module order (``--help`` lists them so)."""
    if not _app.registered_commands and not _app.registered_groups:
        for mod in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
            if not mod.name.startswith("_"):
                _app.registered_commands += _module_app(mod.name).registered_commands
                _app.registered_groups += _module_app(mod.name).registered_groups
    return _app


def _exit_interrupted(message: str | None = "interrupted") -> NoReturn:
    """One line, then exit 130 at once. The command has unwound (``lab up`` removed what it made),
    but collector threads may still wait on a silent device for --timeout; a normal exit would
    wait for them. Their sessions close with the process."""
    if message:
        from rich.markup import escape

        _err().print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(INTERRUPTED)


# Root options that neither take a value nor show the command list (--help does: it needs them all).
_ROOT_FLAGS = frozenset({"--version", "--trust-paths", "--verbose", "--debug"})


def _invoked_command(args: list[str]) -> str | None:
    """The command ``args`` name after the root options, as Click's parser would find it, or
    ``--version`` when that root option comes first (it prints and exits before any command runs);
    None when that is unclear (an unknown or incomplete option, ``--``, no command): then every
    command is built."""
    skip = version = False
    for arg in args:
        if skip:
            skip = False
        elif arg == "--session-log":  # the one root option that takes a value
            skip = True
        elif arg in _ROOT_FLAGS or arg.startswith("--session-log=") or (arg[:2] == "-v" and set(arg[1:]) == {"v"}):
            version = version or arg == "--version"
        elif arg.startswith("-"):
            return None
        else:
            return "--version" if version else arg
    return "--version" if version and not skip else None


def _app_for(args: list[str]) -> typer.Typer:
    """The app with only the command ``args`` invoke, from its module alone, or no command for
    ``--version`` (issue 15: Typer builds the Click command of every command it holds, ~20 ms for
    all 29, and the modules take ~5 ms to import). Output, errors and exit codes are the same: a
    command's help, usage and errors name only itself. Anything else (root help, an unknown command,
    a typo to suggest against, shell completion) gets every command."""
    from typer.main import get_command_name, solve_typer_info_defaults

    name = _invoked_command(args)
    if name is None or "_NETASSESS_COMPLETE" in os.environ:
        return _whole_app()
    lean = _bare()
    if name == "--version":
        return lean
    source = _module_app(COMMAND_MODULES[name]) if name in COMMAND_MODULES else _whole_app()
    lean.registered_commands = [c for c in source.registered_commands
                                if (c.name or get_command_name(getattr(c.callback, "__name__", ""))) == name]
    lean.registered_groups = [g for g in source.registered_groups if solve_typer_info_defaults(g).name == name]
    return lean if lean.registered_commands or lean.registered_groups else _whole_app()


def main() -> None:
    """Console-script entry point: run the app, map errors to one line and an exit code."""
    # netassess uses no pydantic plugins; without this, building the first model reads the entry
    # points of every installed package to look for some (~1 % of `validate`). An explicit value
    # (e.g. PYDANTIC_DISABLE_PLUGINS= to let a plugin such as logfire see netassess's models) wins.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
    quiet_library_loggers()
    try:
        # also names the completion variable
        rc = _app_for(sys.argv[1:])(standalone_mode=False, prog_name="netassess")
        # Non-standalone Click returns a command's typer.Exit code instead of exiting with it.
        if isinstance(rc, int) and not isinstance(rc, bool) and rc:
            if rc == INTERRUPTED:  # Typer turns Ctrl-C (and SIGTERM, see _signals) into a silent Exit(130)
                _exit_interrupted()
            sys.exit(rc)
    except NetassessError as exc:
        if exc.exit_code == ExitCode.INTERRUPTED:
            from rich.markup import escape

            _err().print(f"[bold red]error:[/] {escape(one_line(str(exc)))}", highlight=False, soft_wrap=True)
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
        _err().print("[bold red]error:[/] aborted")
        sys.exit(1)
    except Exception as exc:
        # Click's usage errors (vendored by Typer) arrive here in non-standalone mode.
        show, code = getattr(exc, "show", None), getattr(exc, "exit_code", None)
        if callable(show) and isinstance(code, int):
            show()
            sys.exit(int(ExitCode.USAGE) if code == 2 else code)
        raise
