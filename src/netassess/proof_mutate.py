"""Proof by mutation (``validate --live --mutate``): each check's declared mutation, applied on top
of the solution, must make that check fail; then it is undone and the lab must return to the
solution's state before the next one.

A mutation's effect takes time to show (an adjacency dies after its dead interval), so the lab is
re-assessed, without ``wait`` retries, every few seconds until the targeted check fails or its time
is up; the other checks that moved by then are reported. Undoing is checked the same way: every
check must be back to its solution result. ``no_flap`` is judged from a moment just before each
mutation (and just before each check of the restore), so one mutation's flap does not count
against the next.

How a mutation is made and undone on a node (vtysh on FRR routers, unsaved; the NAPALM driver's
merge on the switch; ``ip link`` for ``link_down``; the driver's replace to restore) is
``netassess.proof_change``.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from netassess.errors import LabError
from netassess.proof_change import NodeChanges
from netassess.results import CheckResult, Status
from netassess.spec.measured import RenderedMutation

if TYPE_CHECKING:
    from netassess.assessment import Assessment

POLL_SECONDS = 3.0
BREAK_SECONDS = 45.0  # at least this long for a mutation to show (the check's own wait when longer)
RESTORE_SECONDS = 90.0  # at least this long for the lab to return to the solution's state
WINDOW_SETTLE_SECONDS = 12.0  # a mutation of a task with a change window is measured this long
Key = tuple[str, str]
Say = Callable[[str], None]


def assessed(assessment: Assessment, stage: str) -> list[CheckResult]:
    """The results, unless a device could not be read: that is the lab's failure, not the task's."""
    errors = assessment.snapshot.device_errors
    if errors:
        detail = "; ".join(f"{d}: {e}" for d, e in sorted(errors.items()))
        raise LabError(f"after the {stage} stage, device(s) could not be read: {detail}")
    return list(assessment.result.results)


@dataclass
class MutationProof:
    """One mutation of one check: did it break the check, what else moved, was it undone."""

    check_id: str
    mutation: RenderedMutation
    broke: bool = False
    seconds: float = 0.0
    targeted: list[str] = field(default_factory=list)  # "target: status message" of the targeted check
    moved: list[str] = field(default_factory=list)  # other check@target whose status changed
    error: str | None = None  # the mutation could not be applied, or the lab did not come back

    def line(self) -> str:
        what = f"{self.check_id}: mutation [{self.mutation.describe()}]"
        if self.error is not None:
            return f"{what}: not proven: {self.error}"
        verdict = "breaks it" if self.broke else "does NOT break it"
        moved = f"; also moved: {', '.join(self.moved)}" if self.moved else ""
        return f"{what}: {verdict} ({'; '.join(self.targeted)}){moved}, {self.seconds:.0f} s"


def statuses(results: list[CheckResult]) -> dict[Key, Status]:
    return {(r.check_id, r.target): r.status for r in results}


def moved_between(reference: list[CheckResult], now: list[CheckResult], skip: str | None = None) -> list[str]:
    """Every check@target (but ``skip``'s) whose status differs from the reference, as `id@target ref→now`."""
    before, after = statuses(reference), statuses(now)
    return [f"{cid}@{target} {before.get((cid, target), 'absent')}→{after.get((cid, target), 'absent')}".replace("Status.", "")
            for cid, target in sorted({*before, *after}) if cid != skip and before.get((cid, target)) != after.get((cid, target))]


def restored(reference: list[CheckResult], now: list[CheckResult]) -> bool:
    return statuses(reference) == statuses(now)


def without_waits(loaded: Any) -> Any:
    """The task with every ``wait`` removed: a poll judges the lab as it is now."""
    checks = [dataclasses.replace(c, spec=c.spec.model_copy(update={"wait": None})) for c in loaded.checks]
    return dataclasses.replace(loaded, checks=checks)


def shifted(baseline: Any, moment: datetime) -> Any:
    """The baseline with its time moved: ``no_flap`` then asks about adjacencies since ``moment``."""
    return None if baseline is None else baseline.model_copy(update={"started": moment})


class Prover:
    """The mutations of one task on its throwaway lab (``state``), judged against ``reference``
    (the solution's results)."""

    def __init__(self, loaded: Any, nr: Any, state: Any, reference: list[CheckResult], *, baseline: Any = None,
                 window: Any = None, say: Say = lambda _: None,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep) -> None:
        from netassess.collect.assign import assign_nodes

        self.loaded, self.nr, self.state, self.reference = loaded, nr, state, reference
        self.quick = without_waits(loaded)
        self.baseline, self.window, self.say, self.clock, self.sleep = baseline, window, say, clock, sleep
        self.changes = NodeChanges(state, nr, assign_nodes(loaded, nr.inventory))

    def run(self) -> list[MutationProof]:
        """Every declared mutation, in task order; after a failed restore the rest are not tried."""
        proofs: list[MutationProof] = []
        broken_lab: str | None = None
        for check in self.loaded.checks:
            for mutation in self.loaded.mutations.get(check.id, []):
                proof = MutationProof(check.id, mutation)
                if broken_lab is not None:
                    proof.error = f"not tried: {broken_lab}"
                else:
                    broken_lab = self._prove(check, proof)
                    if broken_lab is not None and proof.error is None:
                        proof.error = broken_lab  # the lab did not come back: this mutation is not proven, even the last
                proofs.append(proof)
                self.say(f"{self.loaded.id}: {proof.line()}")
        return proofs

    def _prove(self, check: Any, proof: MutationProof) -> str | None:
        """Apply, poll until the check fails, undo, poll until restored. Returns why the lab is unusable, if it is."""
        started = self.clock()
        before = datetime.now(UTC) - timedelta(seconds=1)
        deadline = max(BREAK_SECONDS, check.spec.wait.timeout if check.spec.wait else 0.0)
        try:
            saved = self.changes.save(proof.mutation)
        except LabError as exc:  # e.g. a driver that cannot merge: refused before anything changed
            proof.error = str(exc)
            return None
        window_run = self._window_start()
        try:
            self.changes.apply(proof.mutation)
        except LabError as exc:
            proof.error = str(exc)
            self._window_stop(window_run)
            return None if saved is None else self._undo(proof.mutation, saved)
        window = self._window_after(window_run)

        def broke(results: list[CheckResult]) -> bool:
            return any(r.status is Status.FAIL for r in results if r.check_id == check.id)

        results, proof.broke = self._poll(broke, deadline, lambda: shifted(self.baseline, before), window)
        proof.targeted = [f"{r.target} {r.status.value}" + (f": {r.message}" if r.status is not Status.PASS else "")
                          for r in results if r.check_id == check.id]
        proof.moved = moved_between(self.reference, results, skip=check.id)
        proof.seconds = self.clock() - started
        return self._undo(proof.mutation, saved)

    def _undo(self, mutation: RenderedMutation, saved: str | None) -> str | None:
        try:
            self.changes.undo(mutation, saved)
        except LabError as exc:
            return f"undoing [{mutation.describe()}] failed: {exc}"
        deadline = max([RESTORE_SECONDS, *(c.spec.wait.timeout for c in self.loaded.checks if c.spec.wait)])
        results, ok = self._poll(lambda r: restored(self.reference, r), deadline,
                                 lambda: shifted(self.baseline, datetime.now(UTC) - timedelta(seconds=1)), self.window)
        if not ok:
            return f"after undoing [{mutation.describe()}] the lab did not return to the solution's state: " \
                   + ", ".join(moved_between(self.reference, results))
        return None

    def _poll(self, done: Callable[[list[CheckResult]], bool], seconds: float, baseline: Callable[[], Any],
              window: Any) -> tuple[list[CheckResult], bool]:
        from netassess.assessment import run_assessment

        start = self.clock()
        while True:
            results = assessed(run_assessment(self.quick, self.nr, baseline=baseline(), window=window), "mutation")
            if done(results):
                return results, True
            if self.clock() - start + POLL_SECONDS > seconds:
                return results, False
            self.sleep(POLL_SECONDS)

    # -- the window of a task that has one: each mutation is measured as a change would be -------
    def _window_start(self) -> Any:
        if self.loaded.window is None:
            return None
        from netassess.window import start_window

        return start_window(self.loaded, self.nr)

    def _window_after(self, run: Any) -> Any:
        if run is None:
            return self.window
        self.sleep(WINDOW_SETTLE_SECONDS)
        return self._window_stop(run)

    def _window_stop(self, run: Any) -> Any:
        if run is None:
            return None
        from netassess.window import stop_window

        return stop_window(self.loaded, self.nr, run)
