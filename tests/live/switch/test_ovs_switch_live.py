"""Open vSwitch switches in the built-in lab, driven by the ovs NAPALM driver over real SSH:
VLANs isolate and trunks carry, the router routes between VLANs, getters hold NAPALM's models,
bad candidates change nothing, rollback restores, and ``down`` leaves no switch daemon behind."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator

import pytest
from napalm import get_network_driver
from napalm.base.exceptions import MergeConfigException

from napalm_frr.contract import assert_conforms
from netassess.lab.node_exec import run_in_node
from netassess.lab.state import LabState, process_started

pytestmark = pytest.mark.live

SW1 = """vlan 10 name USERS
vlan 20 name VOICE
vlan 99 name NATIVE
interface eth1 access 10
interface eth2 access 20
interface eth3 access 10
interface eth4 access 20
interface eth5 trunk allowed 10,20 native 99
"""
SW2 = """vlan 10 name USERS
vlan 30 name GUEST
vlan 99 name NATIVE
interface eth1 trunk allowed 10,20 native 99
interface eth2 access 10
interface eth3 access 30
"""


def connect(lab: LabState, node: str):  # type: ignore[no-untyped-def]
    dev = get_network_driver("ovs")(lab.nodes[node].mgmt_ipv4, lab.credentials.automation_user, "", optional_args={
        "key_file": lab.credentials.key_file, "known_hosts": lab.credentials.known_hosts,
        **({"lldpcli": lab.nodes[node].lldpcli} if lab.nodes[node].lldpcli else {})})
    dev.open()
    return dev


@pytest.fixture(scope="module")
def configured(switch_lab: LabState) -> Iterator[LabState]:
    for node, text in (("sw1", SW1), ("sw2", SW2)):
        dev = connect(switch_lab, node)
        dev.load_merge_candidate(config=text)
        dev.commit_config()
        dev.close()
    yield switch_lab


def pings(lab: LabState, node: str, address: str, tries: int = 10) -> bool:
    """Whether ``node`` gets an answer from ``address`` (a few tries: the first probe waits for ARP)."""
    return any(run_in_node(lab, node, ["ping", "-c", "1", "-W", "1", address]).returncode == 0 for _ in range(tries))


def test_same_vlan_reaches_across_the_trunk_other_vlans_only_through_the_router(configured: LabState) -> None:
    assert pings(configured, "h3", "192.168.10.11")  # h3 (sw2) -> h1 (sw1), VLAN 10 across the trunk
    assert pings(configured, "h1", "192.168.20.12")  # VLAN 10 -> VLAN 20 through r1
    assert pings(configured, "h3", "192.168.20.12")  # across the trunk, then routed
    assert not pings(configured, "h4", "192.168.10.13", tries=3)  # same subnet, other VLAN: cut off


def test_tcp_crosses_the_trunk_despite_the_veths_offloaded_checksums(configured: LabState) -> None:
    assert run_in_node(configured, "h3", ["iperf3", "-s", "-1", "-D"]).returncode == 0
    time.sleep(0.5)
    done = run_in_node(configured, "h1", ["iperf3", "-c", "192.168.10.13", "-n", "1M", "--connect-timeout", "5000"],
                       timeout=30)
    assert done.returncode == 0 and "iperf Done" in done.stdout, done.stdout + done.stderr


def test_moving_a_port_into_the_vlan_joins_it_and_rollback_cuts_it_off_again(configured: LabState) -> None:
    dev = connect(configured, "sw2")
    try:
        dev.load_merge_candidate(config="interface eth3 access 10\n")
        assert dev.compare_config() == "-interface eth3 access 30\n+interface eth3 access 10\n"
        dev.commit_config()
        assert pings(configured, "h4", "192.168.10.13")
        dev.rollback()
        assert "interface eth3 access 30" in dev.get_config()["running"]
        assert not pings(configured, "h4", "192.168.10.13", tries=3)
    finally:
        dev.close()


def test_getters_hold_napalms_models_and_report_the_switch(configured: LabState) -> None:
    dev = connect(configured, "sw1")
    try:
        pings(configured, "h1", "192.168.10.1")  # traffic, so the MAC table has h1 in it
        for getter in ("get_facts", "get_interfaces", "get_interfaces_ip", "get_vlans", "get_mac_address_table",
                       "get_config", "get_lldp_neighbors", "get_lldp_neighbors_detail"):
            assert_conforms(getter, getattr(dev, getter)())
        facts = dev.get_facts()
        assert facts["hostname"] == "sw1" and facts["os_version"].startswith("Open vSwitch 3.")
        assert {"eth0", "eth1", "eth5"} <= set(facts["interface_list"])
        assert dev.get_interfaces_ip()["eth0"]["ipv4"] == {configured.nodes["sw1"].mgmt_ipv4: {"prefix_length": 24}}
        vlans = dev.get_vlans()
        assert vlans[10] == {"name": "USERS", "interfaces": ["eth1", "eth3", "eth5"]}
        macs = {(e["mac"], e["interface"], e["vlan"]) for e in dev.get_mac_address_table()}
        assert ("AA:C1:AB:00:00:11", "eth3", 10) in macs
        deadline = time.monotonic() + 30
        while (lldp := dev.get_lldp_neighbors()).get("eth5") is None and time.monotonic() < deadline:
            time.sleep(1)
        assert lldp["eth5"] == [{"hostname": "sw2", "port": "eth1"}] and lldp["eth1"][0]["hostname"] == "r1"
    finally:
        dev.close()


def test_a_bad_line_is_refused_and_the_switch_is_unchanged(configured: LabState) -> None:
    dev = connect(configured, "sw1")
    try:
        before = dev.get_config()["running"]
        with pytest.raises(MergeConfigException, match="line 2: VLAN 40 is not defined"):
            dev.load_merge_candidate(config="interface eth4 shutdown\ninterface eth3 access 40\n")
        assert dev.compare_config() == "" and dev.get_config()["running"] == before
        dev.load_replace_candidate(config=before)
        assert dev.compare_config() == ""  # get_config's text replaced onto the switch changes nothing
    finally:
        dev.close()


def test_shutdown_takes_the_link_down_and_no_shutdown_brings_it_back(configured: LabState) -> None:
    dev = connect(configured, "sw1")
    try:
        dev.load_merge_candidate(config="interface eth4 shutdown\n")
        dev.commit_config()
        assert dev.get_interfaces()["eth4"]["is_enabled"] is False
        assert "NO-CARRIER" in run_in_node(configured, "h2", ["ip", "link", "show", "eth1"]).stdout
        assert dev.get_switchports()["eth4"]["oper_mode"] == "down"
        dev.load_merge_candidate(config="interface eth4 no shutdown\n")
        dev.commit_config()
        assert dev.get_interfaces()["eth4"]["is_enabled"] is True
        assert pings(configured, "h1", "192.168.20.12")
    finally:
        dev.close()


def test_the_automation_user_reaches_only_its_own_switchs_database(configured: LabState) -> None:
    dev = connect(configured, "sw1")
    try:
        rc, out = dev.session.run("id -nG; ovs-vsctl br-exists br0 && echo bridge-ok; ip link set eth3 down")
        assert "openvswitch" in out and "bridge-ok" in out and "Operation not permitted" in out and rc != 0
    finally:
        dev.close()


def test_down_stops_every_switch_daemon(lab_factory, switch_lab: LabState) -> None:  # type: ignore[no-untyped-def]
    pids = [pid for node in ("sw1", "sw2") for prog, pid in switch_lab.nodes[node].pids.items() if prog.startswith("ovs")]
    assert len(pids) == 4 and all(process_started(pid) is not None for pid in pids)
    lab_factory.stop(switch_lab.name)
    assert [pid for pid in pids if process_started(pid) is not None] == []
    assert switch_lab.nodes["sw1"].namespace not in subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout
