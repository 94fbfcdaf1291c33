"""``netassess push TASK --stage setup|solution (--lab NAME | -i INV | --clab-inventory FILE | --nornir-config FILE)``.

Renders the stage per device platform, checks every device is opted in to pushes (and to
``replace``, lab equipment only), backs up each running config, loads the candidate, shows each
device's change (secrets masked), asks once, and commits. If a device refuses, the devices already
changed are rolled back and the command exits 5 with one line. SIGINT/SIGTERM during the push roll
back every committed device (exit 130).
Exit codes: 0 pushed, nothing to change or declined at the question; 2 bad task/arguments, a device
not opted in, or no --yes without a terminal; 4 device unreachable; 5 refused; 130 interrupted.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

import typer

from netassess.cli._options import DEFAULT_TIMEOUT, DEFAULT_WORKERS
from netassess.errors import Interrupted, UsageError

# The engine is imported when the command runs (CLI start stays light); a test keeps this equal
# to netassess.push.apply.DEFAULT_BACKUP_ROOT.
DEFAULT_BACKUP_ROOT = Path("backups")


class StageName(StrEnum):
    setup = "setup"
    solution = "solution"


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def push(
    task: str = typer.Argument(..., metavar="TASK", help="task file or task id"),
    stage: StageName = typer.Option(..., "--stage", help="setup (the starting state) or solution (the reference answer)"),
    lab: str | None = typer.Option(None, "--lab", help="name of a running built-in lab"),
    inventory: Path | None = typer.Option(None, "-i", "--inventory", help="Nornir SimpleInventory directory"),
    clab_inventory: Path | None = typer.Option(None, "--clab-inventory", help="containerlab's nornir-simple-inventory.yml"),
    nornir_config: Path | None = typer.Option(None, "--nornir-config", help="Nornir config file (any inventory plugin)"),
    map_: list[str] = typer.Option([], "--map", help="NODE=device or ROLE=dev1,dev2 (repeatable)"),
    param: list[str] = typer.Option([], "--param", help="name=value task parameter (repeatable)"),
    dry_run: bool = typer.Option(False, "--dry-run", help="show each device's change, commit nothing"),
    yes: bool = typer.Option(False, "--yes", "-y", help="commit without asking (needed when stdin is not a terminal)"),
    timeout: int = typer.Option(DEFAULT_TIMEOUT, "--timeout", min=1,
                                help="seconds for each device to connect and to answer each command"),
    backup_dir: Path = typer.Option(DEFAULT_BACKUP_ROOT, "--backup-dir", help="where running-config backups go"),
    workers: int = typer.Option(DEFAULT_WORKERS, "--workers", min=1, help="devices pushed in parallel"),
    confirm_timeout: int | None = typer.Option(None, "--confirm-timeout", min=10, max=3600,
                                               help="commit-confirm: each device reverts by itself after N seconds "
                                               "unless a fresh login to it works and the change is confirmed"),
    candidate: str | None = typer.Option(None, "--candidate", help="push this candidate's instance (generated "
                                         "parameters; cohort secret from $NETASSESS_COHORT_SECRET[_FILE])"),
) -> None:
    """Push a task's setup or solution stage to a lab or rack (backup, diff, ask, commit; rollback on refusal)."""
    from rich.console import Console

    from netassess.cli._logging import attach_session_logs
    from netassess.cli._push_display import ask_on_terminal, printer
    from netassess.collect.inventory import build_nornir
    from netassess.collect.roles import parse_map_options
    from netassess.push import DeferredSignals, PushInterrupted, assume_yes, push_stage
    from netassess.spec.catalog import find_task
    from netassess.spec.loader import load_task
    from netassess.spec.parameters import parse_param_options
    from netassess.spec.problems import display_path

    loaded = load_task(find_task(task), parse_param_options(param), candidate=candidate)
    nornir = build_nornir(
        lab=lab, inventory_dir=inventory, clab_inventory=clab_inventory, nornir_config=nornir_config,
        topology=loaded.topology_path,
        workers=workers, timeout=timeout,
    )
    attach_session_logs(nornir)
    if not (dry_run or yes or stdin_is_terminal()):
        raise UsageError("push: stdin is not a terminal, so nobody can confirm the change; "
                         "pass --yes to commit without asking (or --dry-run to only look)")
    console = Console(highlight=False, emoji=False)
    confirm = assume_yes if (yes or dry_run) else ask_on_terminal(console)
    with DeferredSignals() as signals:  # held to the end: a late signal must not undo a finished push
        try:
            result = push_stage(loaded, stage.value, nornir, confirm=confirm, mapping=parse_map_options(map_),
                                dry_run=dry_run, backup_root=backup_dir, console=console, show=printer(console),
                                signals=signals,
                                confirm_timeout=confirm_timeout)
        except PushInterrupted as exc:  # Typer turns a KeyboardInterrupt into a bare exit 130: say what was undone
            raise Interrupted(str(exc)) from None
        if dry_run:
            console.print(f"dry run: {sum(d.changes for d in result.devices)} device(s) would change; nothing committed")
        elif result.declined:
            console.print("declined: nothing committed")
        else:
            where = f"; backups in {display_path(result.backup_folder)}" if result.backup_folder else ""
            console.print(f"{stage.value} pushed: {len(result.changed)} device(s) changed{where}", markup=False)
        if signals.received and dry_run:
            raise KeyboardInterrupt  # nothing was committed: stop as asked
        if signals.received:
            console.print(f"{signals.name} arrived after the last commit: the push stands as shown")


def register(app: typer.Typer) -> None:
    app.command("push")(push)
