"""``netassess run`` / ``check`` / ``score``: assess a lab or rack against a task, read-only.

Exit codes: 0 passed, 1 below the pass mark, 2 usage or spec error, 3 incomplete (errors
prevented a full assessment). A ``results.json`` always lands in ``--output``.
"""

from __future__ import annotations

from pathlib import Path

import typer

from netassess.cli._options import (
    DEFAULT_FORMATS,
    DEFAULT_TIMEOUT,
    AssessorOpt,
    BaselineOpt,
    CandOpt,
    CheckOpt,
    ClabOpt,
    DeviceOpt,
    EvidenceOpt,
    EvidenceZipOpt,
    FmtOpt,
    HistoryOpt,
    InvOpt,
    LabOpt,
    MapOpt,
    MaxWaitOpt,
    NoHistoryOpt,
    NornirOpt,
    OutOpt,
    ParamOpt,
    RetryNotice,
    SignKeyOpt,
    TagOpt,
    TaskArg,
    TimeoutOpt,
    WindowOpt,
    WorkersOpt,
    default_output,
    history_path,
    load_snapshot,
    load_task,
    signing_key,
    write_outputs,
)
from netassess.cli._progress import CollectionProgress
from netassess.cli._signals import terminate_like_ctrl_c
from netassess.errors import ExitCode, UsageError


def assess(
    task: str, *, lab: str | None, inventory: Path | None, clab_inventory: Path | None, maps: list[str],
    candidate: str | None, nornir_config: Path | None = None, assessor: str | None, output: Path | None, formats: str, workers: int,
    params: list[str], practice: bool, baseline: Path | None = None, timeout: int = DEFAULT_TIMEOUT,
    evidence: Path | None = None, evidence_zip: bool = False, sign_key: Path | None = None, window: Path | None = None,
    history: Path | None = None, only: tuple[list[str], list[str], list[str]] = ([], [], []), max_wait: float | None = None,
) -> ExitCode:
    """The body of ``run`` and ``check``."""
    from rich.console import Console
    from rich.markup import escape

    from netassess.assessment import run_assessment
    from netassess.cli._logging import attach_session_logs
    from netassess.collect.inventory import build_nornir
    from netassess.collect.roles import parse_map_options
    from netassess.filters import Selection
    from netassess.report.base import parse_formats
    from netassess.scoring import exit_code
    from netassess.spec.parameters import parse_param_options

    # SIGTERM (a CI timeout, `kill`) ends a run as Ctrl-C does: exit 130, sessions closed, no results.json
    terminate_like_ctrl_c()
    fmts = parse_formats(formats)
    overrides = parse_map_options(maps)
    loaded = load_task(task, parse_param_options(params), candidate)
    base = load_snapshot(baseline, "baseline") if baseline else None
    if evidence is not None and evidence.exists() and (not evidence.is_dir() or any(evidence.iterdir())):
        raise UsageError(f"--evidence {evidence}: must be a new or empty directory, so no stale file enters the bundle")
    key = signing_key(evidence, sign_key)
    console = Console()
    err = Console(stderr=True)
    topology = getattr(loaded, "topology_path", None)
    nr = build_nornir(lab=lab, inventory_dir=inventory, clab_inventory=clab_inventory, nornir_config=nornir_config,
                      topology=topology, workers=workers, timeout=timeout)
    attach_session_logs(nr)
    task_id = loaded.task.id
    outdir = output or default_output(task_id)
    from netassess.cli.window import window_for_run

    measured = window_for_run(loaded, nr, window, baseline, err)
    with CollectionProgress(err) as progress:
        assessment = run_assessment(
            loaded, nr, overrides=overrides, mode="practice" if practice else "assess",
            candidate=candidate, assessor=assessor, output=outdir, progress=progress,
            on_retry=RetryNotice(err), baseline=base, window=measured, selection=Selection.of(*only), max_wait=max_wait,
        )
    ctx = assessment.report_context(task_path=loaded.path, show_hints=practice)
    from netassess.history import record_attempt

    bundle_path = evidence.with_name(evidence.name + ".zip") if evidence and evidence_zip and evidence.suffix != ".zip" else evidence
    ctx.history = record_attempt(history, assessment.result, loaded.params_plain(), evidence=bundle_path, output=outdir,
                                 warn=lambda line: err.print(f"[yellow]warning:[/] {line}", highlight=False))
    written = write_outputs(ctx, fmts, outdir, console)
    where = f"results: {', '.join(str(p) for p in written)}; snapshot: {outdir / 'snapshot.json'}"
    err.print(f"[dim]{escape(where)}[/]")
    if assessment.result.filters is not None:
        err.print(f"[yellow]{escape(assessment.result.filters.describe())}[/]")
    if evidence is not None:
        from netassess.evidence import write_bundle

        bundle = write_bundle(ctx, loaded.path, evidence, zip=evidence_zip, key=key)
        how = "--require-signed --key <public key>" if key is not None else "(unsigned: give --sign-key to sign)"
        err.print(f"evidence bundle: {bundle} (netassess report verify {bundle} {how})", markup=False)
    return exit_code(assessment.result.score.grade, assessment.result.complete)


