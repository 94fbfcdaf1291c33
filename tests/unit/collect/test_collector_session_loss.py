"""A device that stops answering mid-session costs one --timeout, not one per request, and what
could not be collected is recorded as the same kind of error, never as data a check would judge."""

from __future__ import annotations

from pathlib import Path

import pytest
from engine_fakes import EngineFakeDriver, FakeDevices, write_inventory
from napalm.base.exceptions import ConnectionClosedException

from napalm_frr.transport import SessionTimeout
from netassess.collect.collector import classify_error, collect
from netassess.collect.inventory import build_nornir
from netassess.snapshot import StateRequest

FACTS = StateRequest.getter("get_facts")
IFACES = StateRequest.getter("get_interfaces")
CONFIG = StateRequest.getter("get_config")
SHOW_A, SHOW_B = StateRequest.cmd("show a"), StateRequest.cmd("show b")


def _collect(tmp_path: Path, reqs: dict[str, list[StateRequest]]):
    inv = write_inventory(tmp_path / "inv", {n: {"hostname": n} for n in reqs})
    return collect(build_nornir(inventory_dir=inv, workers=2, interactive=False), reqs)


def _hangs_on_facts(monkeypatch: pytest.MonkeyPatch, devices: FakeDevices, host: str) -> None:
    real = EngineFakeDriver.get_facts

    def get_facts(self: EngineFakeDriver):
        if self.hostname == host:
            devices.calls[(host, "get_facts")] += 1
            raise TimeoutError(f"{host}: no prompt within 3s")  # what napalm_frr's SessionTimeout is
        return real(self)

    monkeypatch.setattr(EngineFakeDriver, "get_facts", get_facts)


def test_after_a_timeout_the_device_is_asked_nothing_more_and_the_rest_is_a_timeout_error(
        tmp_path: Path, devices: FakeDevices, monkeypatch: pytest.MonkeyPatch) -> None:
    for n in ("r1", "r2"):
        devices.add(n, values={"interfaces": {"eth1": True}}, commands={"show a": "A", "show b": "B"})
    _hangs_on_facts(monkeypatch, devices, "r2")
    reqs = [FACTS, IFACES, CONFIG, SHOW_A, SHOW_B]
    snap = _collect(tmp_path, {"r1": reqs, "r2": reqs})
    assert devices.calls[("r2", "get_facts")] == 1
    assert devices.calls[("r2", "get_interfaces")] == 0 and devices.calls[("r2", "cli")] == 0
    first = snap.entry("r2", FACTS)
    assert first.error_kind == "timeout" and "no prompt within 3s" in first.error
    for req in (IFACES, CONFIG, SHOW_A, SHOW_B):
        entry = snap.entry("r2", req)
        assert entry.data is None and entry.error_kind == "timeout"
        assert entry.error.startswith("not collected, the session was lost: ") and "no prompt within 3s" in entry.error
    assert all(snap.entry("r1", r).ok for r in reqs)  # the other device is collected as usual
    assert snap.sessions == {"r1": 1, "r2": 1}


def test_a_dropped_session_during_the_command_batch_is_not_retried_command_by_command(
        tmp_path: Path, devices: FakeDevices, monkeypatch: pytest.MonkeyPatch) -> None:
    devices.add("r1", commands={"show a": "A", "show b": "B"})

    def cli(self: EngineFakeDriver, commands: list[str], encoding: str = "text"):
        devices.calls[(self.hostname, "cli")] += 1
        raise ConnectionClosedException(f"{self.hostname}: the device closed the session")

    monkeypatch.setattr(EngineFakeDriver, "cli", cli)
    snap = _collect(tmp_path, {"r1": [SHOW_A, SHOW_B]})
    assert devices.calls[("r1", "cli")] == 1
    for req in (SHOW_A, SHOW_B):
        entry = snap.entry("r1", req)
        assert entry.error_kind == "unreachable" and "closed the session" in entry.error


def test_a_refused_command_still_leaves_the_session_usable_for_the_next(tmp_path: Path, devices: FakeDevices) -> None:
    devices.add("r1", values={"interfaces": {"eth1": True}}, commands={"show a": "A"})
    bad = StateRequest.cmd("show bogus")
    snap = _collect(tmp_path, {"r1": [IFACES, bad, SHOW_A]})
    assert snap.entry("r1", bad).error_kind == "command"
    assert snap.entry("r1", SHOW_A).data == "A" and snap.entry("r1", IFACES).ok


def test_a_device_that_logs_in_and_then_stays_silent_is_a_timeout_not_unreachable() -> None:
    silent = SessionTimeout("192.0.2.1: no prompt within 3s; last output ''")
    assert classify_error(silent, connecting=True) == "timeout"
    assert classify_error(silent, connecting=False) == "timeout"
    assert classify_error(TimeoutError("SYN unanswered"), connecting=True) == "unreachable"
