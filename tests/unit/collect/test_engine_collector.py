"""Collection: one session per device, each request once, failures kept as classified data."""

from __future__ import annotations

from pathlib import Path

import pytest
from engine_fakes import FakeDevices, write_inventory
from napalm.base.exceptions import CommandErrorException, ConnectAuthError, ConnectionException

from netassess.collect.collector import classify_error, collect, device_refusal
from netassess.collect.inventory import build_nornir
from netassess.collect.plan import RUNNING_CONFIG_REQUEST
from netassess.snapshot import Snapshot, StateRequest

IFACES = StateRequest.getter("get_interfaces")
FACTS = StateRequest.getter("get_facts")


def _nornir(tmp_path: Path, names: list[str], workers: int = 4):
    inv = write_inventory(tmp_path / "inv", {n: {"hostname": n} for n in names})
    return build_nornir(inventory_dir=inv, workers=workers, interactive=False)


def test_one_session_per_device_and_each_request_fetched_once(tmp_path: Path, devices: FakeDevices) -> None:
    for n in ("r1", "r2", "r3"):
        devices.add(n, values={"interfaces": {"eth1": True}}, commands={"show a": "A", "show b": "B"})
    nr = _nornir(tmp_path, ["r1", "r2", "r3"])
    reqs = {n: [FACTS, IFACES, RUNNING_CONFIG_REQUEST, StateRequest.cmd("show a"), StateRequest.cmd("show b")]
            for n in ("r1", "r2", "r3")}
    snap = collect(nr, reqs)
    assert snap.sessions == {"r1": 1, "r2": 1, "r3": 1}
    assert dict(devices.opens) == {"r1": 1, "r2": 1, "r3": 1}
    for n in ("r1", "r2", "r3"):
        assert devices.calls[(n, "get_interfaces")] == 1
        assert devices.calls[(n, "get_config")] == 1
        assert devices.calls[(n, "cli")] == 1  # both commands in one cli() call
        assert snap.entry(n, "cmd:show b").data == "B"
        assert snap.entry(n, IFACES).data == {"eth1": True}


def test_unreachable_device_is_recorded_and_others_still_collected(tmp_path: Path, devices: FakeDevices) -> None:
    devices.add("r1", values={"interfaces": {"eth1": True}})
    devices.add("r2", unreachable=True)
    nr = _nornir(tmp_path, ["r1", "r2"])
    snap = collect(nr, {"r1": [IFACES], "r2": [IFACES]})
    assert snap.entry("r1", IFACES).ok
    assert "r2" in snap.device_errors and snap.device_errors["r2"].startswith("unreachable")
    assert snap.entry("r2", IFACES).error_kind == "unreachable"
    assert snap.sessions == {"r1": 1}


def test_auth_failure_is_classified_as_auth(tmp_path: Path, devices: FakeDevices) -> None:
    devices.add("r1", password="other")
    snap = collect(_nornir(tmp_path, ["r1"]), {"r1": [FACTS]})
    assert snap.entry("r1", FACTS).error_kind == "auth"


def test_getter_not_implemented_is_unsupported_and_a_bad_command_is_a_command_error(tmp_path: Path, devices: FakeDevices) -> None:
    devices.add("r1", commands={"show good": "ok"})
    env = StateRequest.getter("get_environment")
    snap = collect(_nornir(tmp_path, ["r1"]), {"r1": [env, StateRequest.cmd("show good"), StateRequest.cmd("show bad")]})
    assert snap.entry("r1", env).error_kind == "unsupported"
    assert snap.entry("r1", "cmd:show good").data == "ok"  # one bad command does not spoil the others
    assert snap.entry("r1", "cmd:show bad").error_kind == "command"
    assert snap.sessions == {"r1": 1}


