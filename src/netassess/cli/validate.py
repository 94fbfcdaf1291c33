"""``netassess validate TASK…``: check task files offline, one line per problem; ``--live`` also
proves each check on a throwaway lab (``netassess.proof``).

Checks the schema, parameters, the brief, every stage template for both stages and every
platform (StrictUndefined), check arguments against each check type, targets against the
topology, skill codes and point totals. Exit 0 when every task is sound, 2 otherwise.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from netassess.errors import NetassessError, SpecError, UsageError
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
    tasks: list[Path] = typer.Argument(..., metavar="TASK", help="task files, folders of task files, or task ids"),
    param: list[str] = typer.Option([], "--param", help="name=value parameter override (repeatable)"),
    live: bool = typer.Option(False, "--live", help="also prove each check on a throwaway built-in lab: it must "
                              "not pass on the setup stage and must pass on the solution (root; minutes per task)"),
    strict: bool = typer.Option(False, "--strict", help="with --live: a check never seen failing is an error too"),
    junit: Path | None = typer.Option(None, "--junit", help="with --live: write the proof as JUnit XML here"),
    mgmt_subnet: str | None = typer.Option(None, "--mgmt-subnet", help="with --live: management /24 of the lab "
                                           "(default: the topology's, so parameters defaulting to it hold)"),
    keep: bool = typer.Option(False, "--keep", help="with --live: leave each lab running afterwards"),
) -> None:
    """Validate task files: schema, templates, check args, targets, skills, points; with --live, prove
    on real routers that every check can fail (setup stage) and can pass (solution stage).

    Exit 0 all sound, 2 a problem in a task (with --live: a check the solution does not pass),
    4 the lab could not run, 5 a device refused a stage.
    """
    if not live and (strict or junit or mgmt_subnet or keep):
        raise UsageError("--strict, --junit, --mgmt-subnet and --keep go with --live")
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
    if live:
        prove(files, params, out, strict=strict, junit=junit, mgmt_subnet=mgmt_subnet, keep=keep)


def prove(files: list[Path], params: dict[str, str], out: Console, *, strict: bool, junit: Path | None,
          mgmt_subnet: str | None, keep: bool) -> None:
    """``--live``: each task proven on its own throwaway lab, one line per check, then the verdict."""
    import tempfile

    from netassess.cli._signals import terminate_like_ctrl_c
    from netassess.proof import TaskProof, junit_xml, prove_task
    from netassess.spec.loader import load_task

    terminate_like_ctrl_c()  # a CI timeout must still tear the labs down
    proofs: list[TaskProof] = []
    with tempfile.TemporaryDirectory(prefix="netassess-prove-") as tmp:
        for path in files:
            loaded = load_task(path, params)
            try:
                proof = prove_task(loaded, mgmt_subnet=mgmt_subnet, keep=keep, workdir=Path(tmp),
                                   say=lambda line: out.print(f"[dim]{escape(line)}[/]"))
            except NetassessError as exc:  # this task's lab, push or devices failed: say so, prove the others
                proof = TaskProof(loaded.task.id, Path(path), "", error=exc)
                out.print(f"[red]FAIL[/] {escape(loaded.task.id)}: not proven: {escape(str(exc))}")
            proofs.append(proof)
            if proof.error is not None:
                continue
            for check in proof.checks:
                mark = "[green]ok[/]  " if check.verdict == "proven" else "[red]FAIL[/]" if check.is_problem else "[yellow]warn[/]"
                out.print(f"{mark} {escape(proof.task_id)}: {escape(check.line())}")
            out.print(f"{proof.task_id}: {len(proof.checks) - len(proof.problems()) - len(proof.unproven())} of "
                      f"{len(proof.checks)} checks proven in {proof.seconds:.0f} s; score on setup "
                      f"{proof.setup_percent:.0f} %, on the solution {proof.solution_percent:.0f} %", markup=False)
    if junit is not None:
        junit.parent.mkdir(parents=True, exist_ok=True)
        junit.write_text(junit_xml(proofs, strict))
    errored = [p for p in proofs if p.error is not None]
    if errored:  # the environment failed, not (necessarily) the task: its own exit code (4, or 5 for a refused push)
        first = errored[0].error
        assert first is not None
        raise NetassessError(f"live proof: {len(errored)} of {len(proofs)} task(s) could not be proven "
                             f"({', '.join(p.task_id for p in errored)}); first: {first}", exit_code=first.exit_code)
    failing = sum(len(p.problems()) for p in proofs)
    unproven = sum(len(p.unproven()) for p in proofs)
    if failing or (strict and unproven):
        what = [f"{failing} check(s) the solution does not pass"] if failing else []
        what += [f"{unproven} never seen failing"] if strict and unproven else []
        raise SpecError(f"live proof: {' and '.join(what)}; see the lines above")
    note = f"; {unproven} pass on setup too or were not judged there (--strict makes that an error)" if unproven else ""
    out.print(f"live proof: every check passes on the solution{note}", markup=False)


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)