def register(app: typer.Typer) -> None:
    @app.command("run")
    def run_cmd(
        task: str = TaskArg, lab: str | None = LabOpt, inventory: Path | None = InvOpt,
        clab_inventory: Path | None = ClabOpt, maps: list[str] = MapOpt, candidate: str | None = CandOpt,
        assessor: str | None = AssessorOpt, output: Path | None = OutOpt, formats: str = FmtOpt,
        workers: int = WorkersOpt, params: list[str] = ParamOpt, baseline: Path | None = BaselineOpt,
        timeout: int = TimeoutOpt, evidence: Path | None = EvidenceOpt, evidence_zip: bool = EvidenceZipOpt,
        sign_key: Path | None = SignKeyOpt, window: Path | None = WindowOpt, history_db: Path | None = HistoryOpt,
        no_history: bool = NoHistoryOpt, nornir_config: Path | None = NornirOpt,
        device: list[str] = DeviceOpt, check: list[str] = CheckOpt, tag: list[str] = TagOpt,
        max_wait: float | None = MaxWaitOpt,
        pods: str | None = typer.Option(None, "--pods", help="assess candidates' pods (lab up TASK --pods): all, or c1,c2; "
                                        "a result and evidence bundle each, and a cohort report"),
    ) -> None:
        """Assess a lab or rack against TASK (read-only). Exit 0 passed, 1 below pass mark, 2 usage/spec, 3 incomplete."""
        if pods is not None:
            if lab or inventory or clab_inventory or maps or candidate or evidence or baseline:
                raise UsageError("--pods assesses every pod with its own candidate id and evidence bundle: "
                                 "leave out --lab, -i, --clab-inventory, --map, --candidate, --evidence and --baseline")
            from netassess.cli._pods import run_pods
            from netassess.report.base import parse_formats
            from netassess.spec.parameters import parse_param_options

            code = run_pods(task, pods, output=output, formats=parse_formats(formats), workers=workers, timeout=timeout,
                            params=parse_param_options(params), key=signing_key(Path("."), sign_key),
                            history=history_path(history_db, no_history), assessor=assessor, max_wait=max_wait)
            raise typer.Exit(int(code))
        code = assess(task, lab=lab, inventory=inventory, clab_inventory=clab_inventory, maps=maps, candidate=candidate,
                      assessor=assessor, output=output, formats=formats, workers=workers, params=params, practice=False,
                      baseline=baseline, timeout=timeout, evidence=evidence, evidence_zip=evidence_zip,
                      sign_key=sign_key, window=window, history=history_path(history_db, no_history),
                      nornir_config=nornir_config, only=(device, check, tag), max_wait=max_wait)
        raise typer.Exit(int(code))

    @app.command("check")
    def check_cmd(
        task: str = TaskArg, lab: str | None = LabOpt, inventory: Path | None = InvOpt,
        clab_inventory: Path | None = ClabOpt, maps: list[str] = MapOpt, candidate: str | None = CandOpt,
        output: Path | None = OutOpt, formats: str = FmtOpt, workers: int = WorkersOpt, params: list[str] = ParamOpt,
        baseline: Path | None = BaselineOpt, timeout: int = TimeoutOpt, evidence: Path | None = EvidenceOpt,
        evidence_zip: bool = EvidenceZipOpt, sign_key: Path | None = SignKeyOpt, window: Path | None = WindowOpt,
        history_db: Path | None = HistoryOpt, no_history: bool = NoHistoryOpt, nornir_config: Path | None = NornirOpt,
        device: list[str] = DeviceOpt, check: list[str] = CheckOpt, tag: list[str] = TagOpt,
        max_wait: float | None = MaxWaitOpt,
        watch: bool = typer.Option(False, "--watch", help="keep watching: re-assess on every config change, with the "
                                   "brief and time left; the same as `netassess practice TASK` (see its --help)"),
    ) -> None:
        """Practice mode: the same read-only assessment, with hints for failed checks. Exit codes as for run.
        With --watch, `netassess practice`'s live loop on a built-in lab."""
        if watch:
            given = [flag for flag, value in (("-i", inventory), ("--clab-inventory", clab_inventory), ("--map", maps),
                     ("--nornir-config", nornir_config), ("--baseline", baseline), ("--evidence", evidence),
                     ("--window", window), ("--device", device), ("--check", check), ("--tag", tag),
                     ("--format", formats != DEFAULT_FORMATS)) if value]
            if given:
                raise UsageError(f"check --watch runs `netassess practice` on a built-in lab: leave out {', '.join(given)}")
            from netassess.cli.practice import practice

            code = practice(task, candidate=candidate, lab=lab, interval=2.0, params=params, timeout=timeout,
                            output=output, history=history_path(history_db, no_history), max_wait=max_wait)
            raise typer.Exit(int(code))
        code = assess(task, lab=lab, inventory=inventory, clab_inventory=clab_inventory, maps=maps, candidate=candidate,
                      assessor=None, output=output, formats=formats, workers=workers, params=params, practice=True,
                      baseline=baseline, timeout=timeout, evidence=evidence, evidence_zip=evidence_zip,
                      sign_key=sign_key, window=window, history=history_path(history_db, no_history),
                      nornir_config=nornir_config, only=(device, check, tag), max_wait=max_wait)
        raise typer.Exit(int(code))

    @app.command("score")
    def score_cmd(
        snapshot: Path = typer.Argument(..., metavar="SNAPSHOT", help="snapshot.json saved by netassess run"),
        task: str = TaskArg, output: Path | None = OutOpt, formats: str = FmtOpt, params: list[str] = ParamOpt,
        baseline: Path | None = typer.Option(None, "--baseline", help="pre-change snapshot (default: baseline.json beside SNAPSHOT, if "
            "the run had one)"),
        hints: bool = typer.Option(False, "--hints", help="show hints for failed checks"),
    ) -> None:
        """Re-score a saved snapshot offline (no device is contacted). Exit 0 passed, 1 below pass mark, 2 usage/spec, 3 incomplete."""
        from rich.console import Console

        from netassess.assessment import rescore
        from netassess.report.base import parse_formats
        from netassess.scoring import exit_code
        from netassess.spec.parameters import parse_param_options

        fmts = parse_formats(formats)
        snap = load_snapshot(snapshot)
        base = load_snapshot(baseline, "baseline") if baseline else None
        from netassess.sanitise import REMOVED

        # secret parameters were masked when saved: they take their default unless --param gives them again
        saved_params = {k: v for k, v in (snap.context.get("params") or {}).items() if v != REMOVED}
        # a candidate's generated secrets are derived again (cohort secret); their other values were saved
        loaded = load_task(task, {**saved_params, **parse_param_options(params)}, snap.context.get("candidate"))
        if snap.context.get("kind") == "baseline":
            raise UsageError(f"{snapshot}: this is a baseline (the state before the change), not a run's snapshot; "
                             "give it as --baseline and score the run's snapshot.json")
        ran = snap.context.get("task")
        if ran and ran != loaded.task.id:
            raise UsageError(f"{snapshot}: this snapshot was collected for task {ran!r}, not {loaded.task.id!r}; "
                             f"re-score it with its own task")
        assessment = rescore(loaded, snap, snapshot, baseline=base)
        outdir = output or default_output(assessment.result.task.id, "-rescore")
        ctx = assessment.report_context(task_path=loaded.path, show_hints=hints)
        write_outputs(ctx, fmts, outdir, Console())
        raise typer.Exit(int(exit_code(assessment.result.score.grade, assessment.result.complete)))

    @app.command("baseline")
    def baseline_cmd(
        task: str = TaskArg, lab: str | None = LabOpt, inventory: Path | None = InvOpt,
        clab_inventory: Path | None = ClabOpt, maps: list[str] = MapOpt, output: Path | None = OutOpt,
        workers: int = WorkersOpt, params: list[str] = ParamOpt, timeout: int = TimeoutOpt,
        window: bool = typer.Option(False, "--window", help="also start the task's change window: probes run inside "
                                    "the nodes until `netassess run --baseline …` stops and scores them"),
        nornir_config: Path | None = NornirOpt, candidate: str | None = CandOpt,
    ) -> None:
        """Capture the pre-change state (read-only) that S7 checks compare with: run it before the candidate starts,
        then pass `--baseline <output>/baseline.json` to netassess run. Exit 0 saved, 2 usage/spec, 3 a device could not be read,
        4 no probe of the window could start."""
        from rich.console import Console
        from rich.markup import escape

        from netassess.assessment import BASELINE_FILE, capture_baseline
        from netassess.cli._logging import attach_session_logs
        from netassess.collect.inventory import build_nornir
        from netassess.collect.roles import parse_map_options
        from netassess.spec.parameters import parse_param_options

        terminate_like_ctrl_c()
        overrides = parse_map_options(maps)
        loaded = load_task(task, parse_param_options(params), candidate)
        nr = build_nornir(lab=lab, inventory_dir=inventory, clab_inventory=clab_inventory, nornir_config=nornir_config,
                          topology=getattr(loaded, "topology_path", None), workers=workers, timeout=timeout)
        attach_session_logs(nr)
        outdir = output or default_output(loaded.task.id, "-baseline")
        err = Console(stderr=True)
        with CollectionProgress(err, "capturing") as progress:
            snap = capture_baseline(loaded, nr, overrides=overrides, output=outdir, progress=progress)
        failed = {d: e for d, e in snap.device_errors.items()}
        for device, error in failed.items():
            err.print(f"[bold magenta]{escape(device)}[/]: {escape(str(error))}")
        Console().print(f"baseline of {len(snap.platforms)} device(s) saved: {outdir / BASELINE_FILE}", markup=False)
        if window and not failed:
            from netassess.cli.window import start_for_baseline

            Console().print(start_for_baseline(loaded, nr, outdir), markup=False)
        raise typer.Exit(int(ExitCode.INCOMPLETE if failed else ExitCode.OK))
