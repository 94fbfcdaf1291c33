"""bgp.py, routing.py and reachability.py."""

from __future__ import annotations

import pytest
from checklab import Lab, route_entry

from netassess.checks.base import StateUnavailable, Unsupported
from netassess.results import Status


def test_bgp_session_established_with_prefix_floors(lab):
    args = {"peers": [{"address": "10.0.12.2", "remote_as": 65002, "min_received": 1}], "min_sent": 2}
    assert lab.run("bgp_session", args).status is Status.PASS


def test_bgp_session_down_and_too_few_prefixes(lab):
    peer = lab.snapshot.devices["r1"]["getter:get_bgp_neighbors"].data["global"]["peers"]["10.0.12.2"]
    peer["address_family"]["ipv4"]["received_prefixes"] = 0
    v = lab.run("bgp_session", {"peers": ["10.0.12.2"], "min_received": 1})
    assert v.status is Status.FAIL and v.fraction == 0.5
    assert "expected at least 1 ipv4 prefixes received, found 0" in v.message
    peer["is_up"] = False
    v = lab.run("bgp_session", {"peers": ["10.0.12.2", "10.0.13.2"]})
    assert v.fraction == 0.0 and "found down" in v.message and "10.0.13.2: expected established, not configured" in v.message
    assert lab.run("bgp_session", {"peers": ["10.0.12.2"], "state": "down"}).status is Status.PASS


def test_bgp_session_wrong_remote_as(lab):
    v = lab.run("bgp_session", {"peers": [{"address": "10.0.12.2", "remote_as": 65009}]})
    assert v.status is Status.FAIL and "expected remote AS 65009, found 65002" in v.message


def test_bgp_password_on_recorded_frr_config_never_echoes_the_secret(lab):
    v = lab.run("bgp_password")
    assert v.status is Status.PASS and "10.0.12.2" in v.message
    cfg = lab.snapshot.devices["r1"]["getter:get_config"].data
    cfg["running"] = cfg["running"].replace(" neighbor 10.0.12.2 password <removed>\n", "")
    v = lab.run("bgp_password")
    assert v.status is Status.FAIL and "peer 10.0.12.2: expected a password, found no password" in v.message


def test_bgp_password_inherited_from_peer_group_ios():
    cfg = ("router bgp 65001\n neighbor EBGP peer-group\n neighbor EBGP password 7 <removed>\n"
           " neighbor 10.0.12.2 remote-as 65002\n neighbor 10.0.12.2 peer-group EBGP\n"
           " neighbor 10.0.13.2 remote-as 65003\n")
    lab = Lab(platforms={"r1": "ios"}).put("r1", "getter:get_config", {"running": cfg})
    v = lab.run("bgp_password")
    assert v.status is Status.FAIL and v.fraction == 0.5 and "peer 10.0.13.2" in v.message


def test_bgp_password_covers_frr_unnumbered_peers_but_not_peer_groups_as_peers():
    cfg = ("router bgp 65001\n neighbor FABRIC peer-group\n neighbor FABRIC remote-as external\n"
           " neighbor FABRIC password <removed>\n neighbor CAFE peer-group\n neighbor CAFE remote-as 65009\n"
           " neighbor eth1 interface peer-group FABRIC\n"
           " neighbor eth2 interface v6only remote-as external\n neighbor 10.0.12.2 remote-as 65002\n"
           " neighbor 10.0.12.2 password <removed>\n")
    lab = Lab(platforms={"r1": "frr"}).put("r1", "getter:get_config", {"running": cfg})
    v = lab.run("bgp_password")
    assert v.status is Status.FAIL and v.fraction == 2 / 3  # eth1 (via FABRIC) and 10.0.12.2 have one
    assert "peer eth2: expected a password, found no password" in v.message
    assert "FABRIC" not in v.message and "CAFE" not in v.message  # peer groups, even hex-looking ones, are not peers


def test_bgp_password_junos_group_level_key():
    cfg = """protocols {
    bgp {
        group EXT {
            authentication-key "<removed>"; ## SECRET-DATA
            neighbor 10.0.12.2;
        }
        group INT {
            neighbor 10.0.0.2 {
                authentication-key "<removed>"; ## SECRET-DATA
            }
            neighbor 10.0.0.3;
        }
    }
}
"""
    lab = Lab(platforms={"r1": "junos"}).put("r1", "getter:get_config", {"running": cfg})
    v = lab.run("bgp_password")
    assert v.status is Status.FAIL and v.fraction == pytest.approx(2 / 3) and "10.0.0.3" in v.message


def test_bgp_password_with_no_neighbours_fails(lab):
    lab.put("r1", "getter:get_config", {"running": "hostname r1\n"})
    v = lab.run("bgp_password")
    assert v.status is Status.FAIL and "no BGP neighbour" in v.message


def _routes(lab: Lab, prefix: str, *entries: dict) -> None:
    lab.put("r1", f"getter:get_route_to?destination={prefix}", {prefix: list(entries)} if entries else {})


