"""switching.py on recorded IOS `show interfaces switchport` (TTP), a recorded EOS `show interfaces
switchport | json` and contract-shaped NAPALM getters."""

from __future__ import annotations

import json

import pytest
from checklab import Lab, eapi_answer, fixture_text
from pydantic import ValidationError

from netassess.checks._eos_switchport import parse_switchport_json
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


# --- EOS: `show interfaces switchport | json` (a real capture) + the VLAN table ---------------------------
# eos/show_interfaces_switchport__eapi.json: 51 switchports; Ethernet15-19 trunk VLAN 999 with 999 native,
# the other Ethernet trunks allow 999 with native 1, Port-Channel100 allows ALL, Ethernet49/1 is access VLAN 1.

SWITCHPORT = "cmd:show interfaces switchport | json"


def napalm_eos_vlans(rel: str = "eos/show_vlan.json") -> dict:
    """What NAPALM's eos ``get_vlans`` makes of a recorded ``show vlan | json``."""
    raw = json.loads(fixture_text(rel))["vlans"]
    return {vid: {"name": v["name"], "interfaces": list(v["interfaces"])} for vid, v in raw.items()}


def eos_switch(vlans: dict | None = None) -> Lab:
    lab = Lab(platforms={"r1": "eos"})
    lab.put("r1", SWITCHPORT, eapi_answer("eos/show_interfaces_switchport__eapi.json"))
    lab.put("r1", "getter:get_vlans", napalm_eos_vlans() if vlans is None else vlans)
    return lab


WITH_999 = {"1": {"name": "default", "interfaces": []}, "10": {"name": "USERS", "interfaces": []},
            "999": {"name": "NATIVE", "interfaces": []}}


def test_eos_switchport_model_gives_each_ports_mode_vlans_and_native_vlan():
    rows = parse_switchport_json(eapi_answer("eos/show_interfaces_switchport__eapi.json"))
    assert rows is not None and len(rows) == 51
    assert rows["Ethernet15"] == {"admin_mode": "trunk", "oper_mode": "trunk", "access_vlan": 1,
                                  "access_vlan_name": "default", "native_vlan": 999, "trunk_vlans": "999"}
    assert rows["Ethernet1"]["native_vlan"] == 1 and rows["Port-Channel100"]["trunk_vlans"] == "ALL"
    assert rows["Ethernet49/1"]["oper_mode"] == "access" and rows["Ethernet49/1"]["access_vlan"] == 1


def test_eos_answer_that_is_not_the_switchport_model_is_unavailable_state_not_a_fail():
    lab = eos_switch()
    lab.put("r1", SWITCHPORT, "% Invalid input")
    with pytest.raises(StateUnavailable, match=r"could not parse the output \(not the switchport model"):
        lab.run("access_port_vlan", {"ports": {"Et49/1": 1}})
    assert parse_switchport_json(json.dumps(napalm_eos_vlans())) is None  # another command's JSON


def test_eos_switchport_turned_off_is_not_read_as_its_configured_mode():
    answer = json.loads(eapi_answer("eos/show_interfaces_switchport__eapi.json"))
    answer["switchports"]["Ethernet49/1"]["enabled"] = False
    lab = eos_switch()
    lab.put("r1", SWITCHPORT, json.dumps(answer))
    v = lab.run("access_port_vlan", {"ports": {"Et49/1": 1}})
    assert v.status is Status.FAIL and "found mode switchport disabled" in v.message


def test_eos_access_port_needs_switchport_model_and_vlan_table():
    reqs = eos_switch().requests("access_port_vlan", {"ports": {"Et1": 10}}, "r1")
    assert [r.key for r in reqs] == [SWITCHPORT, "getter:get_vlans"]


def test_eos_access_port_in_its_vlan_passes_and_a_trunk_or_wrong_vlan_fails():
    lab = eos_switch()
    assert lab.run("access_port_vlan", {"ports": {"Ethernet49/1": 1}}).status is Status.PASS
    v = lab.run("access_port_vlan", {"ports": {"Et49/1": 20, "Et15": 10}})
    assert v.status is Status.FAIL and v.fraction == 0
    assert "Et49/1: expected static access in VLAN 20, found mode access, VLAN 1" in v.message
    assert "Et15: expected static access in VLAN 10, found mode trunk" in v.message


def test_eos_access_port_whose_vlan_is_not_in_the_vlan_table_fails():
    v = eos_switch(vlans={"10": {"name": "USERS", "interfaces": []}}).run("access_port_vlan", {"ports": {"Et49/1": 1}})
    assert v.status is Status.FAIL
    assert "Et49/1: expected static access in VLAN 1, found mode access, VLAN 1 which does not exist" in v.message


def test_eos_trunk_with_the_expected_native_vlan_and_allowed_list_passes():
    lab = eos_switch(vlans=WITH_999)
    ok = lab.run("trunk_vlans", {"interfaces": ["Et15", "Ethernet16"], "carries": [999], "not_carries": [10], "native": 999})
    assert ok.status is Status.PASS, ok.message
    assert lab.run("trunk_vlans", {"interfaces": ["Port-Channel100"], "carries": [1, 10, 999]}).status is Status.PASS


def test_eos_trunk_with_another_native_vlan_or_not_allowing_a_vlan_fails_with_what_it_found():
    bad = eos_switch(vlans=WITH_999).run("trunk_vlans", {"interfaces": ["Et1", "Et49/1"], "carries": [10], "native": 999})
    assert bad.status is Status.FAIL and bad.fraction == 0
    assert "Et1: expected to carry VLAN 10, found not allowed" in bad.message
    assert "Et1: expected native VLAN 999, found 1" in bad.message
    assert "Et49/1: expected trunking, found mode access, operating as access" in bad.message


def test_eos_trunk_does_not_carry_an_allowed_vlan_missing_from_the_vlan_table():
    v = eos_switch().run("trunk_vlans", {"interfaces": ["Et15"], "carries": [999]})  # show_vlan.json has no 999
    assert v.status is Status.FAIL and "Et15: expected to carry VLAN 999, found allowed, VLAN does not exist" in v.message
