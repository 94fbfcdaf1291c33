"""Proof, on real routers, that a task's checks can pass and can fail (``netassess validate --live``).

A check that passes on the apprentice's starting point rewards nothing; one that fails on the
reference answer cannot be passed. So for each task: bring its topology up as a throwaway
built-in lab, push the ``setup`` stage and assess (each check should not pass yet), take a
baseline if the task judges a change, push the ``solution`` stage and assess again (each check
must pass), and tear the lab down, whatever happened.

Checks with ``wait`` retry as in a real run, so the setup assessment takes up to the longest
``wait`` of the checks that (rightly) fail there. A retry can catch a pass while the setup is still
converging (a route via the path the setup is about to leave), so when any check passed there, the
setup is judged again, without retries, once the longest ``wait`` has run out since its push: the
settled state is the starting point. A check that fails on the solution is re-checked
for up to ``LATE_SECONDS`` after the push, to say whether and when it would have passed (a ``wait``
too short for the protocol to converge). A task with a change window is measured across the
solution push. With ``mutate``, each check's mutations follow (``netassess.proof_mutate``).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from netassess.errors import NetassessError
from netassess.proof_mutate import assessed, without_waits
from netassess.results import CheckResult, Status

if TYPE_CHECKING:  # imported where used: proving is the slow path, loading this module must stay light
    from nornir.core import Nornir

    from netassess.assessment import Assessment
    from netassess.proof_mutate import MutationProof
    from netassess.snapshot import Snapshot
    from netassess.spec.loaded import LoadedTask
    from netassess.window import WindowMeasurement, WindowRun

Verdict = Literal["proven", "passes on setup", "fails on solution", "error on solution", "not shown failing"]
Say = Callable[[str], None]
LATE_SECONDS = 120.0  # how long after the push a check failing on the solution is re-checked
WINDOW_SETTLE_SECONDS = 15.0  # the solution's change is measured this long after its push
SETUP_SETTLE_CAP = 60.0  # at most this long is waited for the setup to settle before it is judged again


@dataclass
class CheckProof:
    """One check on one target, as judged after each stage."""

    check_id: str
    target: str
    setup: CheckResult | None
    solution: CheckResult | None
    late: str | None = None  # for a check failing on the solution: whether and when it passed afterwards

    @property
    def verdict(self) -> Verdict:
        if self.solution is None or self.solution.status is Status.ERROR:
            return "error on solution"
        if self.solution.status is not Status.PASS:
            return "fails on solution"
        if self.setup is not None and self.setup.status is Status.PASS:
            return "passes on setup"
        if self.setup is None or self.setup.status is not Status.FAIL:
            return "not shown failing"  # an error or skip on setup (e.g. a change check with no change yet)
        return "proven"

    @property
    def is_problem(self) -> bool:
        """The reference answer does not pass: the task cannot be passed as written."""
        return self.verdict in ("fails on solution", "error on solution")

    def line(self) -> str:
        """One line for the console and CI logs: what happened on each stage."""
        setup = self.setup.status.value if self.setup else "absent"
        solution = self.solution.status.value if self.solution else "absent"
        detail = ""
        if self.is_problem and self.solution is not None:
            detail = f": {self.solution.message}" + (f" ({self.late})" if self.late else "")
        elif self.verdict != "proven" and self.setup is not None:
            detail = f": setup {self.setup.message}"
        return f"{self.check_id}@{self.target}: setup {setup}, solution {solution}: {self.verdict}{detail}"


@dataclass
class TaskProof:
    task_id: str
    path: Path
    lab: str
    checks: list[CheckProof] = field(default_factory=list)
    mutations: list[MutationProof] = field(default_factory=list)  # with --mutate
    seconds: float = 0.0
    error: NetassessError | None = None  # the proof could not be made (lab, push or device failure)
    setup_percent: float | None = None  # the starting point's score: a task must start below its pass mark
    solution_percent: float | None = None

    def problems(self) -> list[CheckProof]:
        return [c for c in self.checks if c.is_problem]

    def broken(self) -> set[str]:
        """Checks one of their own mutations made fail (with --mutate)."""
        return {m.check_id for m in self.mutations if m.broke and m.error is None}

    def unproven(self) -> list[CheckProof]:
        """Checks the reference answer passes but that were never seen failing: not on the setup, nor
        under one of their own mutations (a check that guards what the setup already has right, such
        as "the printer still works", can only be shown failing by a mutation)."""
        broken = self.broken()
        return [c for c in self.checks if not c.is_problem and c.verdict != "proven" and c.check_id not in broken]


def pair_results(setup: list[CheckResult], solution: list[CheckResult]) -> list[CheckProof]:
    """Match each (check, target) of both runs, in the solution run's order."""
    before = {(r.check_id, r.target): r for r in setup}
    after = {(r.check_id, r.target): r for r in solution}
    keys = list(after) + [k for k in before if k not in after]
    return [CheckProof(check_id, target, before.get((check_id, target)), after.get((check_id, target)))
            for check_id, target in keys]


