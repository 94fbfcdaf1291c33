"""Getters over recorded FRR 8.4 output: NAPALM's models hold and values match the lab."""

from __future__ import annotations

import pytest
from driver_replay import ReplayTransport

from napalm_frr import FRRDriver
from napalm_frr.contract import assert_conforms

GETTERS = [
    "get_facts", "get_interfaces", "get_interfaces_ip", "get_interfaces_counters", "get_bgp_neighbors",
    "get_bgp_neighbors_detail", "get_bgp_config", "get_route_to", "get_arp_table", "get_ipv6_neighbors_table",
    "get_network_instances", "get_users", "get_ospf_neighbors", "get_ospf_interfaces", "get_ospf_routes",
]


@pytest.mark.parametrize("getter", GETTERS)
def test_every_getter_output_matches_its_napalm_model(frr: FRRDriver, getter: str) -> None:
    assert_conforms(getter, getattr(frr, getter)())


def test_facts_name_frrouting_version_hostname_and_kernel(frr: FRRDriver) -> None:
    facts = frr.get_facts()
    assert (facts["vendor"], facts["os_version"], facts["hostname"]) == ("FRRouting", "8.4.4", "r1")
    assert facts["uptime"] == 1234.56
    assert facts["interface_list"] == ["eth0", "eth1", "eth2", "lo"]


def test_interfaces_ip_reports_ipv4_and_ipv6_with_prefix_lengths(frr: FRRDriver) -> None:
    eth1 = frr.get_interfaces_ip()["eth1"]
    assert eth1["ipv4"] == {"10.0.12.1": {"prefix_length": 30}}
    assert eth1["ipv6"]["2001:db8:12::1"] == {"prefix_length": 64}


def test_interface_description_and_state_come_from_zebra(frr: FRRDriver) -> None:
    eth1 = frr.get_interfaces()["eth1"]
    assert eth1["description"] == "to r2" and eth1["is_up"] and eth1["is_enabled"]
    assert eth1["mtu"] == 1500 and eth1["mac_address"].count(":") == 5


def test_bgp_neighbors_key_default_vrf_as_global_with_ipv4_and_ipv6_peers(frr: FRRDriver) -> None:
    bgp = frr.get_bgp_neighbors()
    peers = bgp["global"]["peers"]
    assert bgp["global"]["router_id"] == "10.255.0.1"
    assert set(peers) == {"10.0.12.2", "2001:db8:12::2"}
    v4 = peers["10.0.12.2"]
    assert v4["is_up"] and v4["remote_as"] == 65002 and v4["description"] == "eBGP to r2"
    assert v4["address_family"]["ipv4"]["received_prefixes"] >= 1


def test_bgp_neighbors_detail_groups_peers_by_remote_as(frr: FRRDriver) -> None:
    detail = frr.get_bgp_neighbors_detail()
    assert {p["remote_address"] for p in detail["global"][65002]} == {"10.0.12.2", "2001:db8:12::2"}


def test_bgp_config_reads_the_router_bgp_stanza(frr: FRRDriver) -> None:
    config = frr.get_bgp_config()
    neighbor = config["_"]["neighbors"]["10.0.12.2"]
    assert (neighbor["remote_as"], neighbor["description"], neighbor["local_as"]) == (65002, "eBGP to r2", 65001)
    assert config["_"]["type"] == "external"


def test_route_to_filters_by_protocol(frr: FRRDriver) -> None:
    routes = frr.get_route_to("10.255.0.2/32", protocol="bgp")
    assert [r["protocol"] for r in routes["10.255.0.2/32"]] == ["bgp"]
    assert routes["10.255.0.2/32"][0]["next_hop"] == "10.0.12.2"
    assert routes["10.255.0.2/32"][0]["current_active"] is True
    attributes = routes["10.255.0.2/32"][0]["protocol_attributes"]
    assert (attributes["as_path"], attributes["local_as"], attributes["remote_as"]) == ("65002", 65001, 65002)
    assert attributes["peer_id"] == "10.255.0.2" and attributes["local_preference"] == 100


def test_route_to_without_destination_covers_ipv4_and_ipv6(frr: FRRDriver) -> None:
    routes = frr.get_route_to()
    assert "10.255.0.2/32" in routes and "2001:db8:ff::2/128" in routes


def test_ospf_neighbor_shape_splits_state_and_role_and_finds_the_area(frr: FRRDriver) -> None:
    [neighbor] = frr.get_ospf_neighbors()["default"]
    assert neighbor["neighbor_id"] == "10.255.0.2" and neighbor["address"] == "10.0.12.2"
    where = (neighbor["interface"], neighbor["state"], neighbor["role"], neighbor["area"])
    assert where == ("eth1", "Full", "", "0.0.0.0")
    assert neighbor["uptime"] > 0 and neighbor["priority"] == 1


