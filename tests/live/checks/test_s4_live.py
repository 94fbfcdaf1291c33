"""S4 check types on real FRR: pass on a secured config, fail on an insecure one (then put back)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from live_judge import (
    LiveJudge,
    changed,
    configure,
    linux_changed,
)

from netassess.lab.node_exec import vtysh
from netassess.results import Status
from netassess.snapshot import StateRequest

pytestmark = pytest.mark.live

PASS, FAIL = Status.PASS, Status.FAIL


def test_config_contains_and_absent(converged):
    j = converged
    assert j.judge("config_contains", {"section": "interface eth1",
                                       "lines": ["ip ospf network point-to-point", "ip ospf hello-interval 2"]}).status is PASS
    assert j.judge("config_absent", {"section": "interface .*", "lines": ["ip ospf cost \\d+"]}).status is PASS
    with changed(j.state, "r1", ["interface eth1", "ip ospf cost 50"], ["interface eth1", "no ip ospf cost"]):
        v = j.judge("config_absent", {"section": "interface .*", "lines": ["ip ospf cost \\d+"]})
        assert v.status is FAIL and "interface eth1 > ip ospf cost 50" in v.message
        v = j.judge("config_contains", {"section": "interface eth2", "lines": ["ip ospf cost 50"]})
        assert v.status is FAIL


def test_management_hardening_and_secrets_never_leave_the_router(converged):
    j = converged
    v = j.judge("management_hardening")
    assert v.status is FAIL and "password_encryption" in v.message and "vty_access_class" in v.message
    harden = ["service password-encryption", "access-list 10 seq 5 permit 10.0.0.0/8", "line vty", "access-class 10",
              "exit", "password Lab-Secret-1"]
    undo = ["no password", "line vty", "no access-class 10", "exit", "no access-list 10", "no service password-encryption"]
    with changed(j.state, "r1", harden, undo):
        assert j.judge("management_hardening").status is PASS
        assert j.judge("config_contains", {"lines": ["service password-encryption", "password 8 \\S+"]}).status is PASS
        configure(j.state, "r1", "no service password-encryption", "password Plain-Secret-2")
        v = j.judge("management_hardening")
        assert v.status is FAIL and "no_plaintext_passwords" in v.message and "password_encryption" in v.message
        assert "Plain-Secret-2" not in v.message and "<removed>" not in v.message
        snap = j.collect({"r1": [StateRequest.getter("get_config")]})
        assert "Plain-Secret-2" not in snap.model_dump_json()  # masked at collection


def test_ospf_authentication(converged):
    j = converged
    v = j.judge("ospf_authentication")
    assert v.status is FAIL and "eth1: expected authentication message-digest, found none" in v.message
    md5 = ["ip ospf authentication message-digest", "ip ospf message-digest-key 1 md5 Ospf-Key-1"]
    off = ["no ip ospf message-digest-key 1", "no ip ospf authentication"]
    with changed(j.state, "r1", ["interface eth1", *md5], ["interface eth1", *off]), \
            changed(j.state, "r2", ["interface eth1", *md5], ["interface eth1", *off]):
        v = j.judge("ospf_authentication")
        assert v.status is FAIL and v.fraction == 0.5  # eth1 done, eth2 (to r3) still open
        assert j.judge("ospf_authentication", {"interfaces": ["eth1"]}).status is PASS
        assert j.eventually(PASS, "ospf_neighbor", {"peers": ["10.255.0.2"]})  # keys match: adjacency back


def test_passive_interfaces(converged):
    j = converged
    args = {"passive": ["lo"], "active": ["eth1", "eth2"]}
    assert j.judge("passive_interfaces", args).status is PASS
    with changed(j.state, "r1", ["interface eth2", "ip ospf passive"], ["interface eth2", "no ip ospf passive"]):
        v = j.judge("passive_interfaces", args)
        assert v.status is FAIL and "eth2: expected active, found passive" in v.message


def test_unused_interfaces_shutdown(converged):
    j = converged
    assert j.judge("unused_interfaces_shutdown").status is PASS
    add = [["ip", "link", "add", "eth9", "type", "veth", "peer", "name", "eth10"]]
    with linux_changed(j.state, "r1", add, [["ip", "link", "del", "eth9"]]):
        j.eventually(PASS, "unused_interfaces_shutdown")  # new ports come up admin-down
        run = [["ip", "link", "set", "eth9", "up"]]
        with linux_changed(j.state, "r1", run, [["ip", "link", "set", "eth9", "down"]]):
            v = j.eventually(FAIL, "unused_interfaces_shutdown", saying="eth9: unused, expected shutdown, found enabled")
            assert "eth10" not in v.message


R1_BGP = ["ip route 192.0.2.0/24 Null0", "ip route 198.51.100.0/24 Null0", "router bgp 65001",
          "bgp router-id 10.255.0.1", "no bgp ebgp-requires-policy", "neighbor 10.0.12.2 remote-as 65002",
          "neighbor 10.0.12.2 password Bgp-Secret-1", "neighbor 10.0.12.2 timers connect 2",
          "address-family ipv4 unicast", "network 192.0.2.0/24", "network 198.51.100.0/24", "exit-address-family"]
R2_BGP = ["router bgp 65002", "bgp router-id 10.255.0.2", "no bgp ebgp-requires-policy",
          "neighbor 10.0.12.1 remote-as 65001", "neighbor 10.0.12.1 password Bgp-Secret-1",
          "neighbor 10.0.12.1 timers connect 2"]


@pytest.fixture
def ebgp(converged: LiveJudge) -> Iterator[LiveJudge]:
    """eBGP r1 (65001) -- r2 (65002) over 10.0.12.0/30 with a TCP-MD5 password; r1 originates two prefixes."""
    j = converged
    with changed(j.state, "r1", R1_BGP, ["no router bgp 65001", "no ip route 192.0.2.0/24 Null0",
                                         "no ip route 198.51.100.0/24 Null0"]), \
            changed(j.state, "r2", R2_BGP, ["no router bgp 65002", "no ip prefix-list NO-TEST"]):
        yield j


def test_bgp_session_password_and_route_filtered(ebgp):
    j = ebgp
    j.eventually(PASS, "bgp_session", {"peers": [{"address": "10.0.12.2", "remote_as": 65002}], "min_sent": 2}, "r1")
    j.eventually(PASS, "bgp_session", {"peers": ["10.0.12.1"], "min_received": 2}, "r2")
    assert j.judge("bgp_password", {}, "r1").status is PASS
    assert j.judge("bgp_password", {"peers": ["10.0.12.1"]}, "r2").status is PASS
    assert j.judge("no_flap", {"protocol": "bgp", "min_uptime": 1}, "r2").status is PASS

    filtered = {"prefix": "198.51.100.0/24", "protocol": "bgp", "keep": ["192.0.2.0/24"]}
    v = j.eventually(FAIL, "route_filtered", filtered, "r2", saying="bgp via 10.0.12.1")
    configure(j.state, "r2", "ip prefix-list NO-TEST seq 5 deny 198.51.100.0/24", "ip prefix-list NO-TEST seq 10 permit any",
              "router bgp 65002", "address-family ipv4 unicast", "neighbor 10.0.12.1 prefix-list NO-TEST in")
    j.eventually(PASS, "route_filtered", filtered, "r2")
    # a filter that drops everything does not pass: the kept prefix must still arrive
    configure(j.state, "r2", "ip prefix-list NO-TEST seq 6 deny 192.0.2.0/24")
    vtysh(j.state, "r2", "clear bgp ipv4 unicast 10.0.12.1 soft in")  # an edited list applies on refresh
    v = j.eventually(FAIL, "route_filtered", filtered, "r2", saying="expected 192.0.2.0/24 still received")

    configure(j.state, "r1", "router bgp 65001", "no neighbor 10.0.12.2 password")
    v = j.judge("bgp_password", {}, "r1")
    assert v.status is FAIL and "peer 10.0.12.2: expected a password, found no password" in v.message
    # MD5 mismatch: no session
    v = j.eventually(FAIL, "bgp_session", {"peers": ["10.0.12.2"]}, "r1", timeout=40, saying="expected established, found down")