def test_route_present_with_protocol_and_next_hop(lab):
    _routes(lab, "10.255.0.2/32", route_entry("ospf", "10.0.12.2", metric=10))
    assert lab.run("route", {"prefix": "10.255.0.2/32", "protocol": "ospf", "next_hop": "10.0.12.2", "metric": 10}).status is Status.PASS
    v = lab.run("route", {"prefix": "10.255.0.2/32", "protocol": "ospf", "next_hop": "10.0.12.9", "metric": 20})
    assert v.status is Status.FAIL and v.fraction == pytest.approx(1 / 3)
    v = lab.run("route", {"prefix": "10.255.0.2/32", "protocol": "bgp"})
    assert v.status is Status.FAIL and "found ospf via 10.0.12.2" in v.message


@pytest.mark.parametrize(("spelling", "protocol"), [
    ("ospf", "ospf"), ("OSPF inter area", "ospf"), ("eBGP", "bgp"), ("iBGP", "bgp"), ("Direct", "connected"),
    ("kernel", "connected"), ("Static", "static"),
])
def test_route_protocol_spellings_of_each_driver(lab, spelling, protocol):
    _routes(lab, "10.9.0.0/24", route_entry(spelling, "10.0.12.2"))
    assert lab.run("route", {"prefix": "10.9.0.0/24", "protocol": protocol}).status is Status.PASS
    assert lab.run("route", {"prefix": "10.9.0.0/24", "protocol": "rip"}).status is Status.FAIL


def test_route_metric_on_ios_is_what_napalm_files_under_preference():
    entry = route_entry("ospf", "10.0.12.2") | {"preference": 20, "protocol_attributes": {}}
    lab = Lab(platforms={"r1": "ios"}).put("r1", "getter:get_route_to?destination=10.9.0.0/24", {"10.9.0.0/24": [entry]})
    assert lab.run("route", {"prefix": "10.9.0.0/24", "metric": 20}).status is Status.PASS


def test_route_metric_not_reported_is_unsupported(lab):
    entry = route_entry("ospf", "10.0.12.2") | {"protocol_attributes": {}}
    _routes(lab, "10.9.0.0/24", entry)
    with pytest.raises(Unsupported, match="no metric"):
        lab.run("route", {"prefix": "10.9.0.0/24", "metric": 20})


def test_route_absent_and_inactive_routes_do_not_count(lab):
    _routes(lab, "10.9.0.0/24")
    assert lab.run("route", {"prefix": "10.9.0.0/24", "present": False}).status is Status.PASS
    _routes(lab, "10.9.0.0/24", route_entry("static", "10.0.12.2", active=False))
    assert lab.run("route", {"prefix": "10.9.0.0/24"}).status is Status.FAIL
    _routes(lab, "10.9.0.0/24", route_entry("static", "10.0.12.2"))
    v = lab.run("route", {"prefix": "10.9.0.0/24", "present": False})
    assert v.status is Status.FAIL and "expected no route to 10.9.0.0/24" in v.message


def test_route_matches_exact_prefix_only(lab):
    lab.put("r1", "getter:get_route_to?destination=10.9.0.0/24", {"0.0.0.0/0": [route_entry("static", "10.0.12.2")]})
    assert lab.run("route", {"prefix": "10.9.0.0/24"}).status is Status.FAIL


def test_route_prefix_with_host_bits_is_a_spec_error():
    from pydantic import ValidationError

    from netassess.checks.base import CHECKS

    with pytest.raises(ValidationError, match="did you mean 10.0.0.0/24"):
        CHECKS.get("route").parse_args({"prefix": "10.0.0.1/24"})


def test_static_route_configured_and_installed(lab):
    _routes(lab, "198.51.100.0/24", route_entry("static", "10.0.12.2"))
    assert lab.run("static_route", {"prefix": "198.51.100.0/24", "next_hop": "10.0.12.2"}).status is Status.PASS
    v = lab.run("static_route", {"prefix": "198.51.100.0/24", "next_hop": "10.0.12.6"})
    assert v.status is Status.FAIL and v.fraction == 0.0
    assert "found ip route 198.51.100.0/24 10.0.12.2" in v.message


def test_static_route_not_installed_gets_half(lab):
    _routes(lab, "198.51.100.0/24")
    v = lab.run("static_route", {"prefix": "198.51.100.0/24", "next_hop": "10.0.12.2"})
    assert v.status is Status.FAIL and v.fraction == 0.5 and "active in the routing table" in v.message
    assert lab.run("static_route", {"prefix": "198.51.100.0/24", "installed": False}).status is Status.PASS


def test_static_route_ios_mask_form():
    cfg = "ip route 0.0.0.0 0.0.0.0 203.0.113.1\nip route 10.1.0.0 255.255.0.0 Null0\n"
    lab = Lab(platforms={"r1": "ios"}).put("r1", "getter:get_config", {"running": cfg})
    assert lab.run("static_route", {"prefix": "0.0.0.0/0", "next_hop": "203.0.113.1", "installed": False}).status is Status.PASS
    assert lab.run("static_route", {"prefix": "10.1.0.0/16", "interface": "Null0", "installed": False}).status is Status.PASS
    assert lab.run("static_route", {"prefix": "10.2.0.0/16", "installed": False}).status is Status.FAIL