def prove_task(loaded: LoadedTask, *, mgmt_subnet: str | None = None, keep: bool = False, workdir: Path,
               say: Say = lambda _: None, frr_image: str | None = None, mutate: bool = False,
               late: float = LATE_SECONDS, keep_clear: frozenset[str] = frozenset()) -> TaskProof:
    """Setup → assess → (baseline, window) → solution → assess (→ mutations) on a throwaway lab; always
    torn down unless ``keep``. ``frr_image``: the lab image every FRR router runs on (default: what
    each node's image tag picks). ``late``: seconds after the solution's push that a check failing on it
    is re-checked (``validate --late``; 0: not at all). ``keep_clear``: management subnets this
    task's lab must leave to other tasks of the run (``--jobs``)."""
    from netassess.assessment import capture_baseline, run_assessment, uses_baseline
    from netassess.collect.inventory import build_nornir
    from netassess.lab.state import load_state
    from netassess.lab.throwaway import throwaway_lab
    from netassess.push import assume_yes, push_stage

    proof = TaskProof(loaded.task.id, Path(loaded.path), "")
    started = time.monotonic()

    def tell(line: str) -> None:
        say(f"{loaded.task.id}: {line}")

    subnet = (lambda: mgmt_subnet) if mgmt_subnet else (lambda: _subnet_for(loaded, say, keep_clear))
    try:
        with throwaway_lab(loaded.topology_path, prefix="prove", say=tell, subnet=subnet, keep=keep,
                           frr_image=frr_image) as state:
            name = proof.lab = state.name
            nr = build_nornir(lab=name, topology=loaded.topology_path, interactive=False)
            backups = workdir / name / "backups"
            push_stage(loaded, "setup", nr, confirm=assume_yes, backup_root=backups)  # our throwaway lab
            setup_pushed = time.monotonic()
            tell("setup stage pushed; assessing the starting point (checks should not pass) …")
            before = _settled(loaded, nr, run_assessment(loaded, nr), setup_pushed, tell)
            setup = assessed(before, "setup")
            proof.setup_percent = before.result.score.percent
            baseline = capture_baseline(loaded, nr) if uses_baseline(loaded) else None
            window_run = _start_window(loaded, nr)
            push_stage(loaded, "solution", nr, confirm=assume_yes, backup_root=backups)
            pushed = datetime.now(UTC)
            window = _stop_window(loaded, nr, window_run, say)
            tell("solution stage pushed; assessing the reference answer (checks must pass) …")
            after = run_assessment(loaded, nr, baseline=baseline, window=window)
            solution = assessed(after, "solution")
            proof.solution_percent = after.result.score.percent
            proof.checks = pair_results(setup, solution)
            _explain_late(proof, loaded, nr, pushed, baseline, window, say, late)
            if mutate and not proof.problems():
                from netassess.proof_mutate import Prover

                tell("mutating the solution, one declared change at a time …")
                proof.mutations = Prover(loaded, nr, load_state(name), solution, baseline=baseline, window=window,
                                         say=say).run()
    finally:
        proof.seconds = time.monotonic() - started
    return proof


def _settled(loaded: LoadedTask, nr: Nornir, first: Assessment, pushed: float, tell: Callable[[str], None],
             sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic) -> Assessment:
    """The setup's judgement once it has settled: ``first`` if nothing passed on it; else the lab is
    judged again, without retries, when the longest ``wait`` has run out since the push (at most
    ``SETUP_SETTLE_CAP`` more), so a pass caught mid-convergence is not mistaken for the starting point."""
    from netassess.assessment import run_assessment

    if not any(r.status is Status.PASS for r in first.result.results):
        return first
    longest = max((c.spec.wait.timeout for c in loaded.checks if c.spec.wait), default=0.0)
    remaining = min(longest - (clock() - pushed), SETUP_SETTLE_CAP)
    if remaining > 0:
        tell(f"some checks pass on the setup; judging it again once settled, in {remaining:.0f} s …")
        sleep(remaining)
    again = run_assessment(without_waits(loaded), nr)
    if again.snapshot.device_errors:
        return first  # the settled look could not read a device: keep the full judgement (and its error)
    was = {(r.check_id, r.target): r.status for r in first.result.results}
    flipped = sorted(f"{r.check_id}@{r.target}" for r in again.result.results if was.get((r.check_id, r.target)) is not r.status)
    if flipped:
        tell(f"once settled, these differ from the first look at the setup: {', '.join(flipped)}")
    return again


