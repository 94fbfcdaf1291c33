"""Retry: checks with ``wait`` re-collect only the state they need until they pass or time out.

Converging protocols (OSPF reaching Full, BGP establishing) may be judged a moment too early.
Each retry round opens one session per device involved, fetches only the requests of the still
failing waiting checks, and re-judges those checks alone; every other result stands.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Sequence

from netassess.checks.base import EvalContext
from netassess.collect.plan import Plan, PlannedCheck, WaitPolicy
from netassess.evaluate.judge import evaluate_check
from netassess.results import CheckResult, Status
from netassess.snapshot import Snapshot, StateRequest

Recollect = Callable[[dict[str, list[StateRequest]]], None]
# Waiting cannot fix these: a platform without the getter, a check bug, a device we cannot log in to.
_FINAL_ERRORS = ("unsupported", "internal", "unreachable", "auth")


def _retryable(result: CheckResult) -> bool:
    if result.status is Status.FAIL:
        return True
    return result.status is Status.ERROR and not result.message.startswith(_FINAL_ERRORS)


def capped(check: PlannedCheck, max_wait: float) -> PlannedCheck:
    """``check`` with its wait cut to ``max_wait`` seconds (none at all at 0)."""
    if check.wait is None or check.wait.timeout <= max_wait:
        return check
    wait = WaitPolicy(max_wait, min(check.wait.interval, max_wait)) if max_wait > 0 else None
    return dataclasses.replace(check, wait=wait)


def waits_cut(checks: Sequence[PlannedCheck], max_wait: float | None) -> float | None:
    """``max_wait`` if it cuts some check's wait (the run must then say so), else None."""
    return max_wait if max_wait is not None and any(c.wait and c.wait.timeout > max_wait for c in checks) else None


def retry_waiting(
    checks: Sequence[PlannedCheck],
    results: list[CheckResult],
    snapshot: Snapshot,
    plan: Plan,
    ctx: EvalContext,
    recollect: Recollect,
    *,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
    on_round: Callable[[list[str]], None] | None = None,
    max_wait: float | None = None,
) -> list[CheckResult]:
    """Return ``results`` with the waiting checks' results replaced by their last attempt.

    ``max_wait`` (``--max-wait``) caps every check's ``wait`` timeout: 0 judges each check once. For a
    lab known to have settled, where waiting out a failing check's window only delays the verdict."""
    if max_wait is not None:
        checks = [capped(c, max_wait) for c in checks]
    by_check: dict[str, list[CheckResult]] = {}
    for r in results:
        by_check.setdefault(r.check_id, []).append(r)
    start = clock()
    waiting = {c.id: c for c in checks if c.wait and any(_retryable(r) for r in by_check.get(c.id, []))}
    attempts = dict.fromkeys(waiting, 1)
    while waiting:
        waiting = {cid: c for cid, c in waiting.items() if clock() - start + c.wait.interval <= c.wait.timeout}  # type: ignore[union-attr]
        if not waiting:
            break
        sleep(min(c.wait.interval for c in waiting.values()))  # type: ignore[union-attr]
        devices = {d for cid in waiting for r in by_check[cid] if _retryable(r) for d in r.devices}
        requests = plan.for_checks(waiting, devices)
        if on_round:
            on_round(sorted(waiting))
        if requests:
            recollect(requests)
        for cid, chk in list(waiting.items()):
            attempts[cid] += 1
            previous = {r.target: r for r in by_check[cid]}
            fresh = evaluate_check(chk, snapshot, ctx, plan, attempts=attempts[cid])
            # Targets already settled keep their result: their state was not re-collected.
            by_check[cid] = [r if previous.get(r.target) is None or _retryable(previous[r.target]) else previous[r.target]
                             for r in fresh]
            if not any(_retryable(r) for r in by_check[cid]):
                del waiting[cid]
    order = list(dict.fromkeys(r.check_id for r in results))
    return [r for cid in order for r in by_check[cid]]
