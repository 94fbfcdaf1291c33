"""``netassess validate TASK…``: check task files offline, one line per problem; ``--live`` also
proves each check on a throwaway lab (``netassess.proof``).

Checks the schema, parameters, the brief, every stage template for both stages and every
platform (StrictUndefined), check arguments against each check type, targets against the
topology, skill codes and point totals. Exit 0 when every task is sound, 2 otherwise.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from netassess.errors import NetassessError, SpecError, UsageError

LATE_SECONDS = 120.0  # netassess.proof.LATE_SECONDS (a test keeps them equal): proof is imported only with --live

if TYPE_CHECKING:
    from rich.console import Console

    from netassess.spec.loaded import LoadedTask
    from netassess.spec.loader import Analysis


class Format(StrEnum):
    text = "text"
    json = "json"
    junit = "junit"


def _expand(paths: list[Path]) -> list[Path]:
    from netassess.spec.catalog import TASK_SUFFIXES, find_task, task_files

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
    from netassess.spec.points import points_summary
    from netassess.spec.problems import display_path

    loaded = analysis.loaded
    assert loaded is not None
    points = points_summary(loaded)
    skills = ", ".join(f"{code} {value:g}" for code, value in points.per_skill.items())
    stages = loaded.task.stages
    platforms = sorted({*stages.setup.templates, *stages.solution.templates})
    return (
        f"ok {display_path(analysis.path)}: {loaded.task.id} v{loaded.task.version}: "
        f"{len(loaded.checks)} checks, {points.total:g} points{f' + {points.bonus:g} bonus' if points.bonus else ''} ({skills}) on "
            f"{len(loaded.topology.nodes)} nodes; "
        f"stages rendered for {', '.join(platforms)}"
    )


def validate(
    tasks: list[Path] = typer.Argument(..., metavar="TASK", help="task files, folders of task files, or task ids"),
    param: list[str] = typer.Option([], "--param", help="name=value parameter override (repeatable)"),
    live: bool = typer.Option(False, "--live", help="also prove each check on a throwaway built-in lab: it must "
                              "not pass on the setup stage and must pass on the solution (root; minutes per task)"),
    strict: bool = typer.Option(False, "--strict", help="with --live: a check never seen failing is an error too; "
                                "with --mutate, so is a check no mutation breaks"),
    mutate: bool = typer.Option(False, "--mutate", help="with --live: apply each check's declared mutations on top of "
                                "the solution; each must make its check fail (then it is undone)"),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, max=8, help="with --live: tasks proven in parallel, each on its own lab"),
    junit: Path | None = typer.Option(None, "--junit", help="with --live: write the proof as JUnit XML here"),
    mgmt_subnet: str | None = typer.Option(None, "--mgmt-subnet", help="with --live: management /24 of the lab "
                                           "(default: the topology's, so parameters defaulting to it hold)"),
    keep: bool = typer.Option(False, "--keep", help="with --live: leave each lab running afterwards"),
    frr_image: str | None = typer.Option(None, "--frr-image", help="with --live: run every FRR router on this lab image "
                                         "(frr10, frr8; see `netassess lab images list`)"),
    late: float = typer.Option(LATE_SECONDS, "--late", min=0, metavar="SECONDS", help="with --live: how long after the "
                               "solution's push a check failing on it is re-checked, to tell a too-short wait from a "
                               "wrong check (0: not re-checked)"),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="text (one line per problem), or json / junit "
                               "on stdout for editors and CI (offline only)"),
) -> None:
    """Validate task files: schema, templates, check args, targets, skills, points; with --live, prove
    on real routers that every check can fail (setup stage) and can pass (solution stage).

    Exit 0 all sound, 2 a problem in a task (with --live: a check the solution does not pass),
    4 the lab could not run, 5 a device refused a stage.
    """
    from netassess.spec.loader import analyse_task
    from netassess.spec.parameters import parse_param_options

    if not live and (strict or junit or mgmt_subnet or keep or frr_image or mutate or jobs != 1 or late != LATE_SECONDS):
        raise UsageError("--strict, --mutate, --jobs, --junit, --mgmt-subnet, --keep, --frr-image and --late go with --live")
    if jobs > 1 and mgmt_subnet:
        raise UsageError("--mgmt-subnet gives every lab the same subnet: prove one task at a time (--jobs 1) with it")
    if live and fmt is not Format.text:
        raise UsageError("--format json|junit is for the offline check; with --live, --junit FILE writes the proof")
    params = parse_param_options(param)
    problems = 0
    files = _expand(tasks)
    analyses = []
    for path in files:  # text lines as each file is read: a long folder shows progress
        analysis = analyse_task(path, params)
        analyses.append(analysis)
        problems += len(analysis.problems)
        if fmt is not Format.text:
            continue
        for problem in analysis.problems:  # plain click output: rich is not imported for the offline check
            typer.echo(f"{typer.style('error', fg='red')} {problem}")
        if not analysis.problems:
            typer.echo(summary_line(analysis))
    if fmt is not Format.text:
        from netassess.cli import _validate_formats

        render = _validate_formats.as_json if fmt is Format.json else _validate_formats.as_junit
        typer.echo(render(analyses), nl=False)
    if problems:
        # An exception, not typer.Exit: the CLI shell maps NetassessError to its exit code.
        raise SpecError(f"{problems} problem{'s' if problems != 1 else ''} in {len(files)} task file{'s' if len(files) != 1 else ''}")
    if fmt is Format.text:
        typer.echo(f"{len(files)} task file{'s' if len(files) != 1 else ''} valid")
    if live:
        from rich.console import Console

        out = Console(soft_wrap=True, highlight=False, emoji=False)
        prove(files, params, out, strict=strict, junit=junit, mgmt_subnet=mgmt_subnet, keep=keep, frr_image=frr_image,
              mutate=mutate, jobs=jobs, late=late)


def prove(files: list[Path], params: dict[str, str], out: Console, *, strict: bool, junit: Path | None,
          mgmt_subnet: str | None, keep: bool, frr_image: str | None = None, mutate: bool = False, jobs: int = 1,
          late: float = LATE_SECONDS) -> None:
    """``--live``: each task proven on its own throwaway lab (``jobs`` at a time), one line per check,
    a table, then the verdict."""
    import tempfile
    from concurrent.futures import ThreadPoolExecutor

    from rich.markup import escape

    from netassess.cli._signals import terminate_like_ctrl_c
    from netassess.proof import TaskProof, expected_seconds, needs_own_subnet, prove_task
    from netassess.proof_report import junit_xml, print_table, unbroken
    from netassess.spec.loader import load_task

    terminate_like_ctrl_c()  # a CI timeout must still tear the labs down
    loaded_tasks = [(path, load_task(path, params)) for path in files]
    # with --jobs, the others stay off a subnet a task needing it holds, whichever lab starts first
    reserved = frozenset(str(t.topology.mgmt_subnet) for _, t in loaded_tasks if needs_own_subnet(t)) if jobs > 1 else frozenset()

    def one(path: Path, loaded: LoadedTask, tmp: str) -> TaskProof:
        task_id = loaded.task.id
        try:
            clear = frozenset() if needs_own_subnet(loaded) else reserved
            proof = prove_task(loaded, mgmt_subnet=mgmt_subnet, keep=keep, workdir=Path(tmp), frr_image=frr_image,
                               mutate=mutate, late=late, keep_clear=clear,
                               say=lambda line: out.print(f"[dim]{escape(line)}[/]"))
        except NetassessError as exc:  # this task's lab, push or devices failed: say so, prove the others
            out.print(f"[red]FAIL[/] {escape(task_id)}: not proven: {escape(str(exc))}")
            return TaskProof(task_id, Path(path), "", error=exc)
        broken = proof.broken()
        for check in proof.checks:
            by_mutation = check.verdict != "proven" and not check.is_problem and check.check_id in broken
            proven = check.verdict == "proven" or by_mutation
            mark = "[green]ok[/]  " if proven else "[red]FAIL[/]" if check.is_problem else "[yellow]warn[/]"
            line = check.line() + ("; shown failing by its own mutation" if by_mutation else "")
            out.print(f"{mark} {escape(proof.task_id)}: {escape(line)}")
        for m in proof.mutations:
            mark = "[green]ok[/]  " if m.broke and not m.error else "[red]FAIL[/]"
            out.print(f"{mark} {escape(proof.task_id)}: {escape(m.line())}")
        scores = (f"; score on setup {proof.setup_percent:.0f} %, on the solution {proof.solution_percent:.0f} %"
                  if proof.setup_percent is not None and proof.solution_percent is not None else "")
        out.print(f"{proof.task_id}: {len(proof.checks) - len(proof.problems()) - len(proof.unproven())} of "
                  f"{len(proof.checks)} checks proven in {proof.seconds:.0f} s{scores}", markup=False)
        return proof

    with tempfile.TemporaryDirectory(prefix="netassess-prove-") as tmp:
        if jobs == 1:  # in this thread: Ctrl-C or SIGTERM stops the proof at once and tears its lab down
            proofs = [one(path, loaded, tmp) for path, loaded in loaded_tasks]
        else:  # a signal waits for the running proofs to finish (and tear down) before stopping
            # tasks bound to their topology's own management subnet start first, so they get it; the
            # rest then come up on free subnets beside them (throwaway labs start one at a time); within
            # each, the longest expected proof first, so the last to finish is a short one
            ordered = sorted(loaded_tasks, key=lambda item: (not needs_own_subnet(item[1]), -expected_seconds(item[1], mutate)))
            with ThreadPoolExecutor(max_workers=jobs) as pool:
                done = dict(zip((id(item) for item in ordered),
                                pool.map(lambda item: one(item[0], item[1], tmp), ordered), strict=True))
            proofs = [done[id(item)] for item in loaded_tasks]  # reported in the order given
    print_table(proofs, mutate, out)
    if junit is not None:
        junit.parent.mkdir(parents=True, exist_ok=True)
        junit.write_text(junit_xml(proofs, strict, mutate))
    errored = [p for p in proofs if p.error is not None]
    if errored:  # the environment failed, not (necessarily) the task: its own exit code (4, or 5 for a refused push)
        first = errored[0].error
        assert first is not None
        raise NetassessError(f"live proof: {len(errored)} of {len(proofs)} task(s) could not be proven "
                             f"({', '.join(p.task_id for p in errored)}); first: {first}", exit_code=first.exit_code)
    failing = sum(len(p.problems()) for p in proofs)
    unproven = sum(len(p.unproven()) for p in proofs)
    not_broken = [f"{p.task_id}/{cid}" for p in proofs for cid in unbroken(p)] if mutate else []
    bad_mutations = sum(1 for p in proofs for m in p.mutations if m.error)
    if not_broken:
        out.print(f"no mutation breaks: {', '.join(not_broken)}", markup=False)
    if failing or bad_mutations or (strict and (unproven or not_broken)):
        what = [f"{failing} check(s) the solution does not pass"] if failing else []
        what += [f"{bad_mutations} mutation(s) could not be applied or undone"] if bad_mutations else []
        what += [f"{unproven} never seen failing"] if strict and unproven else []
        what += [f"{len(not_broken)} no mutation breaks"] if strict and not_broken else []
        raise SpecError(f"live proof: {' and '.join(what)}; see the lines above")
    note = f"; {unproven} pass on setup too or were not judged there (--strict makes that an error)" if unproven else ""
    out.print(f"live proof: every check passes on the solution{note}", markup=False)


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)
