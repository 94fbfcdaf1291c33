"""ping / traceroute / `ip -j` parsing on recorded iputils, traceroute and iproute2 output."""

from __future__ import annotations

import json

from driver_replay import fixture_text

from napalm_frr.contract import assert_conforms
from napalm_netassess_linux import ip_json, probes
from napalm_netassess_linux.driver import parse_speeds


def test_ping_success_counts_probes_loss_and_rtts() -> None:
    result = probes.ping_result(fixture_text("ping 10.0.12.2"), count=3)
    assert_conforms("ping", result)
    ok = result["success"]
    assert (ok["probes_sent"], ok["packet_loss"], len(ok["results"])) == (3, 0, 3)
    assert ok["rtt_min"] <= ok["rtt_avg"] <= ok["rtt_max"]
    assert {r["ip_address"] for r in ok["results"]} == {"10.0.12.2"}


def test_ping_ipv6_is_parsed_the_same_way() -> None:
    ok = probes.ping_result(fixture_text("ping 2001:db8:12::2"), count=3)["success"]
    assert ok["packet_loss"] == 0 and ok["results"][0]["ip_address"] == "2001:db8:12::2"


def test_ping_without_replies_is_a_success_with_full_loss() -> None:
    ok = probes.ping_result(fixture_text("ping 192.168.1.99"), count=2)["success"]
    assert (ok["probes_sent"], ok["packet_loss"], ok["results"]) == (2, 2, [])


def test_ping_that_cannot_start_is_an_error_with_its_message() -> None:
    assert probes.ping_result("ping: connect: Network is unreachable\n", 5) == {
        "error": "ping: connect: Network is unreachable"
    }


def test_traceroute_hops_and_probes() -> None:
    result = probes.traceroute_result(fixture_text("h1 traceroute 10.255.0.2"))
    assert_conforms("traceroute", result)
    hops = result["success"]
    assert [hops[h]["probes"][1]["ip_address"] for h in sorted(hops)] == ["192.168.1.1", "10.255.0.2"]
    assert len(hops[2]["probes"]) == 3


def test_traceroute_lost_probes_and_named_hops() -> None:
    text = " 1  * * *\n 2  r2 (10.0.12.2)  0.2 ms * 10.0.12.6  0.3 ms\n"
    hops = probes.traceroute_result(text)["success"]
    assert [p["ip_address"] for p in hops[1]["probes"].values()] == ["*", "*", "*"]
    assert [(p["ip_address"], p["host_name"]) for p in hops[2]["probes"].values()] == [
        ("10.0.12.2", "r2"), ("*", "*"), ("10.0.12.6", "10.0.12.6")
    ]


def test_ping_and_traceroute_command_lines_carry_every_option() -> None:
    assert probes.ping_argv("10.0.0.1", source="10.0.0.2", ttl=9, timeout=1, size=200, count=3) == [
        "ping", "-n", "-c", "3", "-W", "1", "-s", "200", "-t", "9", "-i", "0.2", "-I", "10.0.0.2", "10.0.0.1"
    ]
    assert probes.traceroute_argv("2001:db8::1", ttl=5, timeout=1)[-2:] == ["-6", "2001:db8::1"]
    assert probes.ping_argv("10.0.0.1", vrf="blue")[:4] == ["ip", "vrf", "exec", "blue"]


def test_ip_json_interfaces_counters_and_neighbours_follow_napalm_models() -> None:
    links = json.loads(fixture_text("ip -j -s link show"))
    addrs = json.loads(fixture_text("ip -j addr show"))
    neigh4 = json.loads(fixture_text("ip -j -4 -s neigh show"))
    neigh6 = json.loads(fixture_text("ip -j -6 -s neigh show"))
    assert_conforms("get_interfaces", ip_json.interfaces(links))
    assert_conforms("get_interfaces_counters", ip_json.interfaces_counters(links))
    assert_conforms("get_interfaces_ip", ip_json.interfaces_ip(addrs))
    assert_conforms("get_arp_table", ip_json.arp_table(neigh4))
    assert_conforms("get_ipv6_neighbors_table", ip_json.ipv6_neighbors(neigh6))
    assert ip_json.interfaces_ip(addrs)["eth1"]["ipv4"] == {"10.0.12.1": {"prefix_length": 30}}
    assert ip_json.interfaces(links)["lo"]["mac_address"] == ""


def test_arp_table_skips_entries_without_a_link_layer_address() -> None:
    neigh = [
        {"dst": "10.0.0.1", "dev": "eth1", "lladdr": "aa:bb:cc:dd:ee:ff", "state": ["REACHABLE"], "updated": 3},
        {"dst": "10.0.0.9", "dev": "eth1", "state": ["FAILED"]},
    ]
    assert ip_json.arp_table(neigh) == [{"interface": "eth1", "mac": "AA:BB:CC:DD:EE:FF", "ip": "10.0.0.1", "age": 3.0}]


def test_sysfs_speeds_ignore_virtual_links() -> None:
    assert parse_speeds("/sys/class/net/eth1/speed:10000\n/sys/class/net/veth0/speed:-1\n") == {
        "eth1": 10000.0, "veth0": 0.0
    }


def test_a_destination_or_source_that_looks_like_an_option_is_refused() -> None:
    """A getter check's getter_args come from a task file: '-f' must not reach ping as its flood option."""
    import pytest

    for build in (probes.ping_argv, probes.traceroute_argv):
        for kwargs in ({"destination": "-f"}, {"destination": "10.0.0.1", "source": "-O"}):
            with pytest.raises(ValueError, match="read as an option"):
                build(**kwargs)
    assert probes.ping_argv("10.0.0.1")[-1] == "10.0.0.1"