def test_ospf_interfaces_report_network_type_timers_and_passive(frr: FRRDriver) -> None:
    interfaces = frr.get_ospf_interfaces()["default"]
    eth1, eth2, lo = interfaces["eth1"], interfaces["eth2"], interfaces["lo"]
    assert (eth1["network_type"], eth1["hello_interval"], eth1["dead_interval"]) == ("point-to-point", 1, 4)
    assert eth1["address"] == "10.0.12.1/30" and eth1["adjacent_count"] == 1 and not eth1["passive"]
    assert eth2["passive"] and eth2["network_type"] == "broadcast"
    assert lo["network_type"] == "loopback" and eth1["authentication"] == "none"


def test_ospf_routes_type_cost_and_next_hops(frr: FRRDriver) -> None:
    routes = frr.get_ospf_routes()["default"]
    remote = routes["10.255.0.2/32"]
    assert (remote["route_type"], remote["cost"], remote["area"]) == ("intra-area", 10, "0.0.0.0")
    assert remote["next_hops"] == [{"address": "10.0.12.2", "interface": "eth1"}]
    assert routes["10.0.12.0/30"]["next_hops"] == [{"address": "", "interface": "eth1"}]


def test_ospfv3_neighbors_and_routes_use_the_same_shapes(frr: FRRDriver) -> None:
    assert_conforms("get_ospf_neighbors", frr.get_ospf6_neighbors())
    assert_conforms("get_ospf_routes", frr.get_ospf6_routes())
    assert frr.get_ospf6_neighbors()["default"][0]["state"] == "Full"
    assert "2001:db8:ff::2/128" in frr.get_ospf6_routes()["default"]


def test_users_are_the_accounts_whose_shell_is_vtysh(frr: FRRDriver) -> None:
    assert frr.get_users() == {"admin": {"level": 15, "password": "", "sshkeys": []}}


def test_linux_level_getters_explain_themselves_when_login_lands_in_vtysh() -> None:
    driver = FRRDriver("r1", "admin", "admin", timeout=5)
    driver.transport = ReplayTransport(shell="vtysh")
    with pytest.raises(NotImplementedError, match="needs a Linux shell"):
        driver.get_arp_table()
    assert driver.get_facts()["uptime"] == -1.0  # vtysh shows no system uptime


def test_lldp_when_lldpcli_fails_raises_not_implemented_with_the_reason(frr: FRRDriver) -> None:
    with pytest.raises(NotImplementedError, match="lldpd is not running or not reachable"):
        frr.get_lldp_neighbors()


def test_snmp_is_empty_when_snmpd_is_not_configured(frr: FRRDriver) -> None:
    assert frr.get_snmp_information() == {"chassis_id": "", "community": {}, "contact": "", "location": ""}


def test_cli_returns_text_per_command_and_reports_refusals(frr: FRRDriver) -> None:
    out = frr.cli(["show version", "show nonsense"])
    assert out["show version"].startswith("FRRouting 8.4.4 (r1)")
    assert "Invalid command" in out["show nonsense"]


def test_snmp_reads_location_contact_and_communities_from_snmpd_conf(frr: FRRDriver, replay: ReplayTransport) -> None:
    replay.snmpd_conf = (
        "sysLocation Lab rack 3\nsysContact noc@example.org\nrocommunity public 10.0.0.0/8\nrwcommunity private\n"
    )
    snmp = frr.get_snmp_information()
    assert_conforms("get_snmp_information", snmp)
    assert (snmp["location"], snmp["contact"]) == ("Lab rack 3", "noc@example.org")
    assert snmp["community"] == {"public": {"acl": "10.0.0.0/8", "mode": "ro"}, "private": {"acl": "", "mode": "rw"}}


@pytest.mark.parametrize("destination", ["10.0.0.1\nconfigure terminal", "10.0.0.1 source 1.1.1.1", ""])
def test_ping_and_traceroute_refuse_a_destination_that_would_type_more_at_the_vtysh_prompt(destination: str) -> None:
    vtysh_only = ReplayTransport(shell="vtysh")  # the destination would be typed at the prompt
    driver = FRRDriver("r1", "admin", "admin", timeout=5)
    driver.transport = vtysh_only
    assert "error" in driver.ping(destination) and "error" in driver.traceroute(destination)
    assert vtysh_only.sent == []


def test_last_flapped_counts_from_zebras_last_link_change_in_the_routers_time() -> None:
    from napalm_frr.getters_system import last_flapped

    # FRR 8.4 `show interface eth1 json` after `ip link set eth1 down; ip link set eth1 up` (lab, 2026-11-28)
    flapped = {"linkUps": 1, "linkDowns": 2, "lastLinkUp": "2026/11/28 21:37:07.14", "lastLinkDown": "2026/11/28 21:37:06.95"}
    up_at = 1795901827.14  # 2026-11-28 21:37:07.14 UTC
    assert last_flapped(flapped, (up_at + 10.0, 0)) == 10.0
    assert last_flapped(flapped, (up_at - 3600 + 10.0, 3600)) == 10.0  # on UTC+1, 21:37 local is 20:37 UTC
    assert last_flapped({"linkUps": 0, "linkDowns": 0}, (up_at, 0)) == -1.0  # no change since zebra started
    assert last_flapped(flapped, None) == -1.0  # vtysh login: the router's clock is unknown
