"""The cohort side of ``lab up`` / ``lab status`` / ``run``: one pod per candidate, all assessed at once."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from netassess.cli._signals import terminate_like_ctrl_c
from netassess.errors import ExitCode, LabError, UsageError
from netassess.lab.state import LabState

console = Console()
err = Console(stderr=True)


def login_line(state: LabState, node: str) -> str:
    """How a candidate logs in to a node of their pod: their pod's own key and host key, no password shown."""
    ns = state.nodes[node]
    creds = state.credentials
    opts = f"-o UserKnownHostsFile={creds.known_hosts} " if creds.known_hosts else ""
    key = f"-i {creds.key_file} " if creds.key_file else ""
    return f"ssh {key}{opts}{creds.login_user}@{ns.mgmt_ipv4}"


def up_pods(task_ref: str, pods: int | None, candidates: str | None, params: dict[str, Any], wait: float,
            runtime: str) -> None:
    from netassess.pods import candidate_ids, pods_up
    from netassess.spec.catalog import find_task

    if runtime not in ("auto", "netns"):
        raise UsageError("--pods / --candidates run on the built-in lab (netns); for containerlab see docs/scale.md")
    ids = candidate_ids(pods, candidates)
    path = find_task(task_ref)
    terminate_like_ctrl_c()
    started = time.monotonic()
    outcomes = pods_up(path, ids, params=params, wait=wait,
                       on_done=lambda o: err.print(f"pod {o.lab}: " + ("[green]up[/]" if o.error is None else
                                                                         f"[red]failed:[/] {escape(str(o.error))}"),
                                                   highlight=False))
    elapsed = time.monotonic() - started
    table = Table(title=f"{sum(o.error is None for o in outcomes)} of {len(ids)} pods up in {elapsed:.1f}s", show_edge=False)
    for col in ("candidate", "lab", "mgmt subnet", "nodes", "login (first node)"):
        table.add_column(col)
    for o in outcomes:
        if o.state is not None:
            first = sorted(o.state.nodes)[0]
            table.add_row(o.candidate, o.lab, o.state.mgmt_subnet, str(len(o.state.nodes)), login_line(o.state, first))
    console.print(table, soft_wrap=True)
    failed = [o for o in outcomes if o.error is not None]
    if failed:
        raise LabError(f"{len(failed)} of {len(ids)} pods failed ({'; '.join(f'{o.candidate}: {o.error}' for o in failed)}); "
                       "the others are up: see netassess lab status")
    console.print(f"assess them all with `netassess run {task_ref} --pods all`; every login uses that pod's own key")


def run_pods(task: str, which: str, *, output: Path | None, formats: list[str], workers: int, timeout: int,
             params: dict[str, Any], key: Any, history: Path | None, assessor: str | None,
             max_wait: float | None = None) -> ExitCode:
    from netassess.cli._options import default_output
    from netassess.cohort_run import assess_pods
    from netassess.pods import find_pods
    from netassess.spec.catalog import find_task
    from netassess.spec.loader import load_task

    task_id = load_task(find_task(task), params or None).task.id
    pods = find_pods(task_id, which)
    outdir = output or default_output(task_id, "-cohort")
    started = time.monotonic()
    warn = lambda line: err.print(f"[yellow]warning:[/] {escape(line)}", highlight=False)  # noqa: E731
    run = assess_pods(task, pods, outdir, params=params, formats=formats, workers=workers, timeout=timeout, key=key,
                      history=history, assessor=assessor, warn=warn, max_wait=max_wait)
    elapsed = time.monotonic() - started
    table = Table(title=f"{len(pods)} pods of {task_id} assessed in {elapsed:.1f}s", show_edge=False)
    for col in ("candidate", "lab", "score", "grade", "complete", "evidence"):
        table.add_column(col)
    for p in run.pods:
        if p.result is None:
            table.add_row(p.candidate, p.lab, "—", "[magenta]error[/]", "no", escape(p.error or ""))
            continue
        r = p.result
        style = "red" if r.score.grade.value == "fail" else "green"
        table.add_row(p.candidate, p.lab, f"{r.score.percent:g}%", f"[{style}]{r.score.grade.value}[/]",
                      "yes" if r.complete else "[magenta]no[/]", str(p.evidence or ""))
    console.print(table, soft_wrap=True)
    err.print(f"[dim]cohort report: {', '.join(str(p) for p in run.written) or 'none (no pod could be assessed)'}[/]")
    return run.exit_code()
