"""``netassess tasks list`` / ``netassess tasks show ID``: the task catalog.

Tasks are found in ``./tasks`` and then in the tasks shipped with netassess; ``--dir`` adds a
folder searched first.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import typer

from netassess.errors import SpecError

tasks_app = typer.Typer(name="tasks", help="List and show assessment tasks.", no_args_is_help=True, add_completion=False)
# Parameters that hold keys or passwords are shown masked (the brief may still hand a lab key to the learner).
SECRET_NAME = re.compile(r"(?i)(key|secret|password|passwd|community)")
DirOpt = typer.Option([], "--dir", help="extra folder of task files, searched first (repeatable)")
CandidateOpt = typer.Option(None, "--candidate", help="candidate id: generated parameters take this candidate's values")
SecretFileOpt = typer.Option(None, "--cohort-secret-file", help="file holding the cohort secret that generated values "
                             "derive from (default: $NETASSESS_COHORT_SECRET)")


def _json_row(entry: Any) -> dict[str, Any]:
    """One task for ``tasks list --json``: the table's columns, and the first problem of a broken one."""
    from netassess.spec.points import points_summary
    from netassess.spec.problems import display_path

    loaded = entry.loaded
    row: dict[str, Any] = {"id": entry.task_id, "file": display_path(entry.path), "valid": loaded is not None}
    if loaded is None:
        problems = entry.analysis.problems
        row["problem"] = str(problems[0]) if problems else "could not load"
        return row
    points = points_summary(loaded)
    row.update(title=loaded.task.title, version=str(loaded.task.version), skills=list(loaded.task.skills),
               points=points.total, bonus=points.bonus, checks=len(loaded.checks))
    return row


@tasks_app.command("list")
def list_tasks(
    dirs: list[Path] = DirOpt,
    as_json: bool = typer.Option(False, "--json", help="print a JSON list of tasks (broken ones with valid: false)"),
) -> None:
    """Table of tasks: id, title, skills, points, checks. Broken tasks are listed with their first problem.

    Exit 0, or 2 when a task file is invalid (it is still listed)."""
    from netassess.spec.catalog import catalog

    entries = catalog(dirs)
    broken = sum(1 for entry in entries if entry.loaded is None)
    if as_json:
        typer.echo(json.dumps([_json_row(entry) for entry in entries], indent=2))
    else:
        _print_table(entries)
    if broken:
        raise SpecError(f"{broken} invalid task file(s): run netassess validate on them")


def _print_table(entries: list[Any]) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from netassess.spec.points import points_summary
    from netassess.spec.problems import display_path

    console = Console(highlight=False, emoji=False)
    if not entries:
        console.print("no tasks found in ./tasks or the shipped tasks folder")
        return
    table = Table(title="netassess tasks", title_justify="left")
    for column in ("id", "title", "skills", "points", "checks", "file"):
        table.add_column(column, justify="right" if column in ("points", "checks") else "left", no_wrap=column == "id")
    for entry in entries:
        loaded = entry.loaded
        if loaded is None:
            problem = entry.analysis.problems[0] if entry.analysis.problems else "could not load"
            table.add_row(escape(entry.task_id), f"[red]invalid: {escape(str(problem))}[/]", "", "", "", escape(display_path(entry.path)))
            continue
        table.add_row(
            escape(loaded.task.id),
            escape(loaded.task.title),
            " ".join(loaded.task.skills),
            f"{points_summary(loaded).total:g}",
            str(len(loaded.checks)),
            escape(display_path(entry.path)),
        )
    console.print(table)


@tasks_app.command("show")
def show_task(
    ref: str = typer.Argument(..., metavar="REF", help="task id (see tasks list) or task file"),
    param: list[str] = typer.Option([], "--param", help="name=value parameter override (repeatable)"),
    dirs: list[Path] = DirOpt,
    candidate: str | None = CandidateOpt,
    secret_file: Path | None = SecretFileOpt,
) -> None:
    """The rendered brief, then the checks with their points, skills and hints, then scoring.

    With --candidate: that candidate's own instance (generated parameters), as `lab up` stages it."""
    from rich.console import Console
    from rich.markdown import Markdown
    from rich.markup import escape
    from rich.table import Table

    from netassess.spec.catalog import find_task
    from netassess.spec.generators import use_secret_file
    from netassess.spec.loader import load_task
    from netassess.spec.parameters import parse_param_options
    from netassess.spec.points import points_summary, target_count
    from netassess.spec.problems import display_path

    use_secret_file(secret_file)
    loaded = load_task(find_task(ref, dirs), parse_param_options(param), candidate=candidate)
    task = loaded.task
    console = Console(highlight=False, emoji=False)
    console.rule(f"[bold]{escape(task.title)}[/]  ({task.id} v{task.version})")
    if candidate is not None:
        console.print(f"candidate: {escape(candidate)}")
    console.print(f"skills: {' '.join(task.skills)}    topology: {escape(display_path(loaded.topology_path))}")
    if loaded.task.roles:
        console.print("roles: " + ", ".join(f"{role}={','.join(nodes)}" for role, nodes in loaded.roles().items()), markup=False)
    if loaded.params:
        plain = loaded.params_plain()  # `secret` parameters come masked
        shown = {k: "<removed>" if SECRET_NAME.search(k) else v for k, v in plain.items()}
        console.print("parameters: " + escape(", ".join(f"{k}={v}" for k, v in shown.items())), soft_wrap=True)
    console.print()
    console.print(Markdown(loaded.brief))
    console.print()
    points = points_summary(loaded)
    table = Table(title="checks", title_justify="left")
    for column in ("id", "type", "targets", "points", "skills", "level", "hint"):
        table.add_column(column, justify="right" if column == "points" else "left", overflow="fold")
    for check in loaded.checks:
        spec = check.spec
        per_target = f"{spec.points:g} × {target_count(loaded, check)}"
        table.add_row(
            escape(spec.id), escape(spec.type), escape(", ".join(spec.targets)), per_target,
            " ".join(check.skills), spec.level.value, escape(spec.hint or ""),
        )  # fmt: skip
    console.print(table)
    scoring = task.scoring
    skills = ", ".join(f"{code} {value:g}" for code, value in points.per_skill.items())
    line = f"total {points.total:g} points{f' + {points.bonus:g} bonus' if points.bonus else ''} ({skills}); pass {scoring.pass_mark:g}%"
    if scoring.distinction_mark is not None:
        line += f", distinction {scoring.distinction_mark:g}%"
    if scoring.skill_minimums:
        line += "; minimums " + ", ".join(f"{k} {v:g}%" for k, v in scoring.skill_minimums.items())
    if scoring.time_limit:
        line += f"; time limit {scoring.time_limit} min"
    console.print(line)


def register(app: typer.Typer) -> None:
    app.add_typer(tasks_app, name="tasks")