def test_a_command_answered_with_napalms_invalid_command_text_is_a_command_error(tmp_path: Path, devices: FakeDevices) -> None:
    # napalm's EOS driver and napalm_frr answer a refused command with this text instead of raising
    devices.add("r1", commands={"show good": "ok", "show bogus": "Invalid command: r1: 'show bogus' refused: Unknown"})
    snap = collect(_nornir(tmp_path, ["r1"]), {"r1": [StateRequest.cmd("show good"), StateRequest.cmd("show bogus")]})
    assert snap.entry("r1", "cmd:show good").data == "ok"
    bogus = snap.entry("r1", "cmd:show bogus")
    assert bogus.error_kind == "command" and bogus.data is None and "Invalid command" in bogus.error


def test_secrets_are_masked_before_anything_is_stored(tmp_path: Path, devices: FakeDevices) -> None:
    devices.add("r1")
    snap = collect(_nornir(tmp_path, ["r1"]), {"r1": [RUNNING_CONFIG_REQUEST]})
    text = snap.model_dump_json()
    assert "s3cr3t-plain" not in text
    assert "username admin" in snap.entry("r1", RUNNING_CONFIG_REQUEST).data["running"]


def test_snapshot_round_trips_through_json(tmp_path: Path, devices: FakeDevices) -> None:
    devices.add("r1", values={"interfaces": {"eth1": True}})
    snap = collect(_nornir(tmp_path, ["r1"]), {"r1": [FACTS, IFACES]})
    snap.save(tmp_path / "s.json")
    again = Snapshot.load(tmp_path / "s.json")
    assert again.entry("r1", IFACES).data == {"eth1": True}
    assert again.sessions == snap.sessions


def test_collection_never_writes_to_a_device(tmp_path: Path, devices: FakeDevices) -> None:
    devices.add("r1")
    collect(_nornir(tmp_path, ["r1"]), {"r1": [FACTS, RUNNING_CONFIG_REQUEST]})
    assert devices.writes == []


def test_error_classification() -> None:
    assert classify_error(ConnectAuthError("x"), connecting=True) == "auth"
    assert classify_error(ConnectionException("Connection refused"), connecting=True) == "unreachable"
    assert classify_error(TimeoutError("timed out"), connecting=True) == "unreachable"
    assert classify_error(NotImplementedError(), connecting=False) == "unsupported"
    assert classify_error(CommandErrorException("bad"), connecting=False) == "command"
    assert classify_error(TimeoutError(), connecting=False) == "timeout"


def test_a_command_not_read_only_on_the_platform_is_never_sent(tmp_path: Path, devices: FakeDevices) -> None:
    """Defence in depth: a rack device may run another platform than the one the task was validated for."""
    devices.add("r1", commands={"show good": "ok"})
    snap = collect(_nornir(tmp_path, ["r1"]), {"r1": [StateRequest.cmd("show good"), StateRequest.cmd("configure terminal"),
                                                     StateRequest.cmd("show run | redirect flash:x")]})
    assert devices.cli_calls == [("r1", ["show good"])]
    for cmd, word in (("configure terminal", "configure"), ("show run | redirect flash:x", "redirect")):
        entry = snap.entry("r1", f"cmd:{cmd}")
        assert entry.error_kind == "command" and entry.error.startswith(f"not sent: not read-only on enginefake: {word!r}")


@pytest.mark.parametrize(("output", "said"), [
    ("% OSPF is not enabled in vrf red", "OSPF is not enabled in vrf red"),  # napalm_frr cli(), recorded words
    ("% BGP instance not found", "BGP instance not found"),
    ("Default BGP instance not found\n", "Default BGP instance not found"),
    ("isisd is not running\n", "isisd is not running"),
    ("% isisd is not running", "isisd is not running"),
])
def test_frr_saying_a_feature_is_not_configured_is_stored_as_refused_with_its_words(output: str, said: str) -> None:
    assert device_refusal("frr", output) == said


@pytest.mark.parametrize(("platform", "output"), [
    ("frr", "% OSPF is not enabled in vrf red\nand more"),  # a real answer that happens to start with '%'
    ("frr", "Neighbor ID     Pri State"), ("frr", "{}"), ("ios", "% OSPF: No router process"),
])
def test_other_output_is_data_not_a_refusal(platform: str, output: str) -> None:
    assert device_refusal(platform, output) is None
