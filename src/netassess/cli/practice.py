"""``netassess practice TASK``: the task's lab, the brief, and a live view that re-assesses on every change.

Exit codes: those of the last assessment when you stop (0 passed, 1 below the pass mark, 3
incomplete); 2 usage or spec error; 4 the lab cannot be brought up.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from netassess.cli._options import (
    CandOpt,
    HistoryOpt,
    MaxWaitOpt,
    NoHistoryOpt,
    OutOpt,
    ParamOpt,
    TaskArg,
    TimeoutOpt,
    default_output,
    history_path,
    write_outputs,
)
from netassess.cli._signals import terminate_like_ctrl_c
from netassess.errors import ExitCode

if TYPE_CHECKING:
    from rich.console import Console


def show_brief(loaded: Any, console: Console) -> None:
    """The brief as the candidate sees it: title, skills, time limit and the rendered brief. Never the
    solution stage, the check arguments or the parameter values (a task may keep some for the assessor)."""
    from rich.markdown import Markdown
    from rich.markup import escape

    task = loaded.task
    console.rule(f"[bold]{escape(task.title)}[/]  ({escape(task.id)} v{escape(str(task.version))})")
    limit = f"    time limit: {task.scoring.time_limit} min" if task.scoring.time_limit else ""
    console.print(f"skills: {' '.join(task.skills)}{limit}", highlight=False)
    console.print(Markdown(loaded.brief))
    console.rule()


def practice(
    task: str, *, candidate: str | None, lab: str | None, interval: float, params: list[str], timeout: int,
    output: Path | None, history: Path | None, wait: float = 60.0, console: Console | None = None,
    restart_timer: bool = False, max_wait: float | None = None,
) -> ExitCode:
    """The body of ``practice`` and ``check --watch``."""
    from datetime import UTC, datetime

    from rich.console import Console
    from rich.markup import escape

    from netassess.assessment import run_assessment
    from netassess.collect.inventory import build_nornir
    from netassess.history import record_attempt
    from netassess.lab.state import load_state
    from netassess.pods import pod_name, task_lab_up
    from netassess.practice import ConfigFingerprints, PlainView, RichView, practise, start_attempt
    from netassess.scoring import exit_code
    from netassess.spec.catalog import find_task
    from netassess.spec.loader import load_task
    from netassess.spec.parameters import parse_param_options

    console = console or Console()
    err = Console(stderr=True)
    loaded = load_task(find_task(task), parse_param_options(params) or None, candidate=candidate)
    name = lab or pod_name(loaded.task.id, candidate)
    terminate_like_ctrl_c()
    if lab is not None:
        state = load_state(lab)  # a clear error when that lab is not up
        err.print(f"attaching to lab {lab}")
    else:
        state, created = task_lab_up(loaded, name, candidate=candidate, wait=wait)
        err.print(f"lab {name} {'is up with the setup stage in place' if created else 'was already up: attaching'}")
    attempt = start_attempt(Path(state.lab_dir) if state.lab_dir else None, loaded.task.id, candidate,
                            restart=restart_timer)
    if attempt.warning:
        err.print(f"[yellow]warning:[/] {escape(attempt.warning)}", highlight=False)
    elif attempt.resumed:
        err.print(f"{attempt.note()}: the time limit counts from then (--restart-timer starts a fresh attempt)")
    show_brief(loaded, console)
    topology = Path(loaded.topology_path)
    nr = build_nornir(lab=name, topology=topology, interactive=False, timeout=timeout)
    poller = ConfigFingerprints(build_nornir(lab=name, topology=topology, interactive=False, timeout=timeout))
    outdir = output or default_output(loaded.task.id, "-practice")
    last: list[Any] = []

    def assess() -> Any:
        assessment = run_assessment(loaded, nr, mode="practice", candidate=candidate, output=outdir, max_wait=max_wait)
        last[:] = [assessment]
        return assessment.result

    limit = loaded.task.scoring.time_limit
    footer = f"Watching {len(poller.devices)} devices every {interval:g}s. Ctrl-C stops (the lab stays up)."
    stop = threading.Event()
    elapsed_before = attempt.elapsed_s(datetime.now(UTC))

    def watch(view: Any) -> None:
        practise(assess, poller, view, stop=stop, interval=interval, time_limit_s=limit * 60 if limit else None,
                 elapsed_before=elapsed_before, note=attempt.note())

    try:
        if console.is_terminal:
            with RichView(console, loaded.task.title, footer) as view:
                watch(view)
        else:
            console.print(footer)
            watch(PlainView(console))
    except KeyboardInterrupt:
        pass
    finally:
        poller.close()
    err.print(f"lab {name} is left as it is: resume with `netassess practice {task} --lab {name}`"
              f"{f' --candidate {candidate}' if candidate else ''} (the clock keeps counting from the start of this "
              f"attempt); tear it down with `netassess lab down {name}`")
    if not last:
        return ExitCode.INCOMPLETE
    ctx = last[0].report_context(task_path=loaded.path, show_hints=True)
    ctx.history = record_attempt(history, last[0].result, loaded.params_plain(), output=outdir,
                                 warn=lambda line: err.print(f"[yellow]warning:[/] {line}", highlight=False))
    write_outputs(ctx, ["json", "html"], outdir, console)
    err.print(f"[dim]last assessment: {outdir / 'results.json'}, {outdir / 'results.html'}[/]")
    return exit_code(last[0].result.score.grade, last[0].result.complete)


def register(app: typer.Typer) -> None:
    @app.command("practice")
    def practice_cmd(
        task: str = TaskArg, candidate: str | None = CandOpt,
        lab: str | None = typer.Option(None, "--lab", help="attach to this running lab (default: bring up or attach to "
                                       "the task's lab, <task>-<candidate> with --candidate)"),
        interval: float = typer.Option(2.0, "--interval", min=0.5, help="seconds between config change polls"),
        params: list[str] = ParamOpt, timeout: int = TimeoutOpt, output: Path | None = OutOpt,
        history_db: Path | None = HistoryOpt, no_history: bool = NoHistoryOpt,
        wait: float = typer.Option(60.0, "--wait", help="seconds for a new lab's nodes to answer"),
        restart_timer: bool = typer.Option(False, "--restart-timer", help="start a fresh attempt: the time limit "
                                           "counts from now, not from the first start on this lab"),
        max_wait: float | None = MaxWaitOpt,
    ) -> None:
        """Practise TASK: bring its lab up (or attach), show the brief, re-assess on every config change
        with hints and time left (counted from the attempt's first start on this lab, across resumes).
        Ctrl-C leaves the lab up. Exit: the last assessment's code (0/1/3), 2 usage, 4 lab."""
        code = practice(task, candidate=candidate, lab=lab, interval=interval, params=params, timeout=timeout,
                        output=output, history=history_path(history_db, no_history), wait=wait,
                        restart_timer=restart_timer, max_wait=max_wait)
        raise typer.Exit(int(code))

