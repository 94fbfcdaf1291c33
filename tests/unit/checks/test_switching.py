"""switching.py on recorded IOS `show interfaces switchport` (TTP), recorded EOS `show interfaces status`
and contract-shaped NAPALM getters."""

from __future__ import annotations

import json

import pytest
from checklab import Lab, fixture_text
from pydantic import ValidationError

from netassess.checks._eos_status import parse_interfaces_status
from netassess.checks._switch_state import normal_mac, vlan_set
from netassess.checks.base import CHECKS, DeviceContext, StateUnavailable, Unsupported
from netassess.results import Status

VLANS = {"1": {"name": "default", "interfaces": []}, "100": {"name": "PLC1", "interfaces": ["GigabitEthernet0/2"]},
         "101": {"name": "HMI1", "interfaces": []}}
MACS = [{"mac": "00:18:B9:74:52:8F", "interface": "Fa0/16", "vlan": 45, "static": False, "active": True,
         "moves": -1, "last_move": -1.0}]


def ios_switch(switchport: str = "ios/show_interfaces_switchport.raw") -> Lab:
    lab = Lab(platforms={"r1": "ios"})
    lab.put("r1", "cmd:show interfaces switchport", fixture_text(switchport))
    lab.put("r1", "getter:get_vlans", VLANS)
    lab.put("r1", "getter:get_mac_address_table", MACS)
    return lab


def test_vlan_list_spellings_become_vlan_ids():
    assert vlan_set("ALL") == frozenset(range(1, 4095))
    assert vlan_set("1,12,31-33,,900") == {1, 12, 31, 32, 33, 900}
    assert vlan_set("none") == frozenset()


def test_mac_spellings_normalise_and_garbage_is_a_value_error():
    assert normal_mac("0018.B974.528f") == normal_mac("00-18-b9-74-52-8f") == "00:18:b9:74:52:8f"
    with pytest.raises(ValueError, match="not a MAC address"):
        normal_mac("00:18:b9")


def test_dynamic_port_operating_as_access_fails_unless_static_not_required():
    lab = ios_switch()
    strict = lab.run("access_port_vlan", {"ports": {"Gi0/2": 100}})
    assert strict.status is Status.FAIL and "dynamic auto (operating as access)" in strict.message
    assert lab.run("access_port_vlan", {"ports": {"Gi0/2": 100}, "require_static": False}).status is Status.PASS


def test_access_port_in_wrong_vlan_earns_partial_credit():
    v = ios_switch().run("access_port_vlan", {"ports": {"Gi0/2": 100, "Gi0/3": 200}, "require_static": False})
    assert v.status is Status.FAIL and v.fraction == 0.5
    assert "Gi0/3: expected access in VLAN 200, found mode dynamic auto (operating as access), VLAN 101" in v.message


def test_trunk_carries_only_allowed_vlans_that_exist():
    lab = ios_switch("ios/show_interfaces_switchport__allowed_list.raw")
    lab.put("r1", "getter:get_vlans", {"1": {"name": "default", "interfaces": []},
                                        "12": {"name": "x", "interfaces": []}, "900": {"name": "y", "interfaces": []}})
    ok = lab.run("trunk_vlans", {"interfaces": ["TenGigabitEthernet5/0/1"], "carries": [12, 900], "not_carries": [13, 15]})
    assert ok.status is Status.PASS  # 15 is allowed but does not exist: not carried
    bad = lab.run("trunk_vlans", {"interfaces": ["Te5/0/1"], "carries": [13, 15]})
    assert bad.status is Status.FAIL
    assert "expected to carry VLAN 13, found not allowed, VLAN does not exist" in bad.message
    assert "expected to carry VLAN 15, found allowed, VLAN does not exist" in bad.message


def test_vlan_names_are_compared_exactly_and_absent_vlans_fail_when_present():
    v = ios_switch().run("vlan_exists", {"vlans": {100: "plc1", 101: None}, "absent": [1]})
    assert v.status is Status.FAIL and v.fraction == pytest.approx(1 / 3)
    assert "VLAN 100: expected name 'plc1', found 'PLC1'" in v.message and "VLAN 1: expected absent" in v.message


def test_mac_learnt_on_another_vlan_fails():
    v = ios_switch().run("mac_learnt", {"ports": {"Fa0/16": "0018.b974.528f"}, "vlan": 10})
    assert v.status is Status.FAIL and "found Fa0/16 VLAN 45" in v.message


@pytest.mark.parametrize("args", [{"vlans": {5000: None}}, {}, {"interfaces": ["Gi0/1"], "carries": [10], "not_carries": [10]}])
def test_bad_arguments_are_spec_errors(args):
    name = "trunk_vlans" if "interfaces" in args else "vlan_exists"
    with pytest.raises(ValidationError):
        CHECKS.get(name).parse_args(args)


def test_switchport_modes_unsupported_where_no_source_is_known():
    with pytest.raises(Unsupported, match=r"switchport modes cannot be read on platform 'junos' \(supported: ios, eos, ovs\)"):
        CHECKS.get("access_port_vlan")().requests(CHECKS.get("access_port_vlan").parse_args({"ports": {"eth1": 10}}),
                                                   DeviceContext("r1", "junos"))


