"""``netassess demo``: the first thing a user runs (``make demo``), so it must always clean up.

Steps: bring up a shipped task's lab (netns runtime), push its ``setup`` then its ``solution``
stage (standing in for an apprentice), run the real assessment, print the scored report, and
tear the lab down in a ``finally`` — on success, failure or Ctrl-C.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from netassess.cli._options import DEFAULT_TIMEOUT, DEFAULT_WORKERS
from netassess.cli._signals import terminate_like_ctrl_c
from netassess.errors import ExitCode

if TYPE_CHECKING:
    from rich.console import Console

DEFAULT_TASK = "s2-ospf-triangle"
def push_stage(loaded: Any, stage: str, nr: Any, backups: Path, console: Console) -> None:
    """Apply a task stage with the same code as ``netassess push`` (backup, diff, commit, rollback)."""
    from netassess.cli._push_display import printer
    from netassess.push import assume_yes
    from netassess.push import push_stage as push

    push(loaded, stage, nr, confirm=assume_yes, backup_root=backups, console=console, show=printer(console))  # its own throwaway lab


def run_demo(task: str, keep: bool, workers: int, output: Path | None, console: Console) -> ExitCode:
    from rich.markup import escape

    from netassess.assessment import capture_baseline, run_assessment, uses_baseline
    from netassess.collect.inventory import build_nornir
    from netassess.lab.throwaway import throwaway_lab
    from netassess.report.console import print_report
    from netassess.scoring import exit_code
    from netassess.spec.catalog import find_task
    from netassess.spec.loader import load_task

    path = find_task(task)
    loaded = load_task(path)
    outdir = output or Path("out") / f"demo-{loaded.task.id}-{time.strftime('%Y%m%dT%H%M%S')}"
    console.rule(f"netassess demo: {escape(loaded.task.title)}")
    console.print("[bold]1/5[/] ", end="")
    t0 = time.monotonic()
    with throwaway_lab(loaded.topology_path, prefix="demo", keep=keep,
                       say=lambda line: console.print(line, markup=False, highlight=False)) as state:
        name = state.name
        console.print(f"    {len(state.nodes)} nodes up in {time.monotonic() - t0:.1f} s")
        nr = build_nornir(lab=name, topology=loaded.topology_path, workers=workers, interactive=False)  # push: driver timeouts
        console.print("[bold]2/5[/] pushing the [cyan]setup[/] stage (the ticket's starting point) …")
        push_stage(loaded, "setup", nr, outdir / "backups", console)
        baseline = None
        if uses_baseline(loaded):
            console.print("    the task judges a change: letting the setup state settle, then taking a baseline …")
            run_assessment(loaded, nr)  # its `wait` checks hold us until the network has converged
            baseline = capture_baseline(loaded, nr, output=outdir)
        console.print("[bold]3/5[/] pushing the [cyan]solution[/] stage (standing in for an apprentice) …")
        push_stage(loaded, "solution", nr, outdir / "backups", console)
        console.print("[bold]4/5[/] assessing (read-only; checks with `wait` retry while OSPF converges) …")
        nr = build_nornir(lab=name, topology=loaded.topology_path, workers=workers, interactive=False, timeout=DEFAULT_TIMEOUT)
        t0 = time.monotonic()
        assessment = run_assessment(
            loaded, nr, mode="practice", candidate="demo", output=outdir,
            on_retry=lambda ids: console.print(f"    [dim]waiting for {', '.join(ids)} …[/]"), baseline=baseline,
        )
        console.print(f"    assessed in {time.monotonic() - t0:.1f} s")
        console.print("[bold]5/5[/] the scored report:\n")
        ctx = assessment.report_context(task_path=path, show_hints=True)
        print_report(ctx, console)
        from netassess.cli._options import write_outputs

        written = write_outputs(ctx, ["json"], outdir, console)
        where = f"results: {', '.join(map(str, written))}; snapshot: {outdir / 'snapshot.json'}"
        console.print(f"\n[dim]{escape(where)}[/]")
        return exit_code(assessment.result.score.grade, assessment.result.complete)


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo_cmd(
        task: str = typer.Option(DEFAULT_TASK, "--task", help="task id (see `netassess tasks list`) or path"),
        keep: bool = typer.Option(False, "--keep", help="leave the lab running afterwards"),
        workers: int = typer.Option(DEFAULT_WORKERS, "--workers", min=1),
        output: Path | None = typer.Option(None, "--output", "-o", help="output directory (default ./out/demo-<task>-<time>/)"),
    ) -> None:
        """Bring up a task's lab, push setup then solution, assess it, print the report, tear down."""
        terminate_like_ctrl_c()  # `kill` or a CI timeout still tears the lab down
        from rich.console import Console

        code = run_demo(task, keep, workers, output, Console())
        raise typer.Exit(int(code))
