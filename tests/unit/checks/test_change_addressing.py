"""change.py (S7) and addressing.py / ipv6.py (S13)."""

from __future__ import annotations

import copy

import pytest
from checklab import T0, Lab, later

from netassess.checks.base import LinkEnd, StateUnavailable, Target, Unsupported
from netassess.results import Status
from netassess.snapshot import Snapshot, StateEntry


def _running(lab: Lab, device: str = "r1") -> dict:
    return lab.snapshot.devices[device]["getter:get_config"].data


def test_startup_equals_running_ignores_order_and_comments(lab):
    assert lab.run("startup_equals_running").status is Status.PASS
    cfg = _running(lab)
    cfg["startup"] = "\n!\n".join(reversed(cfg["startup"].split("\n!\n"))) + "\n! saved by write memory\n"
    assert lab.run("startup_equals_running").status is Status.PASS


def test_startup_equals_running_reports_unsaved_and_stale(lab):
    cfg = _running(lab)
    cfg["running"] = cfg["running"].replace(" ip ospf cost 10\n", " ip ospf cost 20\n")
    v = lab.run("startup_equals_running")
    assert v.status is Status.FAIL
    assert "interface eth1 > ip ospf cost 20" in v.message and "no longer running: interface eth1 > ip ospf cost 10" in v.message


def test_startup_equals_running_ignores_listed_and_volatile_statements(lab):
    cfg = _running(lab)
    cfg["running"] += "username admin nopassword\nntp clock-period 36028797\n"
    v = lab.run("startup_equals_running")
    assert v.status is Status.FAIL and "1 running statement not saved: username admin nopassword" in v.message
    assert lab.run("startup_equals_running", {"ignore": ["username \\S+ nopassword"]}).status is Status.PASS


def test_startup_missing_is_an_error(lab):
    _running(lab)["startup"] = ""
    with pytest.raises(StateUnavailable, match="no startup config"):
        lab.run("startup_equals_running")


def _with_baseline(lab: Lab) -> Lab:
    base = Snapshot(started=T0)
    base.put("r1", "getter:get_config", StateEntry(data=copy.deepcopy(_running(lab))))
    lab.baseline = base
    return lab


def test_config_unchanged_except_allows_listed_changes(lab):
    _with_baseline(lab)
    assert lab.run("config_unchanged_except").status is Status.PASS
    cfg = _running(lab)
    cfg["running"] = cfg["running"].replace(" ip ospf cost 10\n", " ip ospf cost 20\n")
    args = {"allowed": ["interface eth1 > ip ospf cost \\d+"]}
    v = lab.run("config_unchanged_except", args)
    assert v.status is Status.PASS and v.evidence == ["baseline:r1/getter:get_config"]


def test_config_unchanged_except_reports_other_changes(lab):
    _with_baseline(lab)
    cfg = _running(lab)
    cfg["running"] = cfg["running"].replace(" ip ospf cost 10\n", " ip ospf cost 20\n").replace(
        "interface eth9\n shutdown\n", "interface eth9\n")
    v = lab.run("config_unchanged_except", {"allowed": ["ip ospf cost \\d+"]})
    assert v.status is Status.FAIL and "-interface eth9 > shutdown" in v.message and "cost" not in v.message.split("found")[1]


def test_config_unchanged_except_require_change(lab):
    _with_baseline(lab)
    v = lab.run("config_unchanged_except", {"require_change": True})
    assert v.status is Status.FAIL and "found none" in v.message


def test_config_unchanged_except_without_baseline_is_an_error(lab):
    with pytest.raises(StateUnavailable, match="no baseline"):
        lab.run("config_unchanged_except")


def test_no_flap_ospf_against_since(lab):
    # the adjacency has been up 600 s at collection (T0): up since 18:50
    assert lab.run("no_flap", {"protocol": "ospf", "since": "2026-11-28T18:55:00Z"}).status is Status.PASS
    v = lab.run("no_flap", {"protocol": "ospf", "since": "2026-11-28T18:45:00Z"})
    assert v.status is Status.FAIL and "10.255.0.2: expected up since 18:45:00Z, up since 18:50:00Z" in v.message


def test_no_flap_default_reference_is_the_baseline_time(lab):
    lab.baseline = Snapshot(started=later(-300))
    assert lab.run("no_flap", {"protocol": "bgp"}).status is Status.PASS
    lab.baseline = Snapshot(started=later(-900))
    assert lab.run("no_flap", {"protocol": "bgp", "peers": ["10.0.12.2"]}).status is Status.FAIL
    lab.baseline = None
    with pytest.raises(StateUnavailable, match="give since or min_uptime"):
        lab.run("no_flap", {"protocol": "bgp"})


def test_no_flap_min_uptime_and_down_peer(lab):
    assert lab.run("no_flap", {"protocol": "ospf", "min_uptime": 300}).status is Status.PASS
    lab.snapshot.devices["r1"]["getter:get_ospf_neighbors"].data["default"][0]["state"] = "Init"
    v = lab.run("no_flap", {"protocol": "ospf", "min_uptime": 300, "peers": ["10.0.12.2"]})
    assert v.status is Status.FAIL and "found down" in v.message


def test_no_flap_fails_when_an_adjacency_up_in_the_baseline_is_gone_now(lab):
    """A shut link leaves no neighbour to judge: the baseline's adjacency must still be asked for."""
    neighbours = lab.snapshot.devices["r1"]["getter:get_ospf_neighbors"].data
    base = Snapshot(started=later(-300))
    base.put("r1", "getter:get_ospf_neighbors", StateEntry(data=copy.deepcopy(neighbours)))
    lab.baseline = base
    assert lab.run("no_flap", {"protocol": "ospf"}).status is Status.PASS  # still there, up 600 s
    neighbours["default"] = []  # the link to r2 was shut during the change
    v = lab.run("no_flap", {"protocol": "ospf"})
    assert v.status is Status.FAIL and "10.255.0.2: up in the baseline, gone now" in v.message