# --- EOS: `show interfaces status` (real captures) + the VLAN table's member ports ------------------

def napalm_eos_vlans(rel: str = "eos/show_vlan.json") -> dict:
    """What NAPALM's eos ``get_vlans`` makes of a recorded ``show vlan | json``."""
    raw = json.loads(fixture_text(rel))["vlans"]
    return {vid: {"name": v["name"], "interfaces": list(v["interfaces"])} for vid, v in raw.items()}


def eos_switch(status: str = "eos/show_interfaces_status.raw", vlans: dict | None = None) -> Lab:
    lab = Lab(platforms={"r1": "eos"})
    lab.put("r1", "cmd:show interfaces status", fixture_text(status))
    lab.put("r1", "getter:get_vlans", napalm_eos_vlans() if vlans is None else vlans)
    return lab


def test_eos_status_table_gives_each_ports_mode_and_access_vlan():
    rows = parse_interfaces_status(fixture_text("eos/show_interfaces_status.raw"))
    assert rows is not None
    assert rows["Et3/2/2"] == {"admin_mode": "access", "oper_mode": "access", "access_vlan": 10}
    assert rows["Et3/1/1"]["oper_mode"] == rows["Et3/2/1"]["oper_mode"] == "trunk"
    assert rows["Et3/2/4"]["oper_mode"] == "routed"  # its description, "- DISABLED routed (", is not read as columns
    veos = parse_interfaces_status(fixture_text("eos/show_interfaces_status__veos.raw"))
    assert veos is not None
    assert {p: r["access_vlan"] for p, r in veos.items()} == {f"Et{n}": n for n in range(1, 8)} | {"Ma1": None}


def test_eos_output_without_a_status_table_is_unavailable_state_not_a_fail():
    lab = eos_switch()
    lab.put("r1", "cmd:show interfaces status", "% Invalid input")
    with pytest.raises(StateUnavailable, match=r"could not parse the output \(not the table this platform prints\)"):
        lab.run("access_port_vlan", {"ports": {"Et3/2/2": 10}})
    assert parse_interfaces_status("% Invalid input") is None


def test_eos_access_port_needs_status_table_and_vlan_table():
    reqs = eos_switch().requests("access_port_vlan", {"ports": {"Et1": 10}}, "r1")
    assert [r.key for r in reqs] == ["cmd:show interfaces status", "getter:get_vlans"]


def test_eos_access_port_in_its_vlan_passes_and_a_trunk_or_wrong_vlan_fails():
    lab = eos_switch()
    assert lab.run("access_port_vlan", {"ports": {"Ethernet3/2/2": 10}}).status is Status.PASS
    v = lab.run("access_port_vlan", {"ports": {"Et3/2/2": 20, "Et3/1/1": 10}})
    assert v.status is Status.FAIL and v.fraction == 0
    assert "Et3/2/2: expected static access in VLAN 20, found mode access, VLAN 10" in v.message
    assert "Et3/1/1: expected static access in VLAN 10, found mode trunk" in v.message


def test_eos_access_port_whose_vlan_is_not_in_the_vlan_table_fails():
    v = eos_switch("eos/show_interfaces_status__veos.raw").run("access_port_vlan", {"ports": {"Et1": 1, "Et2": 2}})
    assert v.status is Status.FAIL and v.fraction == 0.5  # show_vlan.json has VLAN 1, no VLAN 2
    assert "Et2: expected static access in VLAN 2, found mode access, VLAN 2 which does not exist" in v.message


def test_eos_trunk_carries_the_vlans_whose_member_ports_include_it():
    vlans = {"1": {"name": "default", "interfaces": ["Ethernet3/1/1"]},
             "10": {"name": "USERS", "interfaces": ["Ethernet3/1/1", "Ethernet3/2/2"]},
             "20": {"name": "VOICE", "interfaces": []}}
    lab = eos_switch(vlans=vlans)
    ok = lab.run("trunk_vlans", {"interfaces": ["Et3/1/1"], "carries": [1, 10], "not_carries": [20, 30]})
    assert ok.status is Status.PASS, ok.message
    bad = lab.run("trunk_vlans", {"interfaces": ["Et3/1/1", "Et3/2/2"], "carries": [20, 30]})
    assert bad.status is Status.FAIL and bad.fraction == 0
    assert "Et3/1/1: expected to carry VLAN 20, found not among its ports in the VLAN table" in bad.message
    assert "expected to carry VLAN 30, found not among its ports in the VLAN table, VLAN does not exist" in bad.message
    assert "Et3/2/2: expected trunking, found mode access, operating as access" in bad.message


def test_eos_trunk_native_vlan_is_unsupported_because_eos_status_does_not_show_it():
    lab = eos_switch()
    with pytest.raises(Unsupported, match=r"native VLAN of a trunk cannot be read on platform 'eos'"):
        lab.requests("trunk_vlans", {"interfaces": ["Et3/1/1"], "native": 1}, "r1")
    assert lab.run("trunk_vlans", {"interfaces": ["Et3/1/1", "Et3/2/1"]}).status is Status.PASS
