"""``netassess run`` / ``check`` / ``score``: assess a lab or rack against a task, read-only.

Exit codes: 0 passed, 1 below the pass mark, 2 usage or spec error, 3 incomplete (errors
prevented a full assessment). A ``results.json`` always lands in ``--output``.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from netassess.cli._progress import CollectionProgress
from netassess.cli._signals import terminate_like_ctrl_c
from netassess.errors import ExitCode, UsageError

if TYPE_CHECKING:
    from rich.console import Console

    from netassess.report.base import ReportContext

# The engine (nornir, napalm, the check library) is imported when a command runs, not when the
# CLI starts, so `netassess --help` and the other commands stay quick.
DEFAULT_WORKERS = 128  # netassess.collect.inventory.DEFAULT_WORKERS (a test keeps them equal)

DEFAULT_FORMATS = "table,json"

TaskArg = typer.Argument(..., metavar="TASK", help="task file (tasks/s2-ospf-triangle.yaml) or task id (s2-ospf-triangle)")
LabOpt = typer.Option(None, "--lab", help="name of a running built-in lab (netassess lab up)")
InvOpt = typer.Option(None, "-i", "--inventory", help="Nornir SimpleInventory directory (hosts.yaml, groups.yaml, defaults.yaml)")
ClabOpt = typer.Option(None, "--clab-inventory", help="containerlab's nornir-simple-inventory.yml")
NornirOpt = typer.Option(None, "--nornir-config", help="Nornir config file: any inventory plugin (NetBoxInventory2, NautobotInventory …)")
MapOpt = typer.Option([], "--map", help="ROLE=dev[,dev] or NODE=dev: which inventory devices play a task role or topology node "
                                         "(repeatable)")
CandOpt = typer.Option(None, "--candidate", help="candidate id, recorded in the results; generated parameters take "
                       "this candidate's values (cohort secret from $NETASSESS_COHORT_SECRET[_FILE])")
AssessorOpt = typer.Option(None, "--assessor", help="assessor id, recorded in the results")
OutOpt = typer.Option(None, "--output", "-o", help="output directory (default ./out/<task-id>-<timestamp>/)")
FmtOpt = typer.Option(DEFAULT_FORMATS, "--format", "-f", help="comma-separated report formats (table, json, junit, …)")
WorkersOpt = typer.Option(DEFAULT_WORKERS, "--workers", min=1, help="devices collected in parallel")
ParamOpt = typer.Option([], "--param", help="k=v task parameter (repeatable)")
DEFAULT_TIMEOUT = 20  # netassess.collect.inventory.DEFAULT_TIMEOUT (a test keeps them equal)
TimeoutOpt = typer.Option(DEFAULT_TIMEOUT, "--timeout", min=1, help="seconds for a device to answer (connect, each getter)")
BaselineOpt = typer.Option(None, "--baseline", help="pre-change snapshot (netassess baseline) that S7 checks compare with")
WindowOpt = typer.Option(None, "--window", help="change window file (netassess watch, or baseline --window; default: "
                         "window.json beside --baseline): a running window is stopped and scored")
EvidenceOpt = typer.Option(None, "--evidence", help="write a tamper-evident evidence bundle to this new directory "
                           "(check it with netassess report verify)")
EvidenceZipOpt = typer.Option(False, "--evidence-zip", help="write the evidence bundle as DIR.zip instead of a directory")
DeviceOpt = typer.Option([], "--device", metavar="NAME", help="assess only these devices (repeatable or comma-separated); "
                         "the results say the run was filtered")
CheckOpt = typer.Option([], "--check", metavar="ID", help="run only checks whose id matches (glob, e.g. 'ospf-*'; repeatable)")
TagOpt = typer.Option([], "--tag", metavar="TAG", help="run only checks carrying this tag (repeatable)")
SignKeyOpt = typer.Option(None, "--sign-key", envvar="NETASSESS_SIGN_KEY",
                          help="Ed25519 private key (netassess report keygen) to sign the evidence bundle; "
                               "passphrase from NETASSESS_KEY_PASSPHRASE or a prompt")
HistoryOpt = typer.Option(None, "--history-db", envvar="NETASSESS_HISTORY",
                          help="attempt history database (default $XDG_DATA_HOME/netassess/history.sqlite)")
NoHistoryOpt = typer.Option(False, "--no-history", help="do not record this attempt in the history")


def history_path(history_db: Path | None, no_history: bool) -> Path | None:
    """Where to record attempts: None when history is off."""
    if no_history:
        return None
    from netassess.history import default_history_path

    return history_db or default_history_path()


def signing_key(evidence: Path | None, sign_key: Path | None) -> Any:
    """The evidence signing key, loaded before the run so a bad key or passphrase costs no assessment.

    Without --evidence there is nothing to sign (NETASSESS_SIGN_KEY may be set for every run)."""
    if evidence is None:
        return None
    if os.environ.get("NETASSESS_SIGNING_KEY"):
        raise UsageError("NETASSESS_SIGNING_KEY (a shared HMAC key) is no longer used: make a key pair with "
                         "netassess report keygen and sign with --sign-key (see docs/reports.md)")
    if sign_key is None:
        return None
    from netassess.evidence.keys import load_private

    return load_private(sign_key)


def load_task(task: str | Path, params: dict[str, Any] | None, candidate: str | None = None) -> Any:
    """A task by path or id (the same lookup as every other command); with a candidate, their instance."""
    from netassess.spec.catalog import find_task
    from netassess.spec.loader import load_task as _load

    return _load(find_task(str(task)), params=params or None, candidate=candidate)


def load_snapshot(path: Path, what: str = "snapshot") -> Any:
    from netassess.safe_json import load_file
    from netassess.snapshot import Snapshot

    if not path.is_file():
        raise UsageError(f"{path}: {what} not found; netassess run saves <output>/snapshot.json, netassess baseline <output>/baseline.json")
    try:
        raw = load_file(path)
        if not isinstance(raw, dict) or "schema_version" not in raw or "devices" not in raw:
            raise ValueError("it has no schema_version and devices; give the snapshot.json that netassess run wrote")
        return Snapshot.model_validate(raw)
    except (ValueError, OSError) as exc:
        raise UsageError(f"{path}: not a netassess {what}: {str(exc).splitlines()[0]}") from None


def default_output(task_id: str, suffix: str = "") -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return Path("out") / f"{task_id}-{stamp}{suffix}"


def write_outputs(ctx: ReportContext, formats: list[str], outdir: Path, console: Console) -> list[Path]:
    """Print the table if asked, write every other format, and always write results.json."""
    from netassess.report.base import write_reports
    from netassess.report.console import print_report

    if "table" in formats:
        print_report(ctx, console)
    file_formats = [f for f in formats if f != "table"]
    if "json" not in file_formats:
        file_formats.append("json")
    return write_reports(ctx, file_formats, outdir)


class RetryNotice:
    """Say which checks are still converging, once per change of that set, not every round."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.last: tuple[str, ...] = ()

    def __call__(self, ids: list[str]) -> None:
        from rich.markup import escape

        if tuple(ids) != self.last:
            self.last = tuple(ids)
            self.console.print(f"[dim]waiting for {escape(', '.join(ids))} to converge: re-collecting…[/]")


