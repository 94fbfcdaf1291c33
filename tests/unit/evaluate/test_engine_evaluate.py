"""Evaluate: every check × target gets exactly one result, judged from the snapshot alone."""

from __future__ import annotations

from engine_fakes import FakeEnvironment, FakeLink, FakeShare, FakeValue, ShareArgs, ValueArgs

from netassess.checks.base import DeviceContext, EvalContext, LinkEnd, NoArgs
from netassess.collect.plan import PlannedCheck, build_plan
from netassess.evaluate import evaluate_all, evaluate_check
from netassess.results import Level, Status
from netassess.snapshot import Snapshot, StateEntry, StateRequest

IFACES = StateRequest.getter("get_interfaces")
DEVS = {n: DeviceContext(n, "enginefake") for n in ("r1", "r2", "r3")}
LINKS = [(LinkEnd("r1", "eth1"), LinkEnd("r2", "eth1")), (LinkEnd("r2", "eth2"), LinkEnd("r3", "eth1"))]


def _snapshot() -> Snapshot:
    snap = Snapshot()
    snap.put("r1", IFACES, StateEntry(data={"eth1": True, "eth2": False}))
    snap.put("r2", IFACES, StateEntry(data={"eth1": True, "eth2": True}))
    snap.device_errors["r3"] = "unreachable: Connection refused"
    snap.put("r3", IFACES, StateEntry(error="unreachable: Connection refused", error_kind="unreachable"))
    return snap


def _ctx() -> EvalContext:
    return EvalContext(devices=DEVS, links=LINKS)


def _value(**kw: object) -> PlannedCheck:
    base = dict(id="eth1", type_name="engine_fake_value", check=FakeValue(), args=ValueArgs(key="eth2", expect=True),
                devices=["r1", "r2", "r3"], points=2.0, skills=["S2"])
    base.update(kw)
    return PlannedCheck(**base)  # type: ignore[arg-type]


def test_each_device_target_gets_pass_fail_or_error_with_points_per_target() -> None:
    results = evaluate_check(_value(), _snapshot(), _ctx())
    by = {r.target: r for r in results}
    assert by["r2"].status is Status.PASS and by["r2"].points_awarded == 2.0
    assert by["r1"].status is Status.FAIL and by["r1"].points_awarded == 0.0
    assert "expected eth2=True, found False" in by["r1"].message
    assert by["r3"].status is Status.ERROR and by["r3"].points_awarded == 0.0
    assert "unreachable" in by["r3"].message
    assert all(r.points_possible == 2.0 for r in results)


def test_evidence_names_the_snapshot_entries_a_verdict_used() -> None:
    r2 = next(r for r in evaluate_check(_value(), _snapshot(), _ctx()) if r.target == "r2")
    assert r2.evidence == ["r2/getter:get_interfaces"]


def test_partial_credit_is_points_times_fraction() -> None:
    chk = PlannedCheck("share", "engine_fake_share", FakeShare(), ShareArgs(keys=["eth1", "eth2"]), ["r1"], points=4)
    (r,) = evaluate_check(chk, _snapshot(), _ctx())
    assert r.status is Status.FAIL and r.points_awarded == 2.0 and r.points_possible == 4.0


def test_link_scope_yields_one_result_per_topology_link_between_selected_devices() -> None:
    chk = PlannedCheck("links", "engine_fake_link", FakeLink(), NoArgs(), ["r1", "r2"])
    results = evaluate_check(chk, _snapshot(), _ctx())
    assert [r.target for r in results] == ["r1:eth1--r2:eth1"]
    assert results[0].target_kind == "link" and results[0].devices == ["r1", "r2"]
    assert results[0].status is Status.PASS


def test_warning_level_never_scores() -> None:
    results = evaluate_check(_value(level=Level.WARNING), _snapshot(), _ctx())
    assert all(r.points_possible == 0 and r.points_awarded == 0 for r in results)


def test_unsupported_getter_becomes_an_error_with_the_reason() -> None:
    snap = _snapshot()
    req = StateRequest.getter("get_environment")
    snap.put("r1", req, StateEntry(error="NotImplementedError: no environment", error_kind="unsupported"))
    chk = PlannedCheck("env", "engine_fake_environment", FakeEnvironment(), NoArgs(), ["r1"])
    (r,) = evaluate_check(chk, snap, _ctx())
    assert r.status is Status.ERROR and r.message.startswith("unsupported")


def test_unsupported_platform_from_the_plan_is_an_error_not_a_fail() -> None:
    devs = {**DEVS, "old": DeviceContext("old", "unsupported_os")}
    chk = _value(devices=["r2", "old"])
    plan = build_plan([chk], devs)
    by = {r.target: r for r in evaluate_all([chk], _snapshot(), EvalContext(devices=devs), plan)}
    assert by["old"].status is Status.ERROR and "unsupported" in by["old"].message
    assert by["r2"].status is Status.PASS


def test_a_check_that_crashes_is_an_internal_error_never_a_pass() -> None:
    chk = _value(args=ValueArgs.model_construct(key=None, expect=True))  # type: ignore[arg-type]
    chk.check.evaluate = lambda *a: 1 / 0  # type: ignore[method-assign]
    results = evaluate_check(chk, _snapshot(), _ctx())
    assert {r.status for r in results} == {Status.ERROR}
    assert "internal" in results[0].message


def test_author_messages_lead_the_checks_own_detail_and_hint_only_on_failure() -> None:
    chk = _value(messages={"pass": "eth2 is up", "fail": "eth2 should be up"}, hint="no shutdown")
    by = {r.target: r for r in evaluate_check(chk, _snapshot(), _ctx())}
    assert by["r2"].message == "eth2 is up (eth2 is True)" and by["r2"].hint is None
    assert by["r1"].message == "eth2 should be up (expected eth2=True, found False)"
    assert by["r1"].hint == "no shutdown"


def test_a_required_check_with_no_target_is_an_error_that_keeps_its_points_possible() -> None:
    chk = PlannedCheck("links", "engine_fake_link", FakeLink(), NoArgs(), ["r1", "r3"], points=2)
    (r,) = evaluate_check(chk, _snapshot(), _ctx())
    assert r.status is Status.ERROR and "no link" in r.message and "--map" in r.message
    assert (r.points_awarded, r.points_possible) == (0.0, 2)


def test_an_optional_check_with_no_target_is_one_skip_with_the_reason() -> None:
    chk = PlannedCheck("links", "engine_fake_link", FakeLink(), NoArgs(), ["r1", "r3"], level=Level.OPTIONAL)
    (r,) = evaluate_check(chk, _snapshot(), _ctx())
    assert r.status is Status.SKIP and "no link" in r.message and r.points_possible == 0


def test_a_device_that_refused_the_login_is_an_auth_error() -> None:
    snap = _snapshot()
    snap.device_errors["r3"] = "auth: ConnectAuthError: Authentication failed"
    r3 = next(r for r in evaluate_check(_value(), snap, _ctx()) if r.target == "r3")
    assert r3.status is Status.ERROR and r3.message.startswith("auth: r3: ConnectAuthError")
