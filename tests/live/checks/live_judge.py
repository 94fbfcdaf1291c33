"""Live check helpers: each check type planned, collected and judged by the engine against a real lab.

Kept out of conftest.py so test modules can import it by a unique name.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from netassess.checks.base import (
    CHECKS,
    DeviceContext,
    EvalContext,
    LinkEnd,
    Target,
    Verdict,
)
from netassess.collect.collector import collect
from netassess.collect.inventory import build_nornir
from netassess.collect.plan import PlannedCheck, build_plan
from netassess.evaluate.judge import evaluate_check
from netassess.lab.node_exec import run_in_node, vtysh
from netassess.lab.state import LabState
from netassess.results import Status
from netassess.snapshot import Snapshot, StateRequest


class LiveJudge:
    """Runs one check at a time through the engine's plan, collector and evaluator against a live lab."""

    def __init__(self, state: LabState) -> None:
        self.state = state
        self.nr = build_nornir(lab=state.name, prompt=None, interactive=False)
        self.platforms = {name: str(h.platform) for name, h in self.nr.inventory.hosts.items()}
        self.links = [tuple(LinkEnd(*end.split(":", 1)) for end in link) for link in state.links]

    def ctx(self, baseline: Snapshot | None = None) -> EvalContext:
        return EvalContext(devices={d: DeviceContext(d, p) for d, p in self.platforms.items()},
                           links=self.links, baseline=baseline)  # type: ignore[arg-type]

    def collect(self, requests: dict[str, list[StateRequest]]) -> Snapshot:
        snap = collect(self.nr, requests)
        assert not snap.device_errors, snap.device_errors
        return snap

    def judge(self, type_name: str, args: dict[str, Any] | None = None, target: str | Target = "r1",
              baseline: Snapshot | None = None) -> Verdict:
        """Plan, collect and evaluate one check through the engine (``build_plan`` / ``collect`` /
        ``evaluate_check``), and return the verdict on ``target`` (status, message, share of points)."""
        check = CHECKS.get(type_name)()
        tgt = Target.device(target) if isinstance(target, str) else target
        planned = PlannedCheck(id=f"live-{type_name}", type_name=type_name, check=check,
                               args=check.parse_args(args), devices=list(tgt.devices), points=1.0)
        ctx = self.ctx(baseline)
        plan = build_plan([planned], {d: ctx.devices[d] for d in tgt.devices})
        snap = self.collect(plan.requests)
        [result] = [r for r in evaluate_check(planned, snap, ctx, plan) if r.target == tgt.name]
        if result.status is Status.ERROR:
            return Verdict(Status.ERROR, result.message)
        return Verdict(result.status, result.message, result.points_awarded / result.points_possible)

    def eventually(self, status: Status, type_name: str, args: dict[str, Any] | None = None, target: str | Target = "r1",
                   timeout: float = 30, saying: str = "", **kw: Any) -> Verdict:
        """Re-judge until the verdict has ``status`` (and a message ``saying`` that): protocols converge
        through intermediate states, like a check with ``wait``."""
        deadline = time.monotonic() + timeout
        while True:
            verdict = self.judge(type_name, args, target, **kw)
            done = verdict.status is status and saying in verdict.message
            if done or time.monotonic() > deadline:
                assert done, f"{type_name} {args} on {target}: expected {status} saying {saying!r}: {verdict.message}"
                return verdict
            time.sleep(1)

    def baseline(self, devices: tuple[str, ...] = ("r1",)) -> Snapshot:
        return self.collect({d: [StateRequest.getter("get_config")] for d in devices})


def configure(state: LabState, node: str, *lines: str) -> None:
    vtysh(state, node, "configure terminal", *lines)


@contextmanager
def changed(state: LabState, node: str, apply: list[str], undo: list[str]) -> Iterator[None]:
    """Break (or fix) a router's config for the duration of a block; always put it back."""
    configure(state, node, *apply)
    try:
        yield
    finally:
        configure(state, node, *undo)


@contextmanager
def linux_changed(state: LabState, node: str, apply: list[list[str]], undo: list[list[str]]) -> Iterator[None]:
    for argv in apply:
        proc = run_in_node(state, node, argv)
        assert proc.returncode == 0, proc.stderr
    try:
        yield
    finally:
        for argv in undo:
            run_in_node(state, node, argv)


