"""switching.py on recorded IOS `show interfaces switchport` (TTP) and contract-shaped NAPALM getters."""

from __future__ import annotations

import pytest
from checklab import Lab, fixture_text
from pydantic import ValidationError

from netassess.checks._switch_state import normal_mac, vlan_set
from netassess.checks.base import CHECKS, DeviceContext, Unsupported
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


def test_switchport_modes_unsupported_on_eos_until_a_real_capture_proves_a_template():
    with pytest.raises(Unsupported, match=r"switchport modes cannot be read on platform 'eos' \(supported: ios, ovs\)"):
        CHECKS.get("access_port_vlan")().requests(CHECKS.get("access_port_vlan").parse_args({"ports": {"eth1": 10}}),
                                                   DeviceContext("r1", "eos"))
