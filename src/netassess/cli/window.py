"""``netassess watch TASK``: measure a change window (probes inside the lab nodes) until Ctrl-C or
``--duration``; and the window helpers of ``baseline --window`` and ``run --window``.

Exit codes: 0 measured, 2 usage or spec error (the task declares no window), 4 no probe could start.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from netassess.errors import ExitCode, UsageError

if TYPE_CHECKING:
    from rich.console import Console


def summary(measured: Any) -> str:
    """One line: how long, and the worst outage per probe."""
    worst = ", ".join(f"{p.source}→{p.target} {p.longest_outage:.1f}s" if not p.error else f"{p.source}→{p.target} error"
                      for p in measured.probes)
    return f"window of {measured.seconds:.0f} s measured: longest outages {worst}"


def window_for_run(loaded: Any, nr: Any, window: Path | None, baseline: Path | None, err: Console) -> Any:
    """The measurement a run includes: ``--window FILE``, else ``window.json`` beside ``--baseline``.
    A window still running (``baseline --window``) is stopped and collected now."""
    from netassess.window import WINDOW_FILE, WindowRun, load_window_file, stop_window

    path = window or (baseline.parent / WINDOW_FILE if baseline is not None else None)
    if path is None or not path.exists():
        if window is not None:
            raise UsageError(f"--window {window}: no such file")
        return None
    found = load_window_file(path)
    if isinstance(found, WindowRun):
        if found.task != loaded.id:
            raise UsageError(f"{path}: this window was started for task {found.task!r}, not {loaded.id!r}")
        measured = stop_window(loaded, nr, found)
        path.write_text(measured.model_dump_json(indent=2))  # stopped: a second run includes the same measurement
        err.print(summary(measured), markup=False)
        return measured
    return found


def start_for_baseline(loaded: Any, nr: Any, outdir: Path) -> str:
    from netassess.window import WINDOW_FILE, start_window

    run = start_window(loaded, nr)
    outdir.mkdir(parents=True, exist_ok=True)
    run.save(outdir / WINDOW_FILE)
    return (f"change window started ({len(run.probes)} probe(s)); "
            f"`netassess run … --baseline {outdir / 'baseline.json'}` stops and scores it")


def register(app: typer.Typer) -> None:
    @app.command("watch")
    def watch_cmd(
        task: str = typer.Argument(..., metavar="TASK", help="task file or id; it must declare a window"),
        lab: str = typer.Option(..., "--lab", help="name of a running built-in lab"),
        output: Path | None = typer.Option(None, "--output", "-o", help="folder for window.json (default ./out/<task>-window-<time>/)"),
        duration: float | None = typer.Option(None, "--duration", min=1, help="seconds to measure (default: until Ctrl-C)"),
        params: list[str] = typer.Option([], "--param", help="k=v task parameter (repeatable)"),
    ) -> None:
        """Measure a change window on a lab while the candidate works: pings from the task's probe nodes,
        adjacency uptimes at start and end. Stops on Ctrl-C or --duration; `run --window DIR/window.json` scores it."""
        from netassess.cli._options import default_output, load_task
        from netassess.cli._signals import terminate_like_ctrl_c
        from netassess.collect.inventory import build_nornir
        from netassess.spec.parameters import parse_param_options
        from netassess.window import WINDOW_FILE, start_window, stop_window

        terminate_like_ctrl_c()
        loaded = load_task(task, parse_param_options(params))
        if loaded.window is None:
            raise UsageError(f"task {loaded.id} declares no window; nothing to measure")
        nr = build_nornir(lab=lab, topology=loaded.topology_path, interactive=False)
        outdir = output or default_output(loaded.id, "-window")
        from rich.console import Console

        err = Console(stderr=True)
        run = start_window(loaded, nr)
        err.print(f"window started: {len(run.probes)} probe(s); make the change, then Ctrl-C"
                  + (f" (stops by itself after {duration:g} s)" if duration else ""), markup=False)
        try:
            end = time.monotonic() + (duration or loaded.window.max_duration)
            while time.monotonic() < end:
                time.sleep(min(0.5, max(0.0, end - time.monotonic())))
        except KeyboardInterrupt:
            pass
        measured = stop_window(loaded, nr, run)
        outdir.mkdir(parents=True, exist_ok=True)
        (outdir / WINDOW_FILE).write_text(measured.model_dump_json(indent=2))
        Console().print(f"{summary(measured)}; saved {outdir / WINDOW_FILE}", markup=False)
        raise typer.Exit(int(ExitCode.OK))
