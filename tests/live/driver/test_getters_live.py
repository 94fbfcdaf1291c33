"""Every getter against a real FRR router over SSH, through both kinds of login."""

from __future__ import annotations

from typing import Any

import pytest
from napalm.base.exceptions import ConnectionException

from napalm_frr import FRRDriver
from napalm_frr.contract import assert_conforms
from netassess.lab.state import LabState

pytestmark = pytest.mark.live

VTYSH_GETTERS = [
    "get_facts", "get_interfaces", "get_interfaces_ip", "get_bgp_neighbors", "get_bgp_neighbors_detail",
    "get_bgp_config", "get_route_to", "get_config", "get_network_instances", "get_snmp_information",
    "get_ospf_neighbors", "get_ospf_interfaces", "get_ospf_routes", "is_alive",
]
SHELL_GETTERS = ["get_interfaces_counters", "get_arp_table", "get_ipv6_neighbors_table", "get_users"]


@pytest.mark.parametrize("getter", VTYSH_GETTERS + SHELL_GETTERS)
def test_getter_matches_napalm_model_over_the_automation_login(r1: FRRDriver, getter: str) -> None:
    data: Any = getattr(r1, getter)()
    assert data, f"{getter} returned nothing on a converged router"
    assert_conforms(getter, data)


@pytest.mark.parametrize("getter", VTYSH_GETTERS)
def test_getter_matches_napalm_model_when_login_lands_in_vtysh(r1_vtysh: FRRDriver, getter: str) -> None:
    assert_conforms(getter, getattr(r1_vtysh, getter)())


def test_both_logins_are_recognised(r1: FRRDriver, r1_vtysh: FRRDriver) -> None:
    assert (r1.transport.shell, r1_vtysh.transport.shell) == ("linux", "vtysh")


def test_both_logins_report_the_same_routing_state(r1: FRRDriver, r1_vtysh: FRRDriver) -> None:
    assert r1.get_ospf_interfaces() == r1_vtysh.get_ospf_interfaces()
    assert r1.get_interfaces_ip() == r1_vtysh.get_interfaces_ip()


def test_facts_name_the_router_and_frr_version(r1: FRRDriver, frr_image: str) -> None:
    facts = r1.get_facts()
    release = {"frr8": "8.4", "frr10": "10.3"}[frr_image]  # the lab image's FRR release
    assert facts["hostname"] == "r1" and facts["vendor"] == "FRRouting" and facts["os_version"].startswith(release)
    assert {"eth1", "eth2", "lo"} <= set(facts["interface_list"]) and facts["uptime"] > 0


def test_interfaces_ip_include_ipv6(r1: FRRDriver) -> None:
    eth1 = r1.get_interfaces_ip()["eth1"]
    assert eth1["ipv4"]["10.0.12.1"] == {"prefix_length": 30}
    assert eth1["ipv6"]["2001:db8:12::1"] == {"prefix_length": 64}


def test_ospf_neighbor_r2_is_full_on_eth1_in_area_0(r1: FRRDriver) -> None:
    [neighbor] = r1.get_ospf_neighbors()["default"]
    assert (neighbor["neighbor_id"], neighbor["address"], neighbor["interface"]) == ("10.255.0.2", "10.0.12.2", "eth1")
    assert (neighbor["state"], neighbor["role"], neighbor["area"]) == ("Full", "", "0.0.0.0")
    assert neighbor["uptime"] >= 0


def test_ospf_interfaces_show_network_type_timers_and_passive(r1: FRRDriver) -> None:
    interfaces = r1.get_ospf_interfaces()["default"]
    assert interfaces["eth1"]["network_type"] == "point-to-point"
    assert (interfaces["eth1"]["hello_interval"], interfaces["eth1"]["dead_interval"]) == (1, 4)
    assert interfaces["eth2"]["passive"] and not interfaces["eth1"]["passive"]
    assert interfaces["eth1"]["authentication"] == "none" and interfaces["eth1"]["adjacent_count"] == 1


def test_ospf_routes_reach_r2_loopback_via_eth1(r1: FRRDriver) -> None:
    route = r1.get_ospf_routes()["default"]["10.255.0.2/32"]
    assert route["route_type"] == "intra-area" and route["cost"] == 10
    assert route["next_hops"] == [{"address": "10.0.12.2", "interface": "eth1"}]


def test_ospfv3_reports_the_ipv6_side(r1: FRRDriver) -> None:
    assert r1.get_ospf6_neighbors()["default"][0]["neighbor_id"] == "10.255.0.2"
    assert "2001:db8:ff::2/128" in r1.get_ospf6_routes()["default"]


