"""ospf.py on FRR getters (contract-shaped) and on recorded IOS/EOS/Junos show output parsed with TTP."""

from __future__ import annotations

import pytest
from checklab import Lab, fixture_text

from netassess.checks.base import StateUnavailable, Unsupported
from netassess.results import Status

IOS_CONFIG = """\
hostname R1
!
interface Loopback0
 ip address 172.16.0.11 255.255.255.255
!
interface Serial0/0/0.100 point-to-point
 ip address 172.16.1.1 255.255.255.252
 ip ospf authentication message-digest
 ip ospf message-digest-key 1 md5 7 <removed>
!
interface FastEthernet0/0
 ip address 10.0.0.5 255.255.255.0
!
interface FastEthernet0/1
 ip address 10.1.2.1 255.255.255.0
!
router ospf 1
 passive-interface default
 no passive-interface Serial0/0/0.100
 no passive-interface FastEthernet0/0
 area 0 authentication message-digest
 network 0.0.0.0 255.255.255.255 area 0
!
end
"""


def ios_lab(neighbors: str = "ios/show_ip_ospf_neighbor__four_neighbors.raw") -> Lab:
    lab = Lab(platforms={"r1": "ios"})
    lab.put("r1", "cmd:show ip ospf neighbor", fixture_text(neighbors))
    lab.put("r1", "cmd:show ip ospf interface brief", fixture_text("ios/show_ip_ospf_interface_brief.raw"))
    lab.put("r1", "getter:get_config", {"running": IOS_CONFIG, "startup": IOS_CONFIG, "candidate": ""})
    return lab


def test_ospf_neighbor_frr_pass_by_router_id_or_address(lab):
    assert lab.run("ospf_neighbor", {"peers": ["10.255.0.2"], "count": 1}).status is Status.PASS
    assert lab.run("ospf_neighbor", {"peers": ["10.0.12.2"]}).status is Status.PASS


def test_ospf_neighbor_frr_fails_on_state_and_count(lab):
    lab.snapshot.devices["r1"]["getter:get_ospf_neighbors"].data["default"][0]["state"] = "ExStart"
    v = lab.run("ospf_neighbor", {"peers": ["10.255.0.2", "10.255.0.3"], "count": 2})
    assert v.status is Status.FAIL and v.fraction == 0.0
    assert "peer 10.255.0.2: expected Full, found ExStart on eth1" in v.message
    assert "peer 10.255.0.3: expected Full, found no adjacency" in v.message
    assert "expected exactly 2 neighbours Full, found 0" in v.message


def test_ospf_neighbor_needs_something_to_check():
    from pydantic import ValidationError

    from netassess.checks.base import CHECKS

    with pytest.raises(ValidationError, match="peers, count or min_count"):
        CHECKS.get("ospf_neighbor").parse_args({})


def test_ospf_neighbor_ios_recorded_output():
    lab = ios_lab()
    assert lab.requests("ospf_neighbor", {"count": 1}, "r1")[0].key == "cmd:show ip ospf neighbor"
    assert lab.run("ospf_neighbor", {"peers": ["10.190.30.2", "10.190.16.12"], "state": "FULL"}).status is Status.PASS
    v = lab.run("ospf_neighbor", {"count": 2})
    assert v.status is Status.FAIL and "found 4" in v.message  # two neighbours, each on two subinterfaces


def test_ospf_neighbor_ios_point_to_point_layout():
    lab = ios_lab("ios/show_ip_ospf_neighbor__p2p.raw")
    assert lab.run("ospf_neighbor", {"peers": ["10.0.0.1", "10.0.0.2", "10.0.0.3"], "count": 3}).status is Status.PASS


@pytest.mark.parametrize(("platform", "fixture", "command", "peers"), [
    ("eos", "eos/show_ip_ospf_neighbor.raw", "show ip ospf neighbor", ["3.3.3.3", "2.2.2.2"]),
    ("eos", "eos/show_ip_ospf_neighbor__instances.raw", "show ip ospf neighbor", ["192.0.2.2", "192.0.2.14"]),
    ("junos", "junos/show_ospf_neighbor.raw", "show ospf neighbor", ["2.2.2.2", "10.1.3.3"]),
])
def test_ospf_neighbor_eos_and_junos_recorded_output(platform, fixture, command, peers):
    lab = Lab(platforms={"r1": platform})
    lab.put("r1", f"cmd:{command}", fixture_text(fixture))
    assert lab.run("ospf_neighbor", {"peers": peers}).status is Status.PASS
    assert lab.run("ospf_neighbor", {"peers": ["9.9.9.9"]}).status is Status.FAIL


