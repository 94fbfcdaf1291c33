"""The driver's live lab (topology/driver-pair.clab.yml) and open drivers on it.

One lab per session, shared by every driver test; tests that change r1's configuration use
``r1_config``, which puts r1's running config back (byte for byte) and waits for OSPF and BGP
to be up again before the next test.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from napalm_frr import FRRDriver
from napalm_netassess_linux import LinuxDriver
from netassess.lab.state import LabState

TOPOLOGY = Path(__file__).parent / "topology" / "driver-pair.clab.yml"


def automation_driver(state: LabState, node: str, timeout: int = 10) -> FRRDriver:
    """The automation account (Linux shell, lab key, lab host key): what nornir_inventory hands to NAPALM."""
    creds = state.credentials
    return FRRDriver(state.nodes[node].mgmt_ipv4, creds.automation_user, "", timeout=timeout,
                     optional_args={"key_file": creds.key_file, "known_hosts": creds.known_hosts})


def converged(r1: FRRDriver) -> str | None:
    """None when r1 has OSPF, OSPFv3 and both BGP sessions up with r2's routes; else what is missing."""
    ospf = [n for n in r1.get_ospf_neighbors().get("default", []) if n["state"] == "Full"]
    ospf6 = [n for n in r1.get_ospf6_neighbors().get("default", []) if n["state"] == "Full"]
    peers = r1.get_bgp_neighbors().get("global", {}).get("peers", {})
    routes = r1.get_route_to("2001:db8:ff::2/128")
    ospf_route = "10.255.0.2/32" in r1.get_ospf_routes().get("default", {})
    ospf6_route = "2001:db8:ff::2/128" in r1.get_ospf6_routes().get("default", {})
    missing = [what for what, ok in [
        ("OSPF Full with r2", ospf), ("OSPFv3 Full with r2", ospf6),
        ("both BGP sessions", len([p for p in peers.values() if p["is_up"]]) == 2),
        ("r2's IPv6 loopback route", routes), ("OSPF route to r2's loopback", ospf_route),
        ("OSPFv3 route to r2's loopback", ospf6_route),
    ] if not ok]
    return ", ".join(missing) or None


def wait_converged(r1: FRRDriver, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while (missing := converged(r1)) and time.monotonic() < deadline:
        time.sleep(0.5)
    if missing:
        pytest.fail(f"driver lab not converged after {timeout}s: missing {missing}")


@pytest.fixture(scope="session")
def driver_lab(lab_factory, frr_image: str) -> Iterator[LabState]:  # type: ignore[no-untyped-def]
    """Once per FRR release: every driver test runs on FRR 8.4 and on FRR 10.3."""
    state = lab_factory.start(TOPOLOGY, frr_image=frr_image)
    yield state
    lab_factory.stop(state.name)  # one release's lab at a time


@pytest.fixture(scope="session")
def r1(driver_lab: LabState) -> Iterator[FRRDriver]:
    driver = automation_driver(driver_lab, "r1")
    driver.open()
    wait_converged(driver)
    yield driver
    driver.close()


@pytest.fixture(scope="session")
def r1_vtysh(driver_lab: LabState, r1: FRRDriver) -> Iterator[FRRDriver]:
    """The lab login (admin/admin) whose shell is vtysh itself."""
    driver = FRRDriver(driver_lab.nodes["r1"].mgmt_ipv4, driver_lab.credentials.login_user, "admin", timeout=10,
                       optional_args={"known_hosts": driver_lab.credentials.known_hosts})
    driver.open()
    yield driver
    driver.close()


@pytest.fixture
def r1_config(r1: FRRDriver) -> Iterator[FRRDriver]:
    """r1 for a test that changes config: afterwards running config is restored and re-converged."""
    baseline = r1.get_config(retrieve="running")["running"]
    yield r1
    if r1.has_pending_commit():
        r1.rollback()
    r1.discard_config()
    if r1.get_config(retrieve="running")["running"] != baseline:
        r1.load_replace_candidate(config=baseline)
        r1.commit_config()
    assert r1.get_config(retrieve="running")["running"] == baseline, "could not restore r1 after the test"
    wait_converged(r1)


@pytest.fixture(scope="session")
def h1(driver_lab: LabState, r1: FRRDriver) -> Iterator[LinuxDriver]:
    creds = driver_lab.credentials
    driver = LinuxDriver(driver_lab.nodes["h1"].mgmt_ipv4, creds.automation_user, "", timeout=10,
                         optional_args={"key_file": creds.key_file, "known_hosts": creds.known_hosts})
    driver.open()
    yield driver
    driver.close()
