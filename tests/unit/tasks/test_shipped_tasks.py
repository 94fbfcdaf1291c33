"""The shipped tasks: each validates clean, covers its skill, and its IOS templates carry the plan.

IOS stages are checked offline on the rendered text (parsed by hier_config); the FRR stages are
pushed to real routers by the live push test and the demo.
"""

from __future__ import annotations

import ipaddress

import pytest
from ios_render import (
    TASKS,
    after_solution,
    covered_by_ospf,
    interface_addresses,
    load,
    ospf_networks,
    parse,
    render,
)

from netassess.spec.loader import analyse_task

SHIPPED = sorted(TASKS.glob("*.yaml"))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_task_validates_clean(path) -> None:
    analysis = analyse_task(path)
    assert [str(p) for p in analysis.problems] == []


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_task_points_editors_at_the_schema_and_has_ios_and_lab_stages(path) -> None:
    assert path.read_text().splitlines()[0] == "# yaml-language-server: $schema=../docs/schema/task.schema.json"
    loaded = analyse_task(path).loaded
    assert loaded is not None
    for stage in ("setup", "solution"):
        templates = set(loaded.stage(stage).templates)
        assert "ios" in templates and templates & {"frr", "ovs"}  # a rack's IOS and the lab's own (FRR or switch)
    assert [check.id for check in loaded.checks if not check.spec.hint] == []  # every check helps a learner


def test_every_assessed_skill_has_a_shipped_task() -> None:
    primary = {analyse_task(p).loaded.task.skills[0] for p in SHIPPED}  # type: ignore[union-attr]
    assert {"S2", "S4", "S7", "S13"} <= primary


# --- S2: OSPF triangle ---------------------------------------------------------------------

def test_s2_ios_solution_addresses_every_link_and_loopback_from_the_plan() -> None:
    loaded = load("s2-ospf-triangle")
    expected = {
        "r1": {"GigabitEthernet0/1": "10.0.12.1/30", "GigabitEthernet0/2": "10.0.13.1/30", "Loopback0": "10.255.0.1/32"},
        "r2": {"GigabitEthernet0/1": "10.0.12.2/30", "GigabitEthernet0/2": "10.0.23.1/30", "Loopback0": "10.255.0.2/32"},
        "r3": {"GigabitEthernet0/1": "10.0.13.2/30", "GigabitEthernet0/2": "10.0.23.2/30", "Loopback0": "10.255.0.3/32"},
    }
    for node, interfaces in expected.items():
        addresses = interface_addresses(parse(render(loaded, "solution", node)))
        assert {name: [str(a) for a in addresses[name]] for name in interfaces} == {k: [v] for k, v in interfaces.items()}


def test_s2_ios_solution_ospf_covers_every_interface_in_the_area_with_the_loopback_as_router_id() -> None:
    loaded = load("s2-ospf-triangle")
    for node in ("r1", "r2", "r3"):
        config = parse(render(loaded, "solution", node))
        for name, addresses in interface_addresses(config).items():
            for address in addresses:
                assert covered_by_ospf(config, address), f"{node} {name} {address} not in any OSPF network statement"
        assert {area for _, area in ospf_networks(config)} == {"0"}
        router = config.get_child(equals="router ospf 1")
        loopback = interface_addresses(config)["Loopback0"][0].ip
        assert router.get_child(equals=f"router-id {loopback}") is not None
        assert router.get_child(equals="passive-interface Loopback0") is not None
        for link in ("GigabitEthernet0/1", "GigabitEthernet0/2"):
            assert config.get_child(equals=f"interface {link}").get_child(equals="ip ospf network point-to-point")


def test_s2_ios_setup_leaves_the_routers_unaddressed_without_ospf() -> None:
    loaded = load("s2-ospf-triangle")
    setup = parse(render(loaded, "setup", "r1"))
    assert setup.get_child(equals="no router ospf 1") is not None
    assert all(not addresses for addresses in interface_addresses(setup).values())


def test_s2_parameters_flow_into_the_ios_templates() -> None:
    from netassess.spec.loader import load_task

    loaded = load_task(TASKS / "s2-ospf-triangle.yaml", {"area": "5", "loopback_block": "172.31.0.0/24"})
    config = parse(render(loaded, "solution", "r2"))
    assert interface_addresses(config)["Loopback0"] == [ipaddress.IPv4Interface("172.31.0.2/32")]
    assert {area for _, area in ospf_networks(config)} == {"5"}


# --- S4: hardening -------------------------------------------------------------------------

def test_s4_ios_setup_is_insecure_and_solution_fixes_every_finding() -> None:
    loaded = load("s4-harden-hub-spoke")
    for node in ("hub", "spoke1", "spoke2"):
        setup = parse(render(loaded, "setup", node))
        assert setup.get_child(startswith="enable password ") is not None
        assert setup.get_child(equals="line vty 0 4").get_child(equals="transport input telnet ssh") is not None
        final = parse(render(loaded, "solution", node))
        assert final.get_child(equals="service password-encryption") is not None
        assert final.get_child(startswith="enable secret ") is not None
        assert final.get_child(equals="no enable password") is not None
        assert final.get_child(equals="ip ssh version 2") is not None
        vty = final.get_child(equals="line vty 0 4")
        assert vty.get_child(equals="transport input ssh") is not None
        assert vty.get_child(equals="access-class VTY-MGMT in") is not None
        acl = final.get_child(equals="ip access-list standard VTY-MGMT")
        assert [c.text.split(" ", 1)[1] for c in acl.children][0] == "permit 172.20.23.0 0.0.0.255"  # after its seq number