def test_static_route_unsupported_on_linux():
    with pytest.raises(Unsupported):
        Lab(platforms={"h1": "linux"}).requests("static_route", {"prefix": "0.0.0.0/0"}, "h1")


def test_route_filtered_requires_keep_prefixes_still_received(lab):
    _routes(lab, "10.0.30.0/24")
    lab.put("r1", "getter:get_route_to?destination=192.0.2.0/24", {"192.0.2.0/24": [route_entry("bgp", "10.0.12.2")]})
    args = {"prefix": "10.0.30.0/24", "protocol": "bgp", "keep": ["192.0.2.0/24"]}
    assert lab.run("route_filtered", args).status is Status.PASS
    lab.put("r1", "getter:get_route_to?destination=192.0.2.0/24", {})
    v = lab.run("route_filtered", args)
    assert v.status is Status.FAIL and v.fraction == 0.5 and "expected 192.0.2.0/24 still received" in v.message
    _routes(lab, "10.0.30.0/24", route_entry("bgp", "10.0.12.2"))
    v = lab.run("route_filtered", {"prefix": "10.0.30.0/24"})
    assert v.status is Status.FAIL and "bgp via 10.0.12.2" in v.message
    lab.put("r1", "getter:get_route_to?destination=192.0.2.0/24", {"192.0.2.0/24": [route_entry("bgp", "10.0.12.2")]})
    v = lab.run("route_filtered", args)  # leaked, though the keep prefix is still there: no credit at all
    assert v.status is Status.FAIL and v.fraction == 0.0 and "expected 10.0.30.0/24 filtered" in v.message


def _ping(lab: Lab, sent: int, lost: int, destination: str = "10.255.0.2") -> None:
    key = f"getter:ping?count=3&destination={destination}&timeout=1"
    lab.put("r1", key, {"success": {"probes_sent": sent, "packet_loss": lost, "rtt_min": 0.1, "rtt_max": 0.2,
                                    "rtt_avg": 0.15, "rtt_stddev": 0.01, "results": []}})


def test_reachability_request_key_is_stable(lab):
    [req] = lab.requests("reachability", {"destination": "10.255.0.2"}, "r1")
    assert req.key == "getter:ping?count=3&destination=10.255.0.2&timeout=1"


def test_reachability_success_and_failure_expectations(lab):
    _ping(lab, 3, 1)  # first probe lost to ARP: still reachable
    assert lab.run("reachability", {"destination": "10.255.0.2"}).status is Status.PASS
    v = lab.run("reachability", {"destination": "10.255.0.2", "expect": "failure"})
    assert v.status is Status.FAIL and "found 2/3 replies" in v.message
    _ping(lab, 3, 3)
    assert lab.run("reachability", {"destination": "10.255.0.2", "expect": "failure"}).status is Status.PASS
    v = lab.run("reachability", {"destination": "10.255.0.2"})
    assert v.status is Status.FAIL and "0/3" in v.message


def test_reachability_ping_error_is_an_error(lab):
    lab.put("r1", "getter:ping?count=3&destination=10.255.0.2&timeout=1", {"error": "unknown source interface"})
    with pytest.raises(StateUnavailable, match="ping could not run"):
        lab.run("reachability", {"destination": "10.255.0.2"})


@pytest.mark.parametrize("data", [{}, {"success": {}}, {"success": {"probes_sent": 0, "packet_loss": 0}}, {"other": 1}])
def test_reachability_without_probe_counts_is_an_error_not_a_blocked_path(lab, data):
    # nothing measured must never pass `expect: failure` as "every probe lost"
    lab.put("r1", "getter:ping?count=3&destination=10.255.0.2&timeout=1", data)
    with pytest.raises(StateUnavailable, match="no probe counts"):
        lab.run("reachability", {"destination": "10.255.0.2", "expect": "failure"})


@pytest.mark.parametrize("message", ["ping: connect: Network is unreachable", "ping: connect: Invalid argument"])
def test_reachability_no_route_counts_as_every_probe_lost(lab, message):
    # iputils' own words when the route table (no route, a blackhole route) stops the probes
    lab.put("r1", "getter:ping?count=3&destination=10.255.0.2&timeout=1", {"error": message})
    assert lab.run("reachability", {"destination": "10.255.0.2", "expect": "failure"}).status is Status.PASS
    v = lab.run("reachability", {"destination": "10.255.0.2"})
    assert v.status is Status.FAIL and "0/3 replies" in v.message


def test_reachability_destination_must_be_an_address():
    from pydantic import ValidationError

    from netassess.checks.base import CHECKS

    with pytest.raises(ValidationError, match="give an IP address"):
        CHECKS.get("reachability").parse_args({"destination": "r2"})
