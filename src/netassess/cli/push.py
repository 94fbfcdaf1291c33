"""``netassess push TASK --stage setup|solution (--lab NAME | -i INV | --clab-inventory FILE)``.

Renders the stage per device platform, backs up each running config, loads it (merge/replace as
the task says), shows each device's change (secrets masked) and commits. If a device refuses,
the devices already changed are rolled back and the command exits 5 with one line.
Exit codes: 0 pushed (or nothing to change), 2 bad task/arguments, 4 device unreachable, 5 refused.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console

from netassess.collect.inventory import DEFAULT_WORKERS, build_nornir
from netassess.collect.roles import parse_map_options
from netassess.push.apply import DEFAULT_BACKUP_ROOT, push_stage
from netassess.spec.catalog import find_task
from netassess.spec.loader import load_task
from netassess.spec.parameters import parse_param_options
from netassess.spec.problems import display_path


class StageName(StrEnum):
    setup = "setup"
    solution = "solution"


def push(
    task: str = typer.Argument(..., metavar="TASK", help="task file or task id"),
    stage: StageName = typer.Option(..., "--stage", help="setup (the starting state) or solution (the reference answer)"),
    lab: str | None = typer.Option(None, "--lab", help="name of a running built-in lab"),
    inventory: Path | None = typer.Option(None, "-i", "--inventory", help="Nornir SimpleInventory directory"),
    clab_inventory: Path | None = typer.Option(None, "--clab-inventory", help="containerlab's nornir-simple-inventory.yml"),
    map_: list[str] = typer.Option([], "--map", help="NODE=device or ROLE=dev1,dev2 (repeatable)"),
    param: list[str] = typer.Option([], "--param", help="name=value task parameter (repeatable)"),
    dry_run: bool = typer.Option(False, "--dry-run", help="show each device's change, commit nothing"),
    backup_dir: Path = typer.Option(DEFAULT_BACKUP_ROOT, "--backup-dir", help="where running-config backups go"),
    workers: int = typer.Option(DEFAULT_WORKERS, "--workers", min=1, help="devices pushed in parallel"),
    candidate: str | None = typer.Option(None, "--candidate", help="push this candidate's instance (generated "
                                         "parameters; cohort secret from $NETASSESS_COHORT_SECRET[_FILE])"),
) -> None:
    """Push a task's setup or solution stage to a lab or rack (backup, diff, commit; rollback on refusal)."""
    loaded = load_task(find_task(task), parse_param_options(param), candidate=candidate)
    nornir = build_nornir(
        lab=lab, inventory_dir=inventory, clab_inventory=clab_inventory, topology=loaded.topology_path, workers=workers
    )
    console = Console(highlight=False, emoji=False)
    result = push_stage(
        loaded, stage.value, nornir, mapping=parse_map_options(map_), dry_run=dry_run, backup_root=backup_dir, console=console
    )
    if dry_run:
        console.print(f"dry run: {sum(d.changes for d in result.devices)} device(s) would change; nothing committed")
    else:
        where = f"; backups in {display_path(result.backup_folder)}" if result.backup_folder else ""
        console.print(f"{stage.value} pushed: {len(result.changed)} device(s) changed{where}")


def register(app: typer.Typer) -> None:
    app.command("push")(push)
