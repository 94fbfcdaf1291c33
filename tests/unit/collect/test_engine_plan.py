"""Plan: the union of the state every selected check needs, per device, each request once."""

from __future__ import annotations

from engine_fakes import CmdArgs, FakeCommand, FakeEnvironment, FakeValue, ValueArgs

from netassess.checks.base import DeviceContext, NoArgs
from netassess.collect.plan import BASE_REQUESTS, PlannedCheck, build_plan
from netassess.snapshot import StateRequest

DEVICES = {
    "r1": DeviceContext("r1", "enginefake"),
    "r2": DeviceContext("r2", "enginefake"),
    "old": DeviceContext("old", "unsupported_os"),
}


def _value(cid: str, devices: list[str]) -> PlannedCheck:
    return PlannedCheck(cid, "engine_fake_value", FakeValue(), ValueArgs(key="eth1", expect=True), devices)


def test_requests_shared_by_checks_are_planned_once_per_device() -> None:
    checks = [_value("a", ["r1", "r2"]), _value("b", ["r1"]),
              PlannedCheck("c", "engine_fake_command", FakeCommand(), CmdArgs(command="show x", contains="y"), ["r1"])]
    plan = build_plan(checks, DEVICES)
    assert plan.requests["r1"].count(StateRequest.getter("get_interfaces")) == 1
    assert StateRequest.cmd("show x") in plan.requests["r1"]
    assert StateRequest.cmd("show x") not in plan.requests["r2"]


def test_facts_and_running_config_are_always_planned_first() -> None:
    plan = build_plan([_value("a", ["r1"])], DEVICES)
    for name in DEVICES:
        assert tuple(plan.requests[name][:2]) == BASE_REQUESTS
    assert [r.key for r in BASE_REQUESTS] == ["getter:get_facts", "getter:get_config"]


def test_unsupported_platform_is_recorded_not_collected() -> None:
    plan = build_plan([_value("a", ["r1", "old"])], DEVICES)
    assert ("a", "old") in plan.unsupported
    assert "unsupported_os" in plan.unsupported[("a", "old")]
    assert StateRequest.getter("get_interfaces") not in plan.requests["old"]


def test_retry_plan_holds_only_the_waiting_checks_requests() -> None:
    checks = [_value("a", ["r1", "r2"]), PlannedCheck("env", "engine_fake_environment", FakeEnvironment(), NoArgs(), ["r1"])]
    plan = build_plan(checks, DEVICES)
    assert plan.for_checks(["env"]) == {"r1": [StateRequest.getter("get_environment")]}
    assert plan.for_checks(["a"], devices=["r2"]) == {"r2": [StateRequest.getter("get_interfaces")]}