def test_s4_ios_solution_authenticates_router_links_only_and_silences_lans() -> None:
    loaded = load("s4-harden-hub-spoke")
    final = parse(render(loaded, "solution", "spoke1"))
    uplink = final.get_child(equals="interface GigabitEthernet0/1")
    assert uplink.get_child(equals="ip ospf authentication message-digest") is not None
    assert uplink.get_child(startswith="ip ospf message-digest-key 1 md5 ") is not None
    assert final.get_child(equals="interface GigabitEthernet0/2") is None  # no authentication towards the LAN
    router = final.get_child(equals="router ospf 1")
    assert router.get_child(equals="passive-interface GigabitEthernet0/2") is not None
    assert router.get_child(equals="passive-interface GigabitEthernet0/1") is None
    hub = parse(render(loaded, "solution", "hub"))
    assert not list(hub.get_child(equals="router ospf 1").get_children(startswith="passive-interface GigabitEthernet"))


# --- S7: change without disruption -----------------------------------------------------------

def test_s7_ios_solution_only_adds_the_service_address_and_its_network_statement() -> None:
    from hier_config import WorkflowRemediation

    loaded = load("s7-add-prefix-no-flap")
    setup = parse(render(loaded, "setup", "r1"))
    final = after_solution(loaded, "r1")
    remediation = WorkflowRemediation(setup, final).remediation_config.dump_simple()
    assert remediation == (
        "interface Loopback0",
        "  ip address 10.100.0.1 255.255.255.255 secondary",
        "router ospf 1",
        "  network 10.100.0.1 0.0.0.0 area 0",
    )
    assert not any(line.strip().startswith("no ") for line in remediation)
    # the change is a secondary address: the primary loopback (the router ID) is never touched
    assert setup.get_child(equals="interface Loopback0").get_child(equals="ip address 10.255.0.1 255.255.255.255")


def test_s7_solution_applies_to_the_change_role_only() -> None:
    loaded = load("s7-add-prefix-no-flap")
    assert loaded.resolve_targets(loaded.stage("solution").targets) == ["r1"]


# --- S13: addressing ---------------------------------------------------------------------------

def test_s13_ios_solution_follows_the_addressing_rules() -> None:
    loaded = load("s13-address-hub-spoke")
    infra = ipaddress.IPv4Network("10.30.0.0/24")
    lans = {"spoke1": ipaddress.IPv4Network("192.168.1.0/24"), "spoke2": ipaddress.IPv4Network("192.168.2.0/24")}
    seen: list[ipaddress.IPv4Interface] = []
    by_node = {node: interface_addresses(parse(render(loaded, "solution", node))) for node in ("hub", "spoke1", "spoke2")}
    for node, interfaces in by_node.items():
        for name, addresses in interfaces.items():
            (address,) = addresses
            seen.append(address)
            if node in lans and name == "GigabitEthernet0/2":
                assert address.network == lans[node] and address.ip == next(lans[node].hosts())  # gateway first usable
            else:
                assert address.network.subnet_of(infra)
                assert address.network.prefixlen in ((32,) if name.startswith("Loopback") else (30, 31))
    assert len({a.ip for a in seen}) == len(seen)  # unique
    for node, peer_ifname in (("spoke1", "GigabitEthernet0/1"), ("spoke2", "GigabitEthernet0/1")):
        hub_side = by_node["hub"]["GigabitEthernet0/1" if node == "spoke1" else "GigabitEthernet0/2"][0]
        assert by_node[node][peer_ifname][0].network == hub_side.network  # both ends share a subnet


def test_s13_ios_solution_ipv6_lans_are_64_and_links_127_with_link_local_enabled() -> None:
    loaded = load("s13-address-hub-spoke")
    block = ipaddress.IPv6Network("2001:db8:30::/48")
    for node in ("hub", "spoke1", "spoke2"):
        final = parse(render(loaded, "solution", node))
        for interface in final.get_children(startswith="interface GigabitEthernet"):
            (v6,) = [ipaddress.IPv6Interface(c.text.split()[2]) for c in interface.get_children(startswith="ipv6 address ")]
            assert v6.network.subnet_of(block)
            lan = node != "hub" and interface.text.endswith("0/2")
            assert v6.network.prefixlen == (64 if lan else 127)
            assert interface.get_child(equals="ipv6 enable") is not None
        assert parse(render(loaded, "setup", node)).get_child(equals="ipv6 unicast-routing") is not None


def test_s13_ios_setup_runs_ospf_over_the_whole_allocation_so_any_valid_plan_converges() -> None:
    loaded = load("s13-address-hub-spoke")
    setup = parse(render(loaded, "setup", "hub"))
    networks = {str(n) for n, _ in ospf_networks(setup)}
    assert networks == {"10.30.0.0/24", "192.168.1.0/24", "192.168.2.0/24"}
    assert all(not a for a in interface_addresses(setup).values())
