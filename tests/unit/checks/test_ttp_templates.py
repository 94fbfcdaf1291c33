"""Each shipped TTP template on every recorded real-device output it claims to parse (see fixtures/SOURCES.md)."""

from __future__ import annotations

import pytest
from checklab import fixture_text

from netassess.checks._common import CHECKS_DIR, parse_ttp


@pytest.mark.parametrize(("template", "fixture", "first", "count"), [
    ("ttp/ios/show_ip_ospf_neighbor.ttp", "ios/show_ip_ospf_neighbor__four_neighbors.raw",
     {"neighbor_id": "10.190.30.2", "priority": 1, "state": "FULL", "role": "BDR", "address": "10.190.16.11",
      "interface": "GigabitEthernet0/2.101"}, 4),
    ("ttp/ios/show_ip_ospf_neighbor.ttp", "ios/show_ip_ospf_neighbor__p2p.raw",
     {"neighbor_id": "10.0.0.1", "priority": 0, "state": "FULL", "role": "-", "interface": "Port-channel1"}, 3),
    ("ttp/eos/show_ip_ospf_neighbor.ttp", "eos/show_ip_ospf_neighbor.raw",
     {"neighbor_id": "3.3.3.3", "vrf": "default", "state": "FULL", "role": "BDR", "interface": "Ethernet2"}, 2),
    ("ttp/eos/show_ip_ospf_neighbor.ttp", "eos/show_ip_ospf_neighbor__instances.raw",
     {"neighbor_id": "192.0.2.2", "instance": "1", "vrf": "red", "state": "FULL", "interface": "Ethernet20/1"}, 4),
    ("ttp/junos/show_ospf_neighbor.ttp", "junos/show_ospf_neighbor.raw",
     {"neighbor_id": "2.2.2.2", "address": "10.1.2.2", "state": "Full", "interface": "ge-0/0/2.0"}, 2),
    ("ttp/frr/show_ip_ospf_neighbor.ttp", "frr/r1_show_ip_ospf_neighbor.txt",
     {"neighbor_id": "10.255.0.2", "state": "Full", "role": "-", "address": "10.0.12.2", "interface": "eth1",
      "local_address": "10.0.12.1"}, 1),
    ("ttp/ios/show_ip_ospf_interface_brief.ttp", "ios/show_ip_ospf_interface_brief.raw",
     {"interface": "Lo0", "area": "0", "address": "172.16.0.11/32", "cost": 1, "state": "LOOP"}, 12),
    ("ttp/ios/show_ip_ospf_interface_brief.ttp", "ios/show_ip_ospf_interface_brief__dotted_area.raw",
     {"interface": "Lo0", "area": "0.0.0.0", "address": "10.0.0.2/32", "cost": 1, "state": "LOOP"}, 2),
    ("ttp/eos/show_ip_ospf_interface_brief.ttp", "eos/show_ip_ospf_interface_brief.raw",
     {"interface": "Lo0", "vrf": "default", "area": "0.0.0.10", "cost": 10, "state": "DR", "neighbors_full": 0}, 7),
    ("ttp/ios/show_interfaces_switchport.ttp", "ios/show_interfaces_switchport.raw",
     {"interface": "Gi0/1", "admin_mode": "trunk", "oper_mode": "trunk", "access_vlan": "1", "native_vlan": "1",
      "trunk_vlans": "ALL"}, 7),
    ("ttp/ios/show_interfaces_switchport.ttp", "ios/show_interfaces_switchport__allowed_list.raw",
     {"interface": "Te5/0/1", "trunk_vlans": "1,12,15,31-36,40-42,80,85,101,201,240,410,420,602,604,,900,910,920,930,940"},
     2),
])
def test_template_parses_every_row_of_recorded_output(template, fixture, first, count):
    parsed = parse_ttp(fixture_text(fixture), template)
    [rows] = parsed.values()
    assert len(rows) == count
    assert {k: rows[0][k] for k in first} == first


def test_ios_brief_parses_tab_separated_rows_too():
    rows = parse_ttp(fixture_text("ios/show_ip_ospf_interface_brief.raw"), "ttp/ios/show_ip_ospf_interface_brief.ttp")
    tunnel = next(r for r in rows["interfaces"] if r["interface"] == "Tu1603")
    assert tunnel == {"interface": "Tu1603", "pid": "1", "area": "0", "address": "0.0.0.0/0", "cost": 50,
                      "state": "DOWN", "neighbors_full": 0, "neighbors_configured": 0}


def test_every_shipped_template_has_a_recorded_fixture_test():
    shipped = {str(p.relative_to(CHECKS_DIR)) for p in CHECKS_DIR.glob("ttp/*/*.ttp")}
    tested = {p[0] for p in test_template_parses_every_row_of_recorded_output.pytestmark[0].args[1]}
    assert shipped == tested


def test_college_templates_are_found_first(tmp_path, monkeypatch):
    own = tmp_path / "ttp" / "ios"
    own.mkdir(parents=True)
    (own / "show_ip_ospf_neighbor.ttp").write_text("<group name='mine*'>\n{{ neighbor_id | IP | _start_ }} {{ rest | _line_ }}\n</group>\n")
    monkeypatch.setenv("NETASSESS_CHECKS_PATH", str(tmp_path))
    parsed = parse_ttp(fixture_text("ios/show_ip_ospf_neighbor__p2p.raw"), "ttp/ios/show_ip_ospf_neighbor.ttp")
    assert "mine" in parsed
