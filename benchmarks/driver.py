"""NAPALM FRR driver: median time of each getter on one router, and of open + all getters + close,
beside the same data fetched by a naive netmiko loop that reconnects for every command.

Target: all getters on one router <= 1 s including connect.
Brings up the driver's own lab (tests/live/driver/topology/driver-pair.clab.yml) under a private
state dir and tears it down afterwards. Run as root: `make bench` or
`.venv/bin/python benchmarks/driver.py [ROUNDS]`.
"""

from __future__ import annotations

import ipaddress
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TOPOLOGY = REPO / "tests/live/driver/topology/driver-pair.clab.yml"
TARGET_ALL = 1.0

# Every getter a check could ask for; the last ones need the Linux shell (automation login).
VTYSH_GETTERS = [
    "get_facts", "get_interfaces", "get_interfaces_ip", "get_bgp_neighbors", "get_bgp_neighbors_detail",
    "get_bgp_config", "get_route_to", "get_config", "get_network_instances", "get_snmp_information",
    "get_ospf_neighbors", "get_ospf_interfaces", "get_ospf_routes", "is_alive",
]
SHELL_GETTERS = ["get_interfaces_counters", "get_arp_table", "get_ipv6_neighbors_table", "get_users"]
# What those getters read, fetched the naive way: one netmiko connection per command.
NAIVE_COMMANDS = [
    "show version", "show interface json", "show running-config", "show ip route json", "show ipv6 route json",
    "show bgp vrf all summary json", "show bgp vrf all neighbors json", "show ip ospf vrf all neighbor json",
    "show ip ospf vrf all interface json", "show ip ospf vrf all route json",
]


def median_time(fn: Callable[[], object], rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def free_subnet() -> str:
    from netassess.lab.subnets import free_mgmt_subnet

    return free_mgmt_subnet(ipaddress.IPv4Network("172.30.0.0/16"))


def wait_converged(driver, timeout: float = 60) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        peers = driver.get_bgp_neighbors().get("global", {}).get("peers", {})
        full = [n for n in driver.get_ospf_neighbors().get("default", []) if n["state"] == "Full"]
        if full and len([p for p in peers.values() if p["is_up"]]) == 2:
            return
        time.sleep(0.5)
    raise SystemExit(f"lab did not converge within {timeout}s")


def main(rounds: int) -> int:
    from netmiko import ConnectHandler

    from napalm_frr import FRRDriver
    from netassess.lab.prereq import netns_problem
    from netassess.lab.runtime import get_runtime

    problem = netns_problem()
    if problem:
        print(f"skipped: {problem}")
        return 0
    os.environ["NETASSESS_STATE_DIR"] = tempfile.mkdtemp(prefix="netassess-bench-")
    runtime = get_runtime("netns")
    name = f"bd{random.randrange(16**4):04x}"
    state = runtime.up(TOPOLOGY, name=name, mgmt_subnet=free_subnet())
    try:
        host = state.nodes["r1"].mgmt_ipv4
        creds = state.credentials

        verified = {"known_hosts": creds.known_hosts}  # host keys checked, as the lab inventory does

        def automation() -> FRRDriver:
            return FRRDriver(host, creds.automation_user, "", timeout=10,
                             optional_args={"key_file": creds.key_file, **verified})

        def admin() -> FRRDriver:
            return FRRDriver(host, creds.login_user, "admin", timeout=10, optional_args=verified)

        probe = automation()
        probe.open()
        wait_converged(probe)
        probe.close()

        print(f"FRR driver on one router (lab {name}, median of {rounds} rounds, seconds)")
        logins = {"automation login (Linux shell)": (automation, VTYSH_GETTERS + SHELL_GETTERS),
                  "admin login (vtysh)": (admin, VTYSH_GETTERS)}
        totals: dict[str, float] = {}
        for label, (make, getters) in logins.items():
            driver = make()
            driver.open()
            print(f"\n  {label}")
            def open_close(make: Callable[[], FRRDriver] = make) -> None:
                d = make()
                d.open()
                d.close()

            print(f"    {'open + close':34s} {median_time(open_close, rounds):7.3f}")
            for getter in getters:
                print(f"    {getter:34s} {median_time(getattr(driver, getter), rounds):7.3f}")
            driver.close()

            def everything(make: Callable[[], FRRDriver] = make, getters: list[str] = getters) -> None:
                d = make()
                d.open()
                for getter in getters:
                    getattr(d, getter)()
                d.close()

            totals[label] = median_time(everything, rounds)
            print(f"    {'open + all ' + str(len(getters)) + ' getters + close':34s} {totals[label]:7.3f}")

        def naive() -> None:
            for command in NAIVE_COMMANDS:
                conn = ConnectHandler(device_type="cisco_ios", host=host, username=creds.login_user, password="admin",
                                      use_keys=False, allow_agent=False)
                conn.send_command(command)
                conn.disconnect()

        naive_time = median_time(naive, max(1, min(rounds, 3)))
        print(f"\n  naive netmiko loop, reconnecting per command ({len(NAIVE_COMMANDS)} vtysh commands, no parsing)")
        print(f"    {'total':34s} {naive_time:7.3f}")
        print("\n  summary")
        for label, value in totals.items():
            verdict = "meets" if value <= TARGET_ALL else "MISSES"
            print(f"    {label:34s} {value:7.3f}  {verdict} the <= {TARGET_ALL:.1f} s target; "
                  f"{naive_time / value:4.1f}x faster than the naive loop")
    finally:
        runtime.down(name)
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 7))
