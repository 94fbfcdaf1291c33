"""One translation of topology interface names for stage templates, link ends and check arguments."""

from __future__ import annotations

from netassess.assessment import device_links
from netassess.checks.base import CHECKS, DeviceContext, LinkEnd
from netassess.ifnames import interface_namer


def test_the_map_wins_then_the_platform_default_then_the_name_itself() -> None:
    ios = interface_namer("ios", {"eth2": "GigabitEthernet0/0/2"})
    assert [ios(n) for n in ("eth1", "eth2", "lo", "Vlan10")] == [
        "GigabitEthernet0/1", "GigabitEthernet0/0/2", "Loopback0", "Vlan10"]
    assert [interface_namer("junos")(n) for n in ("eth1", "lo")] == ["ge-0/0/0", "lo0"]
    assert interface_namer("frr")("eth1") == "eth1"


def test_devices_that_use_the_topologys_names_are_left_alone() -> None:
    assert DeviceContext("r1", "frr").ifname() is None
    assert DeviceContext("r1", "linux").ifname() is None
    assert DeviceContext("r1", "frr", interface_map=(("eth1", "swp1"),)).ifname()("eth1") == "swp1"  # type: ignore[misc]
    assert DeviceContext("e1", "eos").ifname()("eth3") == "Ethernet3"  # type: ignore[misc]


def test_every_kind_of_interface_field_is_renamed() -> None:
    rename = interface_namer("ios")
    up = CHECKS.get("interface_up").parse_args({"interfaces": ["eth1", "lo"]}).for_device(rename)
    assert up.interfaces == ["GigabitEthernet0/1", "Loopback0"]  # type: ignore[attr-defined]
    described = CHECKS.get("interface_description").parse_args({"descriptions": {"eth2": "to core"}}).for_device(rename)
    assert described.descriptions == {"GigabitEthernet0/2": "to core"}  # type: ignore[attr-defined]
    route = CHECKS.get("route").parse_args({"prefix": "10.0.0.0/8", "interface": "eth1"}).for_device(rename)
    assert route.interface == "GigabitEthernet0/1"  # type: ignore[attr-defined]
    unset = CHECKS.get("route").parse_args({"prefix": "10.0.0.0/8"})
    assert unset.for_device(rename).interface is None  # type: ignore[attr-defined]


def test_link_ends_use_the_platform_default_too() -> None:
    devices = {"a": DeviceContext("a", "ios"), "b": DeviceContext("b", "frr")}
    links = device_links([(LinkEnd("r1", "eth1"), LinkEnd("r2", "eth3"))], {"r1": "a", "r2": "b"}, devices)
    assert links == [(LinkEnd("a", "GigabitEthernet0/1"), LinkEnd("b", "eth3"))]


def test_eth0_the_management_port_is_never_renamed() -> None:
    assert [interface_namer(p)("eth0") for p in ("ios", "eos", "junos")] == ["eth0", "eth0", "eth0"]


def test_reachability_source_and_passive_interfaces_are_renamed_too() -> None:
    rename = interface_namer("ios")
    ping = CHECKS.get("reachability").parse_args({"destination": "10.0.0.1", "source": "lo"}).for_device(rename)
    assert ping.source == "Loopback0"  # type: ignore[attr-defined]
    by_address = CHECKS.get("reachability").parse_args({"destination": "10.0.0.1", "source": "10.0.0.2"})
    assert by_address.for_device(rename).source == "10.0.0.2"  # type: ignore[attr-defined]
    passive = CHECKS.get("passive_interfaces").parse_args({"passive": ["eth2", "lo"], "active": ["eth1"]}).for_device(rename)
    assert (passive.passive, passive.active) == (["GigabitEthernet0/2", "Loopback0"], ["GigabitEthernet0/1"])  # type: ignore[attr-defined]
