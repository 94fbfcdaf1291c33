"""The lab switch's configuration language: strict parsing, merge/replace, and rendering that
round-trips (get_config's text replaced onto the switch changes nothing)."""

from __future__ import annotations

import pytest

from napalm_ovs.candidate import CandidateError, PortConfig, SwitchConfig, apply_text, diff_lines, merge, render, replace_all, vlan_list

PORTS = ["eth1", "eth2", "eth3", "eth10"]
PLAN = """# floor 2
vlan 10 name USERS
vlan 20 name VOICE
interface eth1 access 10
interface eth3 trunk allowed 10,20 native 20
interface eth2 access 20
interface eth2 shutdown
"""


def factory() -> SwitchConfig:
    return SwitchConfig.factory(PORTS)


def test_a_plan_sets_vlans_access_ports_trunks_and_shutdown() -> None:
    cfg = apply_text(PLAN, factory())
    assert cfg.vlans == {1: "default", 10: "USERS", 20: "VOICE"}
    assert cfg.ports["eth1"] == PortConfig(mode="access", access_vlan=10)
    assert cfg.ports["eth2"] == PortConfig(mode="access", access_vlan=20, shutdown=True)
    assert cfg.ports["eth3"] == PortConfig(mode="trunk", allowed=frozenset({10, 20}), native=20)
    assert cfg.ports["eth10"] == PortConfig()  # untouched: factory settings


def test_rendering_lists_vlans_by_id_and_ports_in_natural_order_and_reads_back_the_same() -> None:
    cfg = apply_text(PLAN, factory())
    text = render(cfg)
    assert text.splitlines() == [
        "vlan 1 name default", "vlan 10 name USERS", "vlan 20 name VOICE",
        "interface eth1 access 10", "interface eth2 access 20", "interface eth2 shutdown",
        "interface eth3 trunk allowed 10,20 native 20", "interface eth10 access 1",
    ]
    assert replace_all(text, cfg).ports == cfg.ports and replace_all(text, cfg).vlans == cfg.vlans
    assert diff_lines(cfg, replace_all(text, cfg)) == ""


def test_a_trunk_always_carries_its_native_vlan_and_all_means_every_vlan() -> None:
    cfg = apply_text("vlan 99 name NATIVE\ninterface eth3 trunk allowed 10-12 native 99\ninterface eth1 trunk allowed all\n", factory())
    assert cfg.ports["eth3"].allowed == frozenset({10, 11, 12, 99})
    assert "interface eth3 trunk allowed 10-12,99 native 99" in render(cfg)
    assert cfg.ports["eth1"].allowed is None and "interface eth1 trunk allowed all native 1" in render(cfg)


def test_merge_keeps_what_the_text_does_not_name_and_replace_resets_it() -> None:
    running = apply_text(PLAN, factory())
    merged = merge("interface eth10 access 10\n", running)
    assert merged.ports["eth1"].access_vlan == 10 and merged.ports["eth10"].access_vlan == 10 and 20 in merged.vlans
    replaced = replace_all("vlan 10 name USERS\ninterface eth10 access 10\n", running)
    assert replaced.vlans == {1: "default", 10: "USERS"}
    assert replaced.ports["eth2"] == PortConfig() and replaced.ports["eth1"] == PortConfig()


def test_no_shutdown_enables_a_port_again() -> None:
    running = apply_text(PLAN, factory())
    assert merge("interface eth2 no shutdown\n", running).ports["eth2"].shutdown is False


@pytest.mark.parametrize(("text", "message"), [
    ("vlan 10 name USERS\ninterface eth9 access 10\n", "line 2 ('interface eth9 access 10'): the switch has no port 'eth9'"),
    ("interface eth1 access 10\n", "line 1: VLAN 10 is not defined; add `vlan 10 name NAME`"),
    ("vlan 4095 name X\n", "line 1 ('vlan 4095 name X'): VLAN '4095' must be a number 1-4094"),
    ("vlan 10 name two words\n", "not a switch configuration line"),
    ("vlan 10 name bad/name\n", "VLAN name 'bad/name'"),
    ("vlan 10 name A\nvlan 10 name B\n", "line 2 ('vlan 10 name B'): VLAN 10 is already named on line 1"),
    ("vlan 1 name MGMT\n", "VLAN 1 is always named default"),
    ("interface eth1 access 1\ninterface eth1 trunk allowed all\n", "eth1's mode is already set on line 1"),
    ("interface eth3 trunk allowed 10,,20\n", "'10,,20' is not a VLAN list"),
    ("interface eth3 trunk allowed 30-20\n", "VLAN range '30-20' must lie within 1-4094"),
    ("interface eth3 trunk 10\n", "expected `interface eth3 access VLAN`"),
    ("switchport mode access\n", "not a switch configuration line"),
])
def test_a_bad_line_is_refused_naming_the_line(text: str, message: str) -> None:
    with pytest.raises(CandidateError, match=None) as caught:
        apply_text(text, factory())
    assert message in str(caught.value)


def test_a_refused_text_leaves_the_base_configuration_untouched() -> None:
    running = apply_text(PLAN, factory())
    before = render(running)
    with pytest.raises(CandidateError):
        merge("interface eth1 access 20\ninterface eth2 access 99\n", running)
    assert render(running) == before


def test_vlan_lists_compress_runs_into_ranges() -> None:
    assert vlan_list(frozenset({1, 10, 11, 12, 20, 22, 23})) == "1,10-12,20,22-23"
