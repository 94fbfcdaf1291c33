"""End to end over real SSH: `netassess run` against simulated IOS and EOS switches.

NAPALM's ios driver (netmiko) and eos driver (``transport: ssh``, so every getter is ``show … |
json`` over the CLI) log in, find the prompt, enter enable mode, turn paging off, send the
commands and parse the recorded real answers; our TTP templates and checks judge them. Every
"-ok" check must pass and every "-wrong" check must fail, with the reason in its message.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from simdevices import EOS_HOSTNAME, IOS_HOSTNAME

TASK = Path(__file__).parent / "task" / "switching.yaml"
SRC = Path(__file__).resolve().parents[2] / "src"


def write_inventory(directory: Path, sim) -> Path:
    """A rack inventory like inventories/rack-example: no credentials in it, EOS over SSH."""
    hosts = {
        "ios-sw": {"hostname": "127.0.0.1", "port": sim.ports[IOS_HOSTNAME], "platform": "ios",
                   "data": {"node": "ios-sw"}},
        "eos-sw": {"hostname": "127.0.0.1", "port": sim.ports[EOS_HOSTNAME], "platform": "eos",
                   "data": {"node": "eos-sw"},
                   "connection_options": {"napalm": {"extras": {"optional_args": {"transport": "ssh"}}}}},
    }
    directory.mkdir()
    (directory / "hosts.yaml").write_text(yaml.safe_dump(hosts))
    return directory


@pytest.fixture(scope="module")
def run_result(sim_devices, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sim-run")
    inventory = write_inventory(tmp / "inventory", sim_devices)
    env = dict(os.environ, NETASSESS_USERNAME=sim_devices.username, NETASSESS_PASSWORD=sim_devices.password,
               PYTHONPATH=os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")])))
    proc = subprocess.run(
        [sys.executable, "-m", "netassess", "run", str(TASK), "-i", str(inventory), "-o", str(tmp / "out"),
         "-f", "json", "--timeout", "15"],
        env=env, capture_output=True, text=True, timeout=240,
    )
    [results] = (tmp / "out").glob("results*.json")
    data = json.loads(results.read_text())
    return proc, data, {r["check_id"]: r for r in data["results"]}


def test_run_against_simulated_switches_completes_below_pass_mark_exit_1(run_result):
    proc, data, _ = run_result
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert data["complete"] is True


@pytest.mark.parametrize("check_id", [
    "ios-hostname-ok", "ios-if-up-ok", "ios-ospf-ok", "ios-vlans-ok", "ios-access-ok", "ios-trunk-ok", "ios-mac-ok",
    "eos-hostname-ok", "eos-if-up-ok", "eos-ospf-ok", "eos-vlans-ok", "eos-access-ok", "eos-trunk-ok", "eos-mac-ok",
])
def test_matching_expectation_passes_over_ssh(run_result, check_id):
    result = run_result[2][check_id]
    assert result["status"] == "pass", result["message"]


@pytest.mark.parametrize(("check_id", "reason"), [
    ("ios-hostname-wrong", "expected hostname 'sw-01', found 'NS2903-ASW-01'"),
    ("ios-if-up-wrong", "GigabitEthernet3: expected up, found admin_down"),
    ("ios-ospf-wrong", "10.0.0.9"),
    ("ios-vlans-wrong", "VLAN 2: expected name 'USERS', found 'Vlan2'; VLAN 30: expected to exist, not found"),
    ("ios-access-wrong", "Gi0/2: expected static access in VLAN 100, found mode dynamic auto (operating as access), VLAN 100"),
    ("ios-trunk-wrong", "Gi0/1: expected native VLAN 999, found 1"),
    ("ios-mac-wrong", "00:18:b9:74:52:8f: expected on Fa0/5, found Fa0/16 VLAN 1"),
    ("eos-ospf-wrong", "9.9.9.9"),
    ("eos-vlans-wrong", "VLAN 10: expected name 'USERS', found 'VLAN0010'; VLAN 1000: expected absent"),
    ("eos-access-wrong", ("Et49/1: expected static access in VLAN 20, found mode access, VLAN 1; "
                          "Ethernet15: expected static access in VLAN 10, found mode trunk")),
    ("eos-trunk-wrong", "Et1: expected native VLAN 999, found 1"),
    ("eos-trunk-wrong", "Et49/1: expected trunking, found mode access, operating as access"),
    ("eos-mac-wrong", "00:0f:53:27:0c:21: expected on Ethernet1, found Ethernet44 VLAN 10"),
])
def test_mismatching_expectation_fails_with_the_reason(run_result, check_id, reason):
    result = run_result[2][check_id]
    assert result["status"] == "fail"
    assert reason in result["message"]


def test_one_ssh_session_per_simulated_device(run_result):
    _, data, _ = run_result
    snapshot = json.loads(Path(data["snapshot"]).read_text())
    assert snapshot["sessions"] == {"ios-sw": 1, "eos-sw": 1}
    assert "cmd:show interfaces switchport" in snapshot["devices"]["ios-sw"]
    assert "cmd:show interfaces switchport | json" in snapshot["devices"]["eos-sw"]
