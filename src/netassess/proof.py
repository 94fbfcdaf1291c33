"""Proof, on real routers, that a task's checks can pass and can fail (``netassess validate --live``).

A check that passes on the apprentice's starting point rewards nothing; one that fails on the
reference answer cannot be passed. So for each task: bring its topology up as a throwaway
built-in lab, push the ``setup`` stage and assess (each check should not pass yet), take a
baseline if the task judges a change, push the ``solution`` stage and assess again (each check
must pass), and tear the lab down, whatever happened.

Checks with ``wait`` retry as in a real run, so the setup assessment takes up to the longest
``wait`` of the checks that (rightly) fail there.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from netassess.errors import LabError, NetassessError
from netassess.results import CheckResult, Status

Verdict = Literal["proven", "passes on setup", "fails on solution", "error on solution", "not shown failing"]
Say = Callable[[str], None]


@dataclass(frozen=True)
class CheckProof:
    """One check on one target, as judged after each stage."""

    check_id: str
    target: str
    setup: CheckResult | None
    solution: CheckResult | None

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
            detail = f": {self.solution.message}"
        elif self.verdict != "proven" and self.setup is not None:
            detail = f": setup {self.setup.message}"
        return f"{self.check_id}@{self.target}: setup {setup}, solution {solution}: {self.verdict}{detail}"


@dataclass
class TaskProof:
    task_id: str
    path: Path
    lab: str
    checks: list[CheckProof] = field(default_factory=list)
    seconds: float = 0.0
    error: NetassessError | None = None  # the proof could not be made (lab, push or device failure)
    setup_percent: float | None = None  # the starting point's score: a task must start below its pass mark
    solution_percent: float | None = None

    def problems(self) -> list[CheckProof]:
        return [c for c in self.checks if c.is_problem]

    def unproven(self) -> list[CheckProof]:
        """Checks the reference answer passes but that were never seen failing."""
        return [c for c in self.checks if not c.is_problem and c.verdict != "proven"]


def pair_results(setup: list[CheckResult], solution: list[CheckResult]) -> list[CheckProof]:
    """Match each (check, target) of both runs, in the solution run's order."""
    before = {(r.check_id, r.target): r for r in setup}
    after = {(r.check_id, r.target): r for r in solution}
    keys = list(after) + [k for k in before if k not in after]
    return [CheckProof(check_id, target, before.get((check_id, target)), after.get((check_id, target)))
            for check_id, target in keys]


def prove_task(loaded: Any, *, mgmt_subnet: str | None = None, keep: bool = False, workdir: Path,
               say: Say = lambda _: None) -> TaskProof:
    """Setup → assess → (baseline) → solution → assess on a throwaway lab; always torn down unless ``keep``."""
    from netassess.assessment import capture_baseline, run_assessment, uses_baseline
    from netassess.collect.inventory import build_nornir
    from netassess.lab.prereq import require_netns
    from netassess.lab.runtime import get_runtime
    from netassess.lab.state import state_path
    from netassess.push import push_stage

    require_netns()
    runtime = get_runtime("netns")
    name = f"prove-{secrets.token_hex(3)}"
    proof = TaskProof(loaded.task.id, Path(loaded.path), name)
    started = time.monotonic()
    subnet = mgmt_subnet or _subnet_for(loaded, say)
    say(f"{loaded.task.id}: bringing up {Path(loaded.topology_path).name} as lab {name} on {subnet} …")
    try:
        runtime.up(loaded.topology_path, name=name, mgmt_subnet=subnet)
        nr = build_nornir(lab=name, topology=loaded.topology_path, interactive=False)
        backups = workdir / name / "backups"
        push_stage(loaded, "setup", nr, backup_root=backups)
        say(f"{loaded.task.id}: setup stage pushed; assessing the starting point (checks should not pass) …")
        before = run_assessment(loaded, nr)
        setup = _assessed(before, "setup")
        proof.setup_percent = before.result.score.percent
        baseline = capture_baseline(loaded, nr) if uses_baseline(loaded) else None
        push_stage(loaded, "solution", nr, backup_root=backups)
        say(f"{loaded.task.id}: solution stage pushed; assessing the reference answer (checks must pass) …")
        after = run_assessment(loaded, nr, baseline=baseline)
        solution = _assessed(after, "solution")
        proof.solution_percent = after.result.score.percent
        proof.checks = pair_results(setup, solution)
    finally:
        proof.seconds = time.monotonic() - started
        if keep and state_path(name).exists():
            say(f"{loaded.task.id}: lab {name} left running (--keep); stop it with `netassess lab down {name}`")
        elif state_path(name).exists():  # `up` removes what it made when it fails: nothing left to do then
            try:
                runtime.down(name)
            except Exception as exc:  # noqa: BLE001 - keep the original error; say how to finish by hand
                say(f"{loaded.task.id}: teardown of lab {name} failed ({exc}); run `netassess lab down {name}`")
    return proof


def _assessed(assessment: Any, stage: str) -> list[CheckResult]:
    """The results, unless a device could not be read: that is the lab's failure, not the task's."""
    errors = assessment.snapshot.device_errors
    if errors:
        detail = "; ".join(f"{d}: {e}" for d, e in sorted(errors.items()))
        raise LabError(f"after the {stage} stage, device(s) could not be read: {detail}")
    return list(assessment.result.results)


def _subnet_for(loaded: Any, say: Say) -> str:
    """The topology's own management subnet, so parameters that default to it hold; a free one
    (saying so) when a route or another lab already has it."""
    from netassess.lab.subnets import free_mgmt_subnet, subnet_taken

    own = str(loaded.topology.mgmt_subnet)
    taken = subnet_taken(own)
    if taken is None:
        return own
    other = free_mgmt_subnet()
    say(f"{loaded.task.id}: the topology's management subnet {own} overlaps {taken}; using {other}: "
        "parameters that default to it will not match (pass --mgmt-subnet and --param to choose)")
    return other


def junit_xml(proofs: list[TaskProof], strict: bool = False) -> str:
    """JUnit XML for CI: a suite per task, a case per check and target. A reference answer that
    fails is a failure; a check never seen failing is skipped (a failure with ``strict``)."""
    from xml.etree import ElementTree as ET

    root = ET.Element("testsuites", name="netassess validate --live")
    for proof in proofs:
        unproven = proof.unproven()
        failed = [c for c in proof.checks if c.is_problem or (strict and c in unproven)]
        skipped = [] if strict else unproven
        suite = ET.SubElement(root, "testsuite", name=proof.task_id, tests=str(len(proof.checks) or 1),
                              failures=str(len(failed)), errors="1" if proof.error else "0",
                              skipped=str(len(skipped)), time=f"{proof.seconds:.3f}")
        if proof.error is not None:  # no proof could be made: one errored case says why
            case = ET.SubElement(suite, "testcase", classname=proof.task_id, name="proof", time=f"{proof.seconds:.3f}")
            ET.SubElement(case, "error", message=type(proof.error).__name__).text = str(proof.error)
        for check in proof.checks:
            case = ET.SubElement(suite, "testcase", classname=proof.task_id, name=f"{check.check_id}@{check.target}",
                                 time="0")
            if check in failed:
                ET.SubElement(case, "failure", message=check.verdict).text = check.line()
            elif check in skipped:
                ET.SubElement(case, "skipped", message=check.line())
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
