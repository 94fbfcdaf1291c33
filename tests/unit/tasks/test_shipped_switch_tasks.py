"""The shipped switching tasks: the lab switch's stages parse in the switch language against the
topology's own ports, and the IOS stages (checked offline with hier_config) carry the same plan."""

from __future__ import annotations

import pytest
from ios_render import load, parse, render

from napalm_ovs.candidate import SwitchConfig, apply_text
from netassess.lab.switch import interfaces
from netassess.spec.stages import render_stage, stage_nodes

SWITCH_TASKS = ["s2-vlans-two-switches", "s4-park-unused-ports"]


def lab_switch_after(task: str, node: str, stage: str) -> SwitchConfig:
    """The lab switch once the setup is replaced onto it (and, for the solution, merged on top)."""
    loaded = load(task)
    factory = SwitchConfig.factory(interfaces(loaded.topology, node))
    cfg = apply_text(render_stage(loaded, "setup", node, "ovs") or "", factory)
    return apply_text(render_stage(loaded, "solution", node, "ovs") or "", cfg) if stage == "solution" else cfg


@pytest.mark.parametrize("task", SWITCH_TASKS)
def test_every_lab_switch_stage_is_accepted_by_the_switch_language_on_the_topologys_ports(task: str) -> None:
    loaded = load(task)
    nodes = {n for stage in ("setup", "solution") for n in stage_nodes(loaded, stage, "ovs")}
    assert nodes == {n.name for n in loaded.topology.switches()}
    for node in nodes:
        lab_switch_after(task, node, "solution")  # raises CandidateError naming the line otherwise


def test_s2_lab_solution_is_the_plan_and_setup_is_not() -> None:
    sw1, sw2 = (lab_switch_after("s2-vlans-two-switches", n, "solution") for n in ("sw1", "sw2"))
    assert {p: c.access_vlan for p, c in sw1.ports.items() if c.mode == "access"} == {"eth1": 10, "eth2": 20, "eth3": 10, "eth4": 20}
    assert (sw1.ports["eth5"].allowed, sw1.ports["eth5"].native) == (frozenset({10, 20, 99}), 99)
    assert sw2.ports["eth1"] == sw1.ports["eth5"] and sw2.ports["eth3"].access_vlan == 30 and 30 not in sw1.vlans
    setup = lab_switch_after("s2-vlans-two-switches", "sw1", "setup")
    assert setup.ports["eth4"].access_vlan == 10 and setup.ports["eth5"].mode == "access"  # h2 misplaced, no trunk


def test_s4_lab_solution_parks_and_shuts_only_the_spare_ports() -> None:
    sw1 = lab_switch_after("s4-park-unused-ports", "sw1", "solution")
    assert {p: (c.access_vlan, c.shutdown) for p, c in sw1.ports.items()} == {
        "eth1": (10, False), "eth2": (10, False), "eth3": (999, True), "eth4": (999, True)}
    assert sw1.vlans[999] == "PARKING"


def _switchport(config, port: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {c.text for c in config.get_child(equals=f"interface {port}").children}


def test_s2_ios_solution_makes_access_ports_and_a_restricted_trunk_with_the_native_vlan() -> None:
    loaded = load("s2-vlans-two-switches")
    sw1 = parse(render(loaded, "solution", "sw1"))
    assert {c.text for c in sw1.children if c.text.startswith("vlan ")} == {"vlan 10", "vlan 20", "vlan 99"}
    assert sw1.get_child(equals="vlan 10").get_child(equals="name USERS") is not None
    assert {"switchport mode access", "switchport access vlan 20"} <= _switchport(sw1, "GigabitEthernet0/4")
    assert {"switchport mode trunk", "switchport trunk allowed vlan 10,20",
            "switchport trunk native vlan 99"} <= _switchport(sw1, "GigabitEthernet0/5")
    sw2 = parse(render(loaded, "solution", "sw2"))
    assert "switchport access vlan 30" in _switchport(sw2, "GigabitEthernet0/3")
    assert sw2.get_child(equals="vlan 30").get_child(equals="name GUEST") is not None


def test_s4_ios_solution_parks_and_shuts_the_spare_ports_and_setup_leaves_them_open() -> None:
    loaded = load("s4-park-unused-ports")
    final = parse(render(loaded, "solution", "sw1"))
    for port in ("GigabitEthernet0/3", "GigabitEthernet0/4"):
        assert {"switchport access vlan 999", "shutdown"} <= _switchport(final, port)
    assert final.get_child(equals="interface GigabitEthernet0/1") is None  # the staff ports are left alone
    setup = parse(render(loaded, "setup", "sw1"))
    assert "no shutdown" in _switchport(setup, "GigabitEthernet0/3")
