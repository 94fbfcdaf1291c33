"""``netassess run TASK --pods all``: every candidate's pod assessed concurrently.

Each pod is assessed exactly as ``run --lab POD --candidate C`` would be (its own Nornir, one
session per device), against the task loaded with that candidate's id (their parameters). Per
candidate: ``<output>/<candidate>/results.*``, the snapshot and a (signed, with a key) evidence
bundle; for the cohort: ``cohort.csv`` and ``cohort.html`` (table per candidate and skill, the
distribution of scores, the checks most candidates failed). Device sessions open at once stay
within ``--workers``: pods run ``workers // devices per pod`` at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from netassess.errors import ExitCode, NetassessError
from netassess.lab.state import LabState
from netassess.results import Grade, RunResult


@dataclass
class PodRun:
    candidate: str
    lab: str
    outdir: Path
    result: RunResult | None = None
    evidence: Path | None = None
    error: str | None = None  # the pod could not be assessed at all (one line)


@dataclass
class CohortRun:
    pods: list[PodRun]
    written: list[Path]  # cohort.csv, cohort.html

    def exit_code(self) -> ExitCode:
        """3 if any pod could not be fully assessed, else 1 if any candidate is below the pass mark, else 0."""
        if any(p.result is None or not p.result.complete for p in self.pods):
            return ExitCode.INCOMPLETE
        if any(p.result is not None and p.result.score.grade is Grade.FAIL for p in self.pods):
            return ExitCode.BELOW_PASS_MARK
        return ExitCode.OK


def _assess_pod(
    loaded: Any, pod: LabState, outroot: Path, *, formats: list[str], timeout: int, key: Any, history: Path | None,
    assessor: str | None, warn: Callable[[str], None], max_wait: float | None = None,
) -> PodRun:
    from netassess.assessment import run_assessment
    from netassess.collect.inventory import build_nornir
    from netassess.evidence import write_bundle
    from netassess.history import record_attempt
    from netassess.report.base import write_reports

    candidate = pod.pod.candidate if pod.pod else pod.name
    outdir = outroot / candidate
    run = PodRun(candidate, pod.name, outdir)
    try:
        nr = build_nornir(lab=pod.name, topology=Path(loaded.topology_path), workers=max(1, len(pod.nodes)),
                          interactive=False, timeout=timeout)
        assessment = run_assessment(loaded, nr, mode="assess", candidate=candidate, assessor=assessor, output=outdir,
                                    max_wait=max_wait)
    except NetassessError as exc:
        run.error = str(exc).splitlines()[0]
        return run
    ctx = assessment.report_context(task_path=loaded.path)
    ctx.history = record_attempt(history, assessment.result, loaded.params_plain(), evidence=outdir / "evidence",
                                 output=outdir, warn=warn)
    write_reports(ctx, formats, outdir)
    run.evidence = write_bundle(ctx, loaded.path, outdir / "evidence", key=key)
    run.result = assessment.result
    return run


def assess_pods(
    task_ref: str, pods: list[LabState], output: Path, *, params: Mapping[str, Any] | None = None,
    formats: list[str] | None = None, workers: int = 32, timeout: int = 20, key: Any = None,
    history: Path | None = None, assessor: str | None = None, warn: Callable[[str], None] = print,
    on_done: Callable[[PodRun], None] | None = None, max_wait: float | None = None,
) -> CohortRun:
    """Assess ``pods`` concurrently against the task (loaded per candidate) and write the cohort report."""
    from netassess.evidence.cohort import write_cohort
    from netassess.spec.catalog import find_task
    from netassess.spec.loader import load_task

    path = find_task(task_ref)
    file_formats = sorted({*(formats or []), "json"} - {"table"})
    # Load every candidate's task here, in one thread: a bad task or parameter stops the run before any pod.
    loaded = {p.name: load_task(path, params or None, candidate=p.pod.candidate if p.pod else None) for p in pods}
    per_pod = max(1, max(len(p.nodes) for p in pods))
    at_once = max(1, min(len(pods), workers // per_pod))

    def one(pod: LabState) -> PodRun:
        run = _assess_pod(loaded[pod.name], pod, output, formats=file_formats, timeout=timeout, key=key,
                          history=history, assessor=assessor, warn=warn, max_wait=max_wait)
        if on_done is not None:
            on_done(run)
        return run

    with ThreadPoolExecutor(max_workers=at_once) as pool:
        runs = list(pool.map(one, pods))
    results = [r.outdir / "results.json" for r in runs if r.result is not None]
    written = write_cohort(results, output) if results else []
    return CohortRun(runs, written)