def test_ospf_on_unknown_platform_is_unsupported():
    lab = Lab(platforms={"h1": "linux"})
    with pytest.raises(Unsupported, match="linux"):
        lab.requests("ospf_neighbor", {"count": 1}, "h1")
    with pytest.raises(Unsupported):
        Lab(platforms={"r1": "junos"}).requests("ospf_interface", {"interfaces": {"ge-0/0/0": {}}}, "r1")


def test_ospf_interface_frr_pass_and_per_attribute_credit(lab):
    args = {"interfaces": {"eth1": {"area": 0, "cost": 10, "network_type": "point-to-point", "passive": False},
                           "lo": {"area": "0.0.0.0", "passive": True}}}
    assert lab.run("ospf_interface", args).status is Status.PASS
    v = lab.run("ospf_interface", {"interfaces": {"eth1": {"area": 1, "cost": 10, "network_type": "broadcast"}}})
    assert v.status is Status.FAIL and v.fraction == pytest.approx(1 / 3)
    assert "eth1: expected area 0.0.0.1, found 0.0.0.0" in v.message


def test_ospf_interface_not_in_ospf_fails(lab):
    v = lab.run("ospf_interface", {"interfaces": {"eth9": {"area": 0}}})
    assert v.status is Status.FAIL and "not running OSPF" in v.message


def test_ospf_interface_ios_from_brief_and_config():
    lab = ios_lab()
    args = {"interfaces": {"Se0/0/0.100": {"area": 0, "cost": 50, "network_type": "point-to-point", "passive": False},
                           "Fa0/1": {"area": 11, "passive": True}, "Lo0": {"network_type": "loopback"}}}
    assert lab.run("ospf_interface", args).status is Status.PASS
    v = lab.run("ospf_interface", {"interfaces": {"FastEthernet0/0": {"cost": 10, "passive": True}}})
    assert v.status is Status.FAIL and "expected cost 10, found 1" in v.message and "found active" not in v.message


def test_ospf_interface_missing_config_is_error():
    lab = ios_lab()
    lab.put("r1", "getter:get_config", error="Timeout reading config")
    with pytest.raises(StateUnavailable, match="Timeout"):
        lab.run("ospf_interface", {"interfaces": {"Lo0": {"area": 0}}})


def test_ospf_authentication_frr(lab):
    assert lab.run("ospf_authentication").status is Status.PASS  # eth1 md5; lo is passive
    lab.snapshot.devices["r1"]["getter:get_ospf_interfaces"].data["default"]["eth1"]["authentication"] = "simple"
    v = lab.run("ospf_authentication")
    assert v.status is Status.FAIL and "eth1: expected authentication message-digest, found simple" in v.message
    assert lab.run("ospf_authentication", {"mode": "any"}).status is Status.PASS


def test_ospf_authentication_ios_area_and_interface_level():
    lab = ios_lab()
    # area 0 message-digest covers every area-0 interface; Fa0/1 is in area 11 without authentication
    v = lab.run("ospf_authentication", {"interfaces": ["Se0/0/0.100", "Fa0/0", "Fa0/1"]})
    assert v.status is Status.FAIL and v.fraction == pytest.approx(2 / 3)
    assert "Fa0/1: expected authentication message-digest, found none" in v.message


def test_passive_interfaces_frr(lab):
    assert lab.run("passive_interfaces", {"passive": ["lo"], "active": ["eth1"]}).status is Status.PASS
    v = lab.run("passive_interfaces", {"passive": ["eth1"]})
    assert v.status is Status.FAIL and "eth1: expected passive, found active" in v.message


def test_passive_interfaces_ios_default_passive():
    lab = ios_lab()
    assert lab.run("passive_interfaces", {"passive": ["Fa0/1", "Lo0"], "active": ["Se0/0/0.100"]}).status is Status.PASS
    # only_these: every other OSPF interface must be active -> the Tunnels (passive by default) fail
    v = lab.run("passive_interfaces", {"passive": ["Fa0/1"], "only_these": True})
    assert v.status is Status.FAIL and "Tu1610: expected active, found passive" in v.message
