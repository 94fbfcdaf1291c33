"""S7, S13 and generic check types on real FRR: pass on the correct triangle, fail once broken."""

from __future__ import annotations

import time

import pytest
from live_judge import changed, configure

from netassess.checks.base import LinkEnd, Target
from netassess.lab.node_exec import vtysh
from netassess.results import Status

pytestmark = pytest.mark.live

PASS, FAIL = Status.PASS, Status.FAIL
ROUTERS = Target.lab(("r1", "r2", "r3"))


def test_startup_equals_running(converged):
    j = converged
    vtysh(j.state, "r1", "write memory")
    assert j.judge("startup_equals_running").status is PASS
    with changed(j.state, "r1", ["interface eth1", "ip ospf cost 30"], ["interface eth1", "no ip ospf cost"]):
        v = j.judge("startup_equals_running")
        assert v.status is FAIL and "not saved: interface eth1 > ip ospf cost 30" in v.message
    assert j.judge("startup_equals_running").status is PASS


def test_config_unchanged_except(converged):
    j = converged
    baseline = j.baseline()
    assert j.judge("config_unchanged_except", baseline=baseline).status is PASS
    with changed(j.state, "r1", ["interface eth1", "ip ospf cost 30", "exit", "interface eth2", "description changed"],
                 ["interface eth1", "no ip ospf cost", "exit", "interface eth2", "description to r3"]):
        v = j.judge("config_unchanged_except", {"allowed": ["interface eth1 > ip ospf cost \\d+"]}, baseline=baseline)
        assert v.status is FAIL and "+interface eth2 > description changed" in v.message
        assert "-interface eth2 > description to r3" in v.message and "cost" not in v.message.split("other:")[1]
        allowed = {"allowed": ["ip ospf cost \\d+", "interface eth2 > description .*"]}
        assert j.judge("config_unchanged_except", allowed, baseline=baseline).status is PASS


def test_no_flap_ospf(converged):
    j = converged
    baseline = j.baseline()
    time.sleep(1)
    assert j.judge("no_flap", {"protocol": "ospf"}, baseline=baseline).status is PASS
    configure(j.state, "r1", "interface eth1", "shutdown")
    configure(j.state, "r1", "interface eth1", "no shutdown")
    j.eventually(PASS, "ospf_neighbor", {"peers": ["10.255.0.2"]})
    v = j.judge("no_flap", {"protocol": "ospf"}, baseline=baseline)
    assert v.status is FAIL and v.fraction == 0.5 and "10.255.0.2: expected up since" in v.message
    assert j.judge("no_flap", {"protocol": "ospf", "peers": ["10.255.0.3"]}, baseline=baseline).status is PASS


def test_addressing_plan_and_unique_addresses(converged):
    j = converged
    plan = {"blocks": ["10.0.0.0/16", "10.255.0.0/24"], "hosts": {"r1:eth1": 2}}
    assert j.judge("addressing_plan", plan, ROUTERS).status is PASS
    assert j.judge("unique_addresses", {}, ROUTERS).status is PASS
    with changed(j.state, "r1", ["interface lo", "ip address 172.16.5.1/32", "ip address 10.255.0.2/32"],
                 ["interface lo", "no ip address 172.16.5.1/32", "no ip address 10.255.0.2/32"]):
        v = j.eventually(FAIL, "addressing_plan", plan, ROUTERS, saying="r1:lo 172.16.5.1/32: expected inside")
        v = j.judge("unique_addresses", {}, ROUTERS)
        assert v.status is FAIL and "10.255.0.2 configured 2 times: r1:lo, r2:lo" in v.message


def test_link_subnet_match_and_gateway(converged):
    j = converged
    link = Target.for_link(LinkEnd("r1", "eth1"), LinkEnd("r2", "eth1"))
    assert j.judge("link_subnet_match", {}, link).status is PASS
    assert j.judge("gateway_first_usable", {"interfaces": ["eth1", "eth2"]}).status is PASS
    v = j.judge("gateway_first_usable", {"interfaces": ["eth1"]}, "r2")
    assert v.status is FAIL and "found 10.0.12.2/30" in v.message
    with changed(j.state, "r2", ["interface eth1", "no ip address 10.0.12.2/30", "ip address 10.0.12.6/30"],
                 ["interface eth1", "no ip address 10.0.12.6/30", "ip address 10.0.12.2/30"]):
        v = j.eventually(FAIL, "link_subnet_match", {}, link, saying="r1:eth1 10.0.12.1/30, r2:eth1 10.0.12.6/30")


def test_ipv6_addressing(converged):
    j = converged
    v = j.judge("ipv6_addressing", {"p2p_interfaces": ["eth1"]})
    assert v.status is FAIL and "expected a global /127 or /64" in v.message
    with changed(j.state, "r1", ["interface eth1", "ipv6 address 2001:db8:12::1/127"],
                 ["interface eth1", "no ipv6 address 2001:db8:12::1/127"]):
        j.eventually(PASS, "ipv6_addressing", {"p2p_interfaces": ["eth1"]})
        v = j.judge("ipv6_addressing", {"lan_interfaces": ["eth1"]})
        assert v.status is FAIL and "expected a global /64, found" in v.message


def test_getter_and_command(converged):
    j = converged
    getter = {"getter": "get_interfaces", "path": "eth2.description", "value": "to r3"}
    assert j.judge("getter", getter).status is PASS
    as_json = {"command": "show ip ospf neighbor json", "parse": "json",
               "path": 'neighbors["10.255.0.2"][0].converged', "value": "Full"}
    assert j.judge("command", as_json).status is PASS
    with_ttp = {"command": "show ip ospf neighbor", "template": "ttp/{platform}/show_ip_ospf_neighbor.ttp",
                "path": "neighbors", "operator": "matches", "value": [{"neighbor_id": "10.255.0.2", "state": "Full"}]}
    assert j.judge("command", with_ttp).status is PASS
    with changed(j.state, "r1", ["interface eth2", "description spare"], ["interface eth2", "description to r3"]):
        v = j.judge("getter", getter)
        assert v.status is FAIL and "'spare'" in v.message
    with changed(j.state, "r2", ["interface eth1", "shutdown"], ["interface eth1", "no shutdown"]):
        v = j.eventually(FAIL, "command", as_json, timeout=20, saying="has no '10.255.0.2'")
        v = j.judge("command", with_ttp)
        assert v.status is FAIL and "no item matches" in v.message
