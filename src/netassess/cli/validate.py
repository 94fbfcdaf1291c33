"""``netassess validate TASK…``: check task files offline, one line per problem.

Checks the schema, parameters, the brief, every stage template for both stages and every
platform (StrictUndefined), check arguments against each check type, targets against the
topology, skill codes and point totals. Exit 0 when every task is sound, 2 otherwise.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from netassess.errors import SpecError, UsageError
from netassess.spec.catalog import TASK_SUFFIXES, find_task, task_files
from netassess.spec.loader import Analysis, analyse_task
from netassess.spec.parameters import parse_param_options
from netassess.spec.points import points_summary
from netassess.spec.problems import display_path


def _expand(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = task_files(path)
            if not found:
                raise UsageError(f"{path}: no task files ({', '.join(TASK_SUFFIXES)}) in this folder")
            out.extend(found)
        elif path.exists() or path.suffix in TASK_SUFFIXES:
            out.append(path)
        else:
            out.append(find_task(str(path)))  # a task id, as `run` and `tasks show` accept
    return out


def summary_line(analysis: Analysis) -> str:
    loaded = analysis.loaded
    assert loaded is not None
    points = points_summary(loaded)
    skills = ", ".join(f"{code} {value:g}" for code, value in points.per_skill.items())
    stages = loaded.task.stages
    platforms = sorted({*stages.setup.templates, *stages.solution.templates})
    return (
        f"ok {display_path(analysis.path)}: {loaded.task.id} v{loaded.task.version}: "
        f"{len(loaded.checks)} checks, {points.total:g} points{f' + {points.bonus:g} bonus' if points.bonus else ''} ({skills}) on {len(loaded.topology.nodes)} nodes; "
        f"stages rendered for {', '.join(platforms)}"
    )


def validate(
    tasks: list[Path] = typer.Argument(..., help="task files, folders of task files, or task ids"),
    param: list[str] = typer.Option([], "--param", help="name=value parameter override (repeatable)"),
    live: bool = typer.Option(False, "--live", help="not yet available: validating against a running lab"),
) -> None:
    """Validate task files offline: schema, templates, check args, targets, skills, points."""
    if live:
        raise UsageError("--live (validating a task against a running lab) is not available yet; run validate without it")
    params = parse_param_options(param)
    out = Console(soft_wrap=True, highlight=False, emoji=False)
    problems = 0
    files = _expand(tasks)
    for path in files:
        analysis = analyse_task(path, params)
        if analysis.problems:
            problems += len(analysis.problems)
            for problem in analysis.problems:
                out.print(f"[red]error[/] {escape(str(problem))}")
        else:
            out.print(summary_line(analysis), markup=False)
    if problems:
        # An exception, not typer.Exit: the CLI shell maps NetassessError to its exit code.
        raise SpecError(f"{problems} problem{'s' if problems != 1 else ''} in {len(files)} task file{'s' if len(files) != 1 else ''}")
    out.print(f"{len(files)} task file{'s' if len(files) != 1 else ''} valid")


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)