def test_bgp_sessions_over_ipv4_and_ipv6_are_up(r1: FRRDriver) -> None:
    peers = r1.get_bgp_neighbors()["global"]["peers"]
    assert peers["10.0.12.2"]["is_up"] and peers["2001:db8:12::2"]["is_up"]
    assert peers["2001:db8:12::2"]["address_family"]["ipv6"]["received_prefixes"] >= 1


def test_bgp_config_masks_the_session_password(r1: FRRDriver) -> None:
    neighbor = r1.get_bgp_config()["_"]["neighbors"]["10.0.12.2"]
    assert neighbor["authentication_key"] == "********" and neighbor["remote_as"] == 65002


def test_route_to_with_protocol_filter_and_longer_prefixes(r1: FRRDriver) -> None:
    bgp = r1.get_route_to("2001:db8:ff::2/128", protocol="bgp")
    assert [r["protocol"] for r in bgp["2001:db8:ff::2/128"]] == ["bgp"]
    attributes = bgp["2001:db8:ff::2/128"][0]["protocol_attributes"]
    assert (attributes["as_path"], attributes["remote_as"], attributes["peer_id"]) == ("65002", 65002, "10.255.0.2")
    longer = r1.get_route_to("10.255.0.0/24", longer=True)
    assert {"10.255.0.1/32", "10.255.0.2/32"} <= set(longer)
    assert_conforms("get_route_to", longer)


def test_sanitized_config_hides_the_bgp_password(r1: FRRDriver) -> None:
    assert "lab-bgp-secret-12" in r1.get_config(retrieve="running")["running"]
    sanitized = r1.get_config(sanitized=True)
    assert_conforms("get_config", sanitized)
    assert all("lab-bgp-secret-12" not in text for text in sanitized.values())
    assert "neighbor 10.0.12.2 password <removed>" in sanitized["running"]


def test_startup_config_is_read_from_the_node_when_a_shell_is_available(r1: FRRDriver, r1_vtysh: FRRDriver) -> None:
    assert "hostname r1" in r1.get_config(retrieve="startup")["startup"]
    assert r1_vtysh.get_config(retrieve="startup")["startup"] == ""  # vtysh cannot show frr.conf


def test_arp_table_knows_r2_after_traffic(r1: FRRDriver) -> None:
    r1.ping("10.0.12.2", count=1)
    assert any(e["ip"] == "10.0.12.2" and e["interface"] == "eth1" for e in r1.get_arp_table())


def test_lldp_without_lldpd_raises_not_implemented_with_the_reason(r1: FRRDriver, r1_vtysh: FRRDriver) -> None:
    for driver in (r1, r1_vtysh):
        with pytest.raises(NotImplementedError, match="lldp"):
            driver.get_lldp_neighbors_detail()


@pytest.mark.parametrize("destination", ["10.255.0.2", "2001:db8:ff::2"])
def test_ping_from_either_login(r1: FRRDriver, r1_vtysh: FRRDriver, destination: str) -> None:
    for driver, count in ((r1, 3), (r1_vtysh, 2)):
        result = driver.ping(destination, count=count)
        assert_conforms("ping", result)
        assert result["success"]["packet_loss"] == 0 and len(result["success"]["results"]) == count


def test_traceroute_reaches_r2_in_one_hop(r1: FRRDriver) -> None:
    result = r1.traceroute("10.255.0.2", ttl=3, timeout=1)
    assert_conforms("traceroute", result)
    assert result["success"][1]["probes"][1]["ip_address"] == "10.255.0.2"


def test_cli_runs_vtysh_commands(r1: FRRDriver, r1_vtysh: FRRDriver) -> None:
    for driver in (r1, r1_vtysh):
        out = driver.cli(["show ip ospf neighbor", "show nonsense"])
        assert "10.255.0.2" in out["show ip ospf neighbor"] and "Invalid command" in out["show nonsense"]


def test_wrong_password_is_a_connection_error_naming_the_host(driver_lab: LabState, r1: FRRDriver) -> None:
    host = driver_lab.nodes["r1"].mgmt_ipv4
    with pytest.raises(ConnectionException, match=host.replace(".", r"\.") + ".*authentication"):
        FRRDriver(host, "admin", "not-the-password", timeout=5).open()


def test_unreachable_router_times_out_within_timeout_naming_it(driver_lab: LabState, r1: FRRDriver) -> None:
    # an unused address inside this lab's own management subnet: nothing answers ARP
    network = driver_lab.mgmt_subnet.rsplit(".", 1)[0]
    with pytest.raises(ConnectionException, match=rf"{network}\.250"):
        FRRDriver(f"{network}.250", "admin", "admin", timeout=2).open()
