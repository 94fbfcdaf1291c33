"""LLDP with lldpd present: the drivers read real lldpd neighbours in a lab that runs lldpd per node
(topology/lldp.clab.yml: on by default, off on r3), and the lab leaves nothing of lldpd behind."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from napalm_frr import FRRDriver
from napalm_frr.contract import assert_conforms
from napalm_netassess_linux import LinuxDriver
from netassess.lab import lldp
from netassess.lab.state import LabState, process_started

pytestmark = pytest.mark.live

TOPOLOGY = Path(__file__).parent / "topology" / "lldp.clab.yml"
# the cabling of lldp.clab.yml as LLDP must report it: (node, interface) → (neighbour, its port)
CABLING = {
    ("r1", "eth1"): ("r2", "eth1"), ("r2", "eth1"): ("r1", "eth1"),
    ("r1", "eth2"): ("h1", "eth1"), ("h1", "eth1"): ("r1", "eth2"),
}
HOST_RUN_FILES = [Path("/run/lldpd.socket"), Path("/run/lldpd.pid")]  # lldpd's defaults: the lab must not use them


def _present(paths: list[Path]) -> dict[str, bool]:
    return {str(p): p.exists() for p in paths}


@pytest.fixture(scope="module")
def lldp_lab(lab_factory: Any) -> Iterator[LabState]:
    before = _present(HOST_RUN_FILES)
    state = lab_factory.start(TOPOLOGY)
    yield state
    lab_factory.stop(state.name)
    assert _present(HOST_RUN_FILES) == before


def _driver(state: LabState, node: str) -> FRRDriver | LinuxDriver:
    creds, ns = state.credentials, state.nodes[node]
    args: dict[str, Any] = {"key_file": creds.key_file, "known_hosts": creds.known_hosts}
    if ns.lldpcli:
        args["lldpcli"] = ns.lldpcli  # what the lab's Nornir inventory hands to NAPALM
    cls = FRRDriver if ns.platform == "frr" else LinuxDriver
    return cls(ns.mgmt_ipv4, creds.automation_user, "", timeout=10, optional_args=args)


@pytest.fixture(scope="module")
def drivers(lldp_lab: LabState) -> Iterator[dict[str, FRRDriver | LinuxDriver]]:
    opened = {name: _driver(lldp_lab, name) for name in ("r1", "r2", "r3", "h1")}
    for d in opened.values():
        d.open()
    yield opened
    for d in opened.values():
        d.close()


def _eventually(read: Callable[[], dict[str, Any]], want: Callable[[dict[str, Any]], bool], timeout: float) -> dict[str, Any]:
    """LLDP is periodic (every lldp.TX_INTERVAL s in the lab): poll until ``want`` holds."""
    deadline = time.monotonic() + timeout
    while True:
        data = read()
        if want(data) or time.monotonic() > deadline:
            return data
        time.sleep(0.5)


def test_the_lab_runs_lldpd_where_the_labels_ask(lldp_lab: LabState) -> None:
    runs = {name: bool(node.lldpcli) and "lldpd" in node.pids for name, node in lldp_lab.nodes.items()}
    assert runs == {"r1": True, "r2": True, "r3": False, "h1": True}
    for name in ("r1", "r2", "h1"):
        assert lldp.socket_path(Path(lldp_lab.nodes[name].node_dir or "")).is_socket()


@pytest.mark.parametrize("node", ["r1", "r2", "h1"])
def test_neighbours_are_the_topologys_cabling(drivers: dict[str, Any], node: str) -> None:
    expected = {ifname: [{"hostname": peer, "port": port}] for (n, ifname), (peer, port) in CABLING.items() if n == node}
    got = _eventually(drivers[node].get_lldp_neighbors, lambda d: d == expected, timeout=3 * lldp.TX_INTERVAL)
    assert got == expected  # r2's eth2 faces r3, which runs no lldpd: no neighbour there
    assert_conforms("get_lldp_neighbors", got)


def test_detail_conforms_and_names_capabilities(drivers: dict[str, Any]) -> None:
    detail = _eventually(drivers["r1"].get_lldp_neighbors_detail, lambda d: {"eth1", "eth2"} <= set(d),
                         timeout=3 * lldp.TX_INTERVAL)
    assert_conforms("get_lldp_neighbors_detail", detail)
    [r2] = detail["eth1"]
    assert (r2["remote_system_name"], r2["remote_port"], r2["remote_port_description"]) == ("r2", "eth1", "eth1")
    assert "router" in r2["remote_system_enable_capab"]  # r2 forwards IP
    [h1] = detail["eth2"]
    assert "router" not in h1["remote_system_enable_capab"] and "station" in h1["remote_system_capab"]
    assert r2["remote_chassis_id"] and h1["remote_chassis_id"] != r2["remote_chassis_id"]
    assert drivers["r1"].get_lldp_neighbors_detail(interface="eth2") == {"eth2": detail["eth2"]}


def test_a_node_without_lldpd_says_so(drivers: dict[str, Any]) -> None:
    with pytest.raises(NotImplementedError, match="lldp"):
        drivers["r3"].get_lldp_neighbors()


def test_the_vtysh_login_cannot_run_lldpcli(lldp_lab: LabState) -> None:
    driver = FRRDriver(lldp_lab.nodes["r1"].mgmt_ipv4, lldp_lab.credentials.login_user, "admin", timeout=10,
                       optional_args={"lldpcli": lldp_lab.nodes["r1"].lldpcli,
                                      "known_hosts": lldp_lab.credentials.known_hosts})
    driver.open()
    try:
        with pytest.raises(NotImplementedError, match="Linux shell"):
            driver.get_lldp_neighbors()
    finally:
        driver.close()


def test_down_stops_every_lldpd_of_the_lab(lab_factory: Any) -> None:
    state = lab_factory.start(TOPOLOGY)
    pids = [node.pids["lldpd"] for node in state.nodes.values() if "lldpd" in node.pids]
    assert len(pids) == 3 and all(Path(f"/proc/{pid}").exists() for pid in pids)
    children = [int(p) for pid in pids for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    assert children, "lldpd runs privilege-separated: each monitor has a child"
    lab_factory.stop(state.name)
    for pid in pids + children:
        assert process_started(pid) is None, f"lldpd {pid} survived lab down"


def test_last_flapped_follows_a_real_link_flap(lldp_lab: LabState, drivers: dict[str, Any]) -> None:
    # h1's eth1 is r1's eth2 (a veth): h1 taking its end down and up flaps r1's eth2 carrier
    from netassess.lab.node_exec import run_in_node

    for state in ("down", "up"):
        assert run_in_node(lldp_lab, "h1", ["ip", "link", "set", "eth1", state]).returncode == 0
        time.sleep(0.3)
    time.sleep(1.0)
    eth2 = drivers["r1"].get_interfaces()["eth2"]
    assert eth2["is_up"] and 0.5 <= eth2["last_flapped"] < 30.0
    assert_conforms("get_interfaces", drivers["r1"].get_interfaces())
