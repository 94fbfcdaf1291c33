"""Junos over real SSH, as far as a simulator goes: NAPALM's junos driver speaks NETCONF, which
FakeNOS cannot, so this drives the CLI path instead: netmiko ``juniper_junos`` logs in, sets the
screen width/length, sends ``show ospf neighbor``; our TTP template and ``ospf_neighbor`` judge it."""

from __future__ import annotations

from netmiko import ConnectHandler
from simdevices import JUNOS_HOSTNAME

from netassess.checks.base import CHECKS, DeviceContext, EvalContext, StateView, Target
from netassess.results import Status
from netassess.snapshot import Snapshot, StateEntry


def junos_snapshot(sim) -> Snapshot:
    conn = ConnectHandler(device_type="juniper_junos", host="127.0.0.1", port=sim.ports[JUNOS_HOSTNAME],
                          username=sim.username, password=sim.password, timeout=15)
    try:
        output = conn.send_command("show ospf neighbor")
    finally:
        conn.disconnect()
    snap = Snapshot()
    snap.platforms["mx"] = "junos"
    snap.put("mx", "cmd:show ospf neighbor", StateEntry(data=output))
    return snap


def judge(snap: Snapshot, args: dict):
    check = CHECKS.get("ospf_neighbor")()
    ctx = EvalContext(devices={"mx": DeviceContext("mx", "junos")})
    return check.evaluate(check.parse_args(args), Target.device("mx"), StateView(snap), ctx)


def test_junos_ospf_neighbours_over_ssh_pass_and_fail(sim_devices):
    snap = junos_snapshot(sim_devices)
    assert judge(snap, {"peers": ["2.2.2.2"], "count": 2}).status is Status.PASS
    wrong = judge(snap, {"peers": ["9.9.9.9"]})
    assert wrong.status is Status.FAIL and "peer 9.9.9.9: expected Full, found no adjacency" in wrong.message