def test_no_flap_min_uptime_is_bounded_so_a_huge_number_is_a_spec_error_not_a_float_overflow():
    from pydantic import ValidationError

    from netassess.checks.base import CHECKS

    with pytest.raises(ValidationError, match="less than or equal to 31622400"):
        CHECKS.get("no_flap").parse_args({"protocol": "ospf", "min_uptime": 10**400})


def test_no_flap_ospf_needs_frr():
    with pytest.raises(Unsupported, match="needs frr"):
        Lab(platforms={"r1": "ios"}).requests("no_flap", {"protocol": "ospf"}, "r1")


LAB = Target.lab(("r1", "r2"))


def test_addressing_plan_pass_and_outside_block(lab):
    args = {"blocks": ["10.0.0.0/16", "10.255.0.0/24"], "hosts": {"r1:eth1": 2}}
    assert lab.run("addressing_plan", args, target=LAB).status is Status.PASS
    v = lab.run("addressing_plan", {"blocks": ["10.0.0.0/16"]}, target=LAB)
    assert v.status is Status.FAIL and v.fraction == 0.5 and "r1:lo 10.255.0.1/32: expected inside 10.0.0.0/16" in v.message


def test_addressing_plan_subnet_too_small_and_overlap(lab):
    ips = lab.snapshot.devices["r2"]["getter:get_interfaces_ip"].data
    ips["eth2"] = {"ipv4": {"10.0.12.5": {"prefix_length": 29}}}  # overlaps r1/r2's 10.0.12.0/30
    v = lab.run("addressing_plan", {"blocks": ["10.0.0.0/8"], "hosts": {"r1:eth1": 5}}, target=LAB)
    assert v.status is Status.FAIL
    assert "r1:eth1: expected room for 5 hosts, 10.0.12.0/30 has 2" in v.message
    assert "10.0.12.0/29 (r2:eth2 10.0.12.5/29) overlaps 10.0.12.0/30 (r1:eth1 10.0.12.1/30)" in v.message


def test_addressing_plan_excludes_management(lab):
    lab.snapshot.devices["r1"]["getter:get_interfaces_ip"].data["eth0"] = {"ipv4": {"172.20.20.2": {"prefix_length": 24}}}
    assert lab.run("addressing_plan", {"blocks": ["10.0.0.0/8"]}, target=LAB).status is Status.PASS


def test_unique_addresses(lab):
    assert lab.run("unique_addresses", target=LAB).status is Status.PASS
    lab.snapshot.devices["r2"]["getter:get_interfaces_ip"].data["lo"]["ipv4"]["10.255.0.1"] = {"prefix_length": 32}
    v = lab.run("unique_addresses", target=LAB)
    assert v.status is Status.FAIL and "10.255.0.1 configured 2 times: r1:lo, r2:lo" in v.message


LINK = Target.for_link(LinkEnd("r1", "eth1"), LinkEnd("r2", "eth1"))


def test_link_subnet_match(lab):
    assert lab.run("link_subnet_match", {"family": "both"}, target=LINK).status is Status.PASS
    lab.snapshot.devices["r2"]["getter:get_interfaces_ip"].data["eth1"]["ipv4"] = {"10.0.12.6": {"prefix_length": 30}}
    v = lab.run("link_subnet_match", {"family": "both"}, target=LINK)
    assert v.status is Status.FAIL and v.fraction == 0.5
    assert "r1:eth1 10.0.12.1/30, r2:eth1 10.0.12.6/30" in v.message


def test_link_subnet_match_unaddressed_end(lab):
    del lab.snapshot.devices["r2"]["getter:get_interfaces_ip"].data["eth1"]
    v = lab.run("link_subnet_match", target=LINK)
    assert v.status is Status.FAIL and "r2:eth1 no address" in v.message


def test_gateway_first_usable(lab):
    assert lab.run("gateway_first_usable", {"interfaces": ["eth1"]}).status is Status.PASS
    v = lab.run("gateway_first_usable", {"interfaces": ["eth1"]}, target="r2")
    assert v.status is Status.FAIL and "expected 10.0.12.1/30, found 10.0.12.2/30" in v.message
    assert lab.run("gateway_first_usable", {"interfaces": ["eth1"], "position": "last"}, target="r2").status is Status.PASS


def test_ipv6_addressing_from_topology_links(lab):
    assert lab.run("ipv6_addressing").status is Status.PASS  # eth1: /64 global + link-local
    v = lab.run("ipv6_addressing", {"p2p_interfaces": ["eth1"], "p2p_lengths": [127]})
    assert v.status is Status.FAIL and "expected a global /127, found 2001:db8:12::1/64" in v.message


def test_ipv6_addressing_missing_link_local_and_lan(lab):
    ips = lab.snapshot.devices["r1"]["getter:get_interfaces_ip"].data
    del ips["eth1"]["ipv6"]["fe80::a8c1:abff:fe00:1"]
    v = lab.run("ipv6_addressing", {"lan_interfaces": ["lo"], "p2p_interfaces": ["eth1"]})
    assert v.status is Status.FAIL and v.fraction == 0.25
    assert "lo (lan): expected a global /64, found no IPv6 address" in v.message
    assert "eth1: expected a link-local address" in v.message
