"""S2 check types on real FRR: each PASSES on the correct triangle and FAILS once we break it."""

from __future__ import annotations

import pytest
from live_judge import changed, linux_changed

from netassess.checks.base import LinkEnd, Target
from netassess.results import Status

pytestmark = pytest.mark.live

PASS, FAIL = Status.PASS, Status.FAIL


def test_hostname(converged):
    j = converged
    assert j.judge("hostname").status is PASS
    # on FRR the hostname is the (node's own, UTS-namespaced) Linux hostname
    with linux_changed(j.state, "r1", [["hostname", "edge-99"]], [["hostname", "r1"]]):
        v = j.judge("hostname")
        assert v.status is FAIL and "'edge-99'" in v.message


def test_interface_up_ospf_neighbor_and_route_when_a_link_is_shut(converged):
    j = converged
    assert j.judge("interface_up", {"interfaces": ["eth1", "eth2"]}).status is PASS
    assert j.judge("ospf_neighbor", {"peers": ["10.255.0.2", "10.255.0.3"], "count": 2}).status is PASS
    assert j.judge("route", {"prefix": "10.255.0.2/32", "protocol": "ospf", "next_hop": "10.0.12.2"}).status is PASS
    with changed(j.state, "r1", ["interface eth1", "shutdown"], ["interface eth1", "no shutdown"]):
        v = j.judge("interface_up", {"interfaces": ["eth1", "eth2"]})
        assert v.status is FAIL and v.fraction == 0.5 and "eth1: expected up, found admin_down" in v.message
        v = j.eventually(FAIL, "ospf_neighbor", {"peers": ["10.255.0.2", "10.255.0.3"], "count": 2}, saying="peer 10.255.0.2")
        # the route to r2's loopback now goes round the triangle, via r3
        j.eventually(FAIL, "route", {"prefix": "10.255.0.2/32", "protocol": "ospf", "next_hop": "10.0.12.2"},
                     saying="ospf via 10.0.13.2")


def test_interface_description(converged):
    j = converged
    assert j.judge("interface_description", {"descriptions": {"eth1": "to r2", "eth2": "to r3"}}).status is PASS
    with changed(j.state, "r1", ["interface eth2", "description spare"], ["interface eth2", "description to r3"]):
        v = j.judge("interface_description", {"descriptions": {"eth1": "to r2", "eth2": "to r3"}})
        assert v.status is FAIL and v.fraction == 0.5 and "found 'spare'" in v.message


def test_interface_ip(converged):
    j = converged
    args = {"addresses": {"eth1": "10.0.12.1/30", "eth2": "10.0.13.1/30", "lo": "10.255.0.1/32"}}
    assert j.judge("interface_ip", args).status is PASS
    with changed(j.state, "r1", ["interface lo", "ip address 10.255.9.1/32"], ["interface lo", "no ip address 10.255.9.1/32"]):
        j.eventually(FAIL, "interface_ip", args, saying="lo: unexpected extra address 10.255.9.1/32")


def test_ospf_interface_and_route_next_hop_follow_the_cost(converged):
    j = converged
    args = {"interfaces": {"eth1": {"area": 0, "cost": 10, "network_type": "point-to-point", "passive": False},
                           "lo": {"area": 0}}}
    assert j.judge("ospf_interface", args).status is PASS
    direct = {"prefix": "10.255.0.3/32", "protocol": "ospf", "next_hop": "10.0.13.2"}
    assert j.judge("route", direct).status is PASS
    with changed(j.state, "r1", ["interface eth2", "ip ospf cost 100"], ["interface eth2", "no ip ospf cost"]):
        v = j.judge("ospf_interface", {"interfaces": {"eth2": {"cost": 10}}})
        assert v.status is FAIL and "expected cost 10, found 100" in v.message
        j.eventually(FAIL, "route", direct, saying="ospf via 10.0.12.2")


def test_static_route(converged):
    j = converged
    args = {"prefix": "192.0.2.0/24", "next_hop": "10.0.12.2"}
    v = j.judge("static_route", args)
    assert v.status is FAIL and "no static route to it" in v.message
    with changed(j.state, "r1", ["ip route 192.0.2.0/24 10.0.12.2"], ["no ip route 192.0.2.0/24 10.0.12.2"]):
        j.eventually(PASS, "static_route", args)
        assert j.judge("route", {"prefix": "192.0.2.0/24", "protocol": "static", "next_hop": "10.0.12.2"}).status is PASS
    assert j.eventually(PASS, "route", {"prefix": "192.0.2.0/24", "present": False})


def test_reachability_router_to_loopback(converged):
    j = converged
    assert j.judge("reachability", {"destination": "10.255.0.3"}).status is PASS
    assert j.judge("reachability", {"destination": "10.255.0.3", "expect": "failure"}).status is FAIL
    with changed(j.state, "r1", ["ip route 10.255.0.3/32 Null0"], ["no ip route 10.255.0.3/32 Null0"]):
        j.eventually(FAIL, "reachability", {"destination": "10.255.0.3"}, saying="0/3 replies")
        assert j.judge("reachability", {"destination": "10.255.0.3", "expect": "failure"}).status is PASS


def test_reachability_from_a_linux_host(hub_spoke_lab):
    from live_judge import LiveJudge

    j = LiveJudge(hub_spoke_lab)
    assert j.platforms["h1"] == "linux"
    assert j.judge("reachability", {"destination": "192.168.2.10"}, "h1").status is PASS
    v = j.judge("reachability", {"destination": "192.168.9.10"}, "h1")  # nobody has this address
    assert v.status is FAIL


def test_lldp_cabling_until_a_cable_is_pulled(converged):
    j = converged
    r1_r2 = Target.for_link(LinkEnd("r1", "eth1"), LinkEnd("r2", "eth1"))
    j.eventually(PASS, "lldp_cabling", {}, r1_r2, timeout=15)
    # a design that puts r2's end on eth2: what LLDP sees on the bench is reported against it
    as_built, miswired = j.links, Target.for_link(LinkEnd("r1", "eth1"), LinkEnd("r2", "eth2"))
    j.links = [miswired.link if r1_r2.link == link else link for link in as_built]
    try:
        v = j.judge("lldp_cabling", {}, miswired)
    finally:
        j.links = as_built
    assert v.status is FAIL and "r1 eth1: expected r2 eth2, found r2 eth1" in v.message
    with linux_changed(j.state, "r1", [["ip", "link", "set", "eth1", "down"]], [["ip", "link", "set", "eth1", "up"]]):
        v = j.eventually(FAIL, "lldp_cabling", {}, r1_r2, timeout=30, saying="r1 eth1: expected r2 eth1, found no LLDP neighbour")
    j.eventually(PASS, "lldp_cabling", {}, r1_r2, timeout=30)
