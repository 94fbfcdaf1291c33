"""Evaluate: judge every check × target purely from a snapshot, one ``CheckResult`` each.

No I/O happens here, which is what makes ``netassess score SNAPSHOT TASK`` give the same results
as the run that collected the snapshot. Whatever goes wrong while judging (state missing or
errored, the platform unsupported, a check raising) becomes an ``error`` result with the reason:
an error is never silent and never earns points.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import get_args

from netassess.checks.base import EvalContext, StateUnavailable, StateView, Target, Unsupported, Verdict
from netassess.collect.plan import Plan, PlannedCheck
from netassess.evaluate.targets import expand_targets
from netassess.results import CheckResult, Level, Status
from netassess.snapshot import ErrorKind, Snapshot, now

_DEVICE_ERROR_KINDS = frozenset(get_args(ErrorKind))


def _message(chk: PlannedCheck, verdict: Verdict) -> str:
    """The author's pass/fail message (already rendered with the parameters by the spec loader),
    followed by the check's own expected-vs-found detail, which is what makes a result explainable."""
    text = chk.messages.get("pass" if verdict.status is Status.PASS else "fail")
    if not text or verdict.status in (Status.ERROR, Status.SKIP):
        return verdict.message
    text = text.strip()
    return f"{text} ({verdict.message})" if verdict.message else text


def _judge(chk: PlannedCheck, target: Target, snapshot: Snapshot, ctx: EvalContext, plan: Plan | None) -> tuple[Verdict, list[str]]:
    view = StateView(snapshot)
    if plan is not None:
        unsupported = [(d, plan.unsupported[(chk.id, d)]) for d in target.devices if (chk.id, d) in plan.unsupported]
        if unsupported:
            d, why = unsupported[0]
            return Verdict(Status.ERROR, f"unsupported on {d}: {why}"), []
    device = ctx.devices.get(target.devices[0]) if target.kind == "device" else None
    args = device.own_args(chk.args) if device is not None else chk.args  # the task's eth1 is this device's Gi0/1
    try:
        verdict = chk.check.evaluate(args, target, view, ctx)
    except StateUnavailable as exc:
        kind = exc.kind
        if exc.device in snapshot.device_errors:  # the collector prefixes why no session opened: auth, timeout…
            prefix = exc.reason.split(": ", 1)[0]
            kind = prefix if prefix in _DEVICE_ERROR_KINDS else kind
        reason = exc.reason.removeprefix(f"{kind}: ")
        return Verdict(Status.ERROR, f"{kind}: {exc.device}: {reason} ({exc.key})"), list(view.used)
    except Unsupported as exc:
        return Verdict(Status.ERROR, f"unsupported: {exc}"), list(view.used)
    except Exception as exc:  # noqa: BLE001 - a check bug is the tool's error, never the candidate's fail
        return Verdict(Status.ERROR, f"internal: check {chk.type_name} raised {type(exc).__name__}: {exc}"), list(view.used)
    if not isinstance(verdict, Verdict):
        return Verdict(Status.ERROR, f"internal: check {chk.type_name} returned {type(verdict).__name__}, not a Verdict"), []
    evidence = list(dict.fromkeys([*view.used, *verdict.evidence]))
    return verdict, evidence


def evaluate_check(
    chk: PlannedCheck,
    snapshot: Snapshot,
    ctx: EvalContext,
    plan: Plan | None = None,
    attempts: int = 1,
) -> list[CheckResult]:
    """All results of one check: one per target.

    A check with no target at all is one result: ``error`` for a required check (a partial
    ``--map`` or inventory must not silently drop points and raise the percentage), else ``skip``.
    """
    targets = expand_targets(chk.scope, chk.devices, ctx.links)
    scored = chk.level is not Level.WARNING
    results: list[CheckResult] = []
    if not targets:
        stamp = now()
        why = "no link between the selected devices" if chk.scope == "link" else "no device matched the targets"
        required = chk.level is Level.REQUIRED
        return [
            CheckResult(
                check_id=chk.id, type=chk.type_name, target="-", target_kind=chk.scope,  # type: ignore[arg-type]
                status=Status.ERROR if required else Status.SKIP, level=chk.level,
                points_possible=chk.points if required else 0.0,
                message=f"{why}; check the inventory and --map" if required else why,
                skills=list(chk.skills), started=stamp, finished=stamp, attempts=attempts,
            )
        ]
    for target in targets:
        started = now()
        verdict, evidence = _judge(chk, target, snapshot, ctx, plan)
        fraction = verdict.fraction or 0.0
        possible = chk.points if scored and verdict.status is not Status.SKIP else 0.0
        results.append(
            CheckResult(
                check_id=chk.id,
                type=chk.type_name,
                target=target.name,
                target_kind=target.kind,
                devices=list(target.devices),
                status=verdict.status,
                level=chk.level,
                points_awarded=round(possible * fraction, 4),
                points_possible=possible,
                message=_message(chk, verdict),
                hint=chk.hint if verdict.status is not Status.PASS else None,
                skills=list(chk.skills),
                evidence=evidence,
                attempts=attempts,
                started=started,
                finished=now(),
            )
        )
    return results


def evaluate_all(
    checks: Iterable[PlannedCheck],
    snapshot: Snapshot,
    ctx: EvalContext,
    plan: Plan | None = None,
) -> list[CheckResult]:
    """Results of every check, in task order."""
    out: list[CheckResult] = []
    for chk in checks:
        out.extend(evaluate_check(chk, snapshot, ctx, plan))
    return out