def _start_window(loaded: LoadedTask, nr: Nornir) -> WindowRun | None:
    if loaded.window is None:
        return None
    from netassess.window import start_window

    return start_window(loaded, nr)


def _stop_window(loaded: LoadedTask, nr: Nornir, run: WindowRun | None, say: Say) -> WindowMeasurement | None:
    """The window across the solution's push, measured for a while so its convergence is in it."""
    if run is None:
        return None
    from netassess.window import stop_window

    time.sleep(WINDOW_SETTLE_SECONDS)
    measured = stop_window(loaded, nr, run)
    worst = ", ".join(f"{p.source}→{p.target} {p.longest_outage:.1f}s" for p in measured.probes)
    say(f"{loaded.task.id}: change window of {measured.seconds:.0f} s: longest outages {worst}")
    return measured


def _explain_late(proof: TaskProof, loaded: LoadedTask, nr: Nornir, pushed: datetime, baseline: Snapshot | None,
                  window: WindowMeasurement | None, say: Say, late: float = LATE_SECONDS) -> None:
    """Re-check the checks that fail on the solution until ``late`` seconds after the push, and say
    whether and when each would have passed, next to its ``wait``: a too-short wait shows as such."""
    from netassess.assessment import run_assessment
    from netassess.spec.models import Wait

    window_only = {c.id for c in loaded.checks if c.check_type.reads_window}
    failing = {c.check_id for c in proof.checks if c.solution is not None and c.solution.status is Status.FAIL} - window_only
    remaining = late - (datetime.now(UTC) - pushed).total_seconds()
    if not failing or remaining < 5:
        return
    say(f"{loaded.task.id}: {', '.join(sorted(failing))} fail on the solution; re-checking until "
        f"{late:.0f} s after the push …")
    wait = Wait(timeout=remaining, interval=3)
    checks = [dataclasses.replace(c, spec=c.spec.model_copy(update={"wait": wait})) for c in loaded.checks if c.id in failing]
    later = assessed(run_assessment(dataclasses.replace(loaded, checks=checks), nr, baseline=baseline, window=window), "solution")
    for check in proof.checks:
        if check.check_id not in failing:
            continue
        spec = loaded.check(check.check_id).spec
        has = f"its wait is {spec.wait.timeout:g} s" if spec.wait else "it has no wait"
        mine = [r for r in later if r.check_id == check.check_id]
        if mine and all(r.status is Status.PASS for r in mine):
            after = max((r.finished - pushed).total_seconds() for r in mine)
            check.late = f"passes {after:.0f} s after the push; {has}"
        else:
            check.late = f"still fails {LATE_SECONDS:.0f} s after the push; {has}"


def needs_own_subnet(loaded: LoadedTask) -> bool:
    """A parameter holds the topology's management subnet (a vty ACL's permitted network, say): the
    task proves right only on a lab with that subnet, so ``--jobs`` starts such tasks first."""
    own = str(loaded.topology.mgmt_subnet)
    return any(str(value) == own for value in loaded.params.values())


def expected_seconds(loaded: LoadedTask, mutate: bool) -> float:
    """A rough bound on the proof's waiting, to start the longest first under ``--jobs``: the setup may
    wait out the longest ``wait``, and so may each mutation (to break, then to restore)."""
    longest = max((c.spec.wait.timeout for c in loaded.checks if c.spec.wait), default=0.0)
    mutations = sum(len(m) for m in loaded.mutations.values()) if mutate else 0
    return (1 + mutations) * max(longest, 10.0)


def _subnet_for(loaded: LoadedTask, say: Say, keep_clear: frozenset[str] = frozenset()) -> str:
    """The topology's own management subnet, so parameters that default to it hold; a free one
    (saying so) when a route or another lab already has it, or when ``keep_clear`` holds it for a
    task of the same run that needs it (``needs_own_subnet``) and may not have started yet."""
    from netassess.lab.subnets import free_mgmt_subnet, subnet_taken

    own = str(loaded.topology.mgmt_subnet)
    if own in keep_clear:
        return free_mgmt_subnet()
    taken = subnet_taken(own)
    if taken is None:
        return own
    other = free_mgmt_subnet()
    say(f"{loaded.task.id}: the topology's management subnet {own} overlaps {taken}; using {other}: "
        "parameters that default to it will not match (pass --mgmt-subnet and --param to choose)")
    return other
