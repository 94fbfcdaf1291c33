"""Retry: a waiting check re-collects only its own state until it passes or times out."""

from __future__ import annotations

from engine_fakes import FakeValue, ValueArgs

from netassess.checks.base import DeviceContext, EvalContext
from netassess.collect.plan import PlannedCheck, WaitPolicy, build_plan
from netassess.evaluate import evaluate_all, retry_waiting
from netassess.results import Status
from netassess.snapshot import Snapshot, StateEntry, StateRequest

IFACES = StateRequest.getter("get_interfaces")
DEVS = {n: DeviceContext(n, "enginefake") for n in ("r1", "r2")}


class FakeClock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t

    def sleep(self, s: float) -> None:
        self.t += s


def _setup(wait: WaitPolicy | None):
    waiting = PlannedCheck("conv", "engine_fake_value", FakeValue(), ValueArgs(key="ospf", expect="Full"), ["r1", "r2"], wait=wait)
    other = PlannedCheck("static", "engine_fake_value", FakeValue(), ValueArgs(key="eth1", expect=True), ["r1", "r2"])
    plan = build_plan([waiting, other], DEVS)
    snap = Snapshot()
    snap.put("r1", IFACES, StateEntry(data={"ospf": "Full", "eth1": True}))
    snap.put("r2", IFACES, StateEntry(data={"ospf": "Init", "eth1": False}))
    return waiting, other, plan, snap


def test_waiting_check_passes_once_state_converges_and_only_its_devices_are_recollected() -> None:
    waiting, other, plan, snap = _setup(WaitPolicy(timeout=30, interval=5))
    ctx = EvalContext(devices=DEVS)
    results = evaluate_all([waiting, other], snap, ctx, plan)
    rounds: list[dict] = []

    def recollect(requests: dict) -> None:
        rounds.append(requests)
        if len(rounds) == 2:
            snap.put("r2", IFACES, StateEntry(data={"ospf": "Full", "eth1": False}))

    clock = FakeClock()
    final = retry_waiting([waiting, other], results, snap, plan, ctx, recollect, clock=clock, sleep=clock.sleep)
    assert rounds == [{"r2": [IFACES]}, {"r2": [IFACES]}]  # only the failing device, only the waiting check's state
    conv = [r for r in final if r.check_id == "conv"]
    assert {r.status for r in conv} == {Status.PASS}
    assert {r.target: r.attempts for r in conv} == {"r1": 1, "r2": 3}
    static = {r.target: r.status for r in final if r.check_id == "static"}
    assert static == {"r1": Status.PASS, "r2": Status.FAIL}  # checks without wait are never retried
    assert [r.check_id for r in final] == ["conv", "conv", "static", "static"]


def test_waiting_check_gives_up_at_its_timeout() -> None:
    waiting, other, plan, snap = _setup(WaitPolicy(timeout=12, interval=5))
    ctx = EvalContext(devices=DEVS)
    results = evaluate_all([waiting, other], snap, ctx, plan)
    calls: list[dict] = []
    clock = FakeClock()
    final = retry_waiting([waiting, other], results, snap, plan, ctx, calls.append, clock=clock, sleep=clock.sleep)
    assert len(calls) == 2 and clock.t <= 12
    assert {r.target: r.status for r in final if r.check_id == "conv"} == {"r1": Status.PASS, "r2": Status.FAIL}


def test_no_retry_when_nothing_waits() -> None:
    _, other, plan, snap = _setup(None)
    ctx = EvalContext(devices=DEVS)
    results = evaluate_all([other], snap, ctx, plan)
    calls: list[dict] = []
    assert retry_waiting([other], results, snap, plan, ctx, calls.append) == results and calls == []


def test_an_unreachable_device_is_not_retried() -> None:
    waiting, other, plan, snap = _setup(WaitPolicy(timeout=30, interval=5))
    snap.device_errors["r2"] = "unreachable: Connection refused"
    ctx = EvalContext(devices=DEVS)
    results = evaluate_all([waiting], snap, ctx, plan)
    assert {r.target: r.status for r in results} == {"r1": Status.PASS, "r2": Status.ERROR}
    calls: list[dict] = []
    assert retry_waiting([waiting], results, snap, plan, ctx, calls.append) == results and calls == []


def test_max_wait_cuts_a_checks_window_and_zero_judges_it_once() -> None:
    for max_wait, rounds_expected in ((6, 1), (0, 0)):
        waiting, other, plan, snap = _setup(WaitPolicy(timeout=30, interval=5))
        ctx = EvalContext(devices=DEVS)
        results = evaluate_all([waiting, other], snap, ctx, plan)
        rounds: list[dict] = []
        clock = FakeClock()
        final = retry_waiting([waiting, other], results, snap, plan, ctx, rounds.append, clock=clock, sleep=clock.sleep,
                              max_wait=max_wait)
        assert len(rounds) == rounds_expected and clock.t <= max_wait  # 30 s uncapped: 6 rounds
        assert {r.target: r.status for r in final if r.check_id == "conv"} == {"r1": Status.PASS, "r2": Status.FAIL}


def test_a_cap_longer_than_the_wait_changes_nothing() -> None:
    waiting, other, plan, snap = _setup(WaitPolicy(timeout=10, interval=5))
    ctx = EvalContext(devices=DEVS)
    rounds: list[dict] = []
    clock = FakeClock()
    retry_waiting([waiting, other], evaluate_all([waiting, other], snap, ctx, plan), snap, plan, ctx, rounds.append,
                  clock=clock, sleep=clock.sleep, max_wait=60)
    assert len(rounds) == 2 and clock.t == 10