def assess(
    task: str, *, lab: str | None, inventory: Path | None, clab_inventory: Path | None, maps: list[str],
    candidate: str | None, nornir_config: Path | None = None, assessor: str | None, output: Path | None, formats: str, workers: int,
    params: list[str], practice: bool, baseline: Path | None = None, timeout: int = DEFAULT_TIMEOUT,
    evidence: Path | None = None, evidence_zip: bool = False, sign_key: Path | None = None, window: Path | None = None,
    history: Path | None = None, only: tuple[list[str], list[str], list[str]] = ([], [], []),
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
            on_retry=RetryNotice(err), baseline=base, window=measured, selection=Selection.of(*only),
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
                            history=history_path(history_db, no_history), assessor=assessor)
            raise typer.Exit(int(code))
        code = assess(task, lab=lab, inventory=inventory, clab_inventory=clab_inventory, maps=maps, candidate=candidate,
                      assessor=assessor, output=output, formats=formats, workers=workers, params=params, practice=False,
                      baseline=baseline, timeout=timeout, evidence=evidence, evidence_zip=evidence_zip,
                      sign_key=sign_key, window=window, history=history_path(history_db, no_history),
                      nornir_config=nornir_config, only=(device, check, tag))
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
                            output=output, history=history_path(history_db, no_history))
            raise typer.Exit(int(code))
        code = assess(task, lab=lab, inventory=inventory, clab_inventory=clab_inventory, maps=maps, candidate=candidate,
                      assessor=None, output=output, formats=formats, workers=workers, params=params, practice=True,
                      baseline=baseline, timeout=timeout, evidence=evidence, evidence_zip=evidence_zip,
                      sign_key=sign_key, window=window, history=history_path(history_db, no_history),
                      nornir_config=nornir_config, only=(device, check, tag))
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
