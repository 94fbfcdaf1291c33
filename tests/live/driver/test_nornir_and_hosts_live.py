"""The driver through Nornir (platform frr, three routers in parallel) and the Linux host driver."""

from __future__ import annotations

from pathlib import Path

import pytest
from nornir import InitNornir
from nornir.core import Nornir
from nornir_napalm.plugins.tasks import napalm_get
from nornir_netmiko.tasks import netmiko_send_command

from napalm_frr.contract import assert_conforms
from napalm_netassess_linux import LinuxDriver
from netassess.lab.inventory import write_inventory
from netassess.lab.state import LabState

pytestmark = pytest.mark.live


@pytest.fixture(scope="module")
def triangle_nornir(triangle_lab: LabState, tmp_path_factory: pytest.TempPathFactory) -> Nornir:
    paths = write_inventory(triangle_lab, tmp_path_factory.mktemp("inventory"))
    return InitNornir(
        runner={"plugin": "threaded", "options": {"num_workers": 3}},
        inventory={"plugin": "SimpleInventory", "options": {
            "host_file": str(paths["hosts"]), "group_file": str(paths["groups"]),
            "defaults_file": str(paths["defaults"]),
        }},
        logging={"enabled": False},
    )


def test_nornir_napalm_get_runs_on_three_frr_routers_in_parallel(triangle_nornir: Nornir) -> None:
    routers = triangle_nornir.filter(platform="frr")
    assert sorted(routers.inventory.hosts) == ["r1", "r2", "r3"]
    result = routers.run(task=napalm_get, getters=["facts", "interfaces_ip", "ospf_neighbors"])
    assert not result.failed, {h: r.exception for h, r in result.items() if r.failed}
    for host, multi in result.items():
        data = multi[0].result
        assert data["facts"]["hostname"] == host
        assert_conforms("get_facts", data["facts"])
        assert_conforms("get_interfaces_ip", data["interfaces_ip"])
        assert_conforms("get_ospf_neighbors", data["ospf_neighbors"])
        assert [n["state"] for n in data["ospf_neighbors"]["default"]] == ["Full", "Full"]


def test_nornir_netmiko_drives_the_vtysh_login(triangle_nornir: Nornir) -> None:
    routers = triangle_nornir.filter(platform="frr")
    result = routers.run(task=netmiko_send_command, command_string="show ip ospf neighbor")
    assert not result.failed
    assert all(out.count("Full") == 2 for out in (multi[0].result for multi in result.values()))


def test_linux_host_facts_and_interfaces(h1: LinuxDriver) -> None:
    facts = h1.get_facts()
    assert_conforms("get_facts", facts)
    assert facts["hostname"] == "h1" and "eth1" in facts["interface_list"]
    interfaces = h1.get_interfaces()
    assert_conforms("get_interfaces", interfaces)
    assert interfaces["eth1"]["is_up"] and interfaces["eth1"]["mac_address"]


def test_linux_host_addresses_include_ipv6(h1: LinuxDriver) -> None:
    addresses = h1.get_interfaces_ip()
    assert_conforms("get_interfaces_ip", addresses)
    assert addresses["eth1"]["ipv4"]["192.168.1.10"] == {"prefix_length": 24}
    assert addresses["eth1"]["ipv6"]["2001:db8:1::10"] == {"prefix_length": 64}


def test_linux_host_pings_through_the_router_and_learns_its_gateway(h1: LinuxDriver) -> None:
    result = h1.ping("10.255.0.2", count=3)
    assert_conforms("ping", result)
    assert result["success"]["packet_loss"] == 0
    arp = h1.get_arp_table()
    assert_conforms("get_arp_table", arp)
    assert any(e["ip"] == "192.168.1.1" and e["interface"] == "eth1" for e in arp)


def test_linux_host_ping_to_nowhere_reports_full_loss(h1: LinuxDriver) -> None:
    result = h1.ping("192.168.1.99", count=2, timeout=1)
    assert result["success"]["packet_loss"] == 2


def test_linux_host_traceroute_shows_the_router_hop(h1: LinuxDriver) -> None:
    result = h1.traceroute("10.255.0.2", ttl=4, timeout=1)
    assert_conforms("traceroute", result)
    hops = result["success"]
    assert hops[1]["probes"][1]["ip_address"] == "192.168.1.1"
    assert hops[max(hops)]["probes"][1]["ip_address"] == "10.255.0.2"


def test_linux_host_cli_runs_shell_commands(h1: LinuxDriver, driver_lab: LabState) -> None:
    assert h1.cli(["hostname"]) == {"hostname": "h1\n"}
    assert Path(driver_lab.credentials.key_file or "").exists()


def test_plain_nornir_napalm_reaches_the_linux_host_through_the_written_inventory(
    driver_lab: LabState, tmp_path: Path
) -> None:
    """`netassess lab inventory` names the renamed driver (netassess_linux) for NAPALM, so a user's
    own Nornir script reaches Linux hosts with no netassess code in between."""
    paths = write_inventory(driver_lab, tmp_path)
    nr = InitNornir(runner={"plugin": "serial"}, logging={"enabled": False}, inventory={
        "plugin": "SimpleInventory", "options": {"host_file": str(paths["hosts"]), "group_file": str(paths["groups"]),
                                                 "defaults_file": str(paths["defaults"])}})
    hosts = nr.filter(platform="linux")
    assert sorted(hosts.inventory.hosts) == ["h1"]
    assert hosts.inventory.hosts["h1"].get_connection_parameters("napalm").platform == "netassess_linux"
    result = hosts.run(task=napalm_get, getters=["facts"])
    assert not result.failed, {h: r.exception for h, r in result.items() if r.failed}
    assert result["h1"][0].result["facts"]["hostname"] == "h1"
