"""Live-lab fixtures shared by every live test (real FRR routers in network namespaces).

Fixtures
--------
``lab_state_dir`` (session)
    A private ``NETASSESS_STATE_DIR`` for this test session (exported in ``os.environ`` so CLI
    subprocesses see the same labs). Nothing a session starts is visible to another session.
``lab_factory`` (session)
    ``lab_factory(topology_path, **overrides) -> LabState`` (also ``lab_factory.start``) brings a
    lab up with a unique name (``t<random6>``) and a free, unique management /24 that overlaps
    no host route; ``overrides`` go to ``NetnsRuntime.up`` (``name=``, ``mgmt_subnet=``,
    ``wait=``, ``username=``, ``password=``). ``lab_factory.stop(name)`` tears one down early.
    Every lab it started is torn down at session end, even when tests fail. At the very end,
    ``lab_state_dir`` also tears down (and reports) any lab a test left in the session's state dir.
``triangle_lab`` (session)
    ``containerlab/triangle.clab.yml`` up, with OSPF Full on all three adjacencies before it
    is yielded. Routers r1, r2, r3; loopbacks 10.255.0.N; login admin/admin (vtysh), automation
    user ``state.credentials.automation_user`` with ``state.credentials.key_file``.
``hub_spoke_lab`` (session)
    ``containerlab/hub-spoke.clab.yml`` up (hub, spoke1, spoke2, Linux hosts h1, h2), OSPF Full
    on the hub's two adjacencies and h1 able to ping h2 (192.168.1.10 → 192.168.2.10).

``task_project`` (session)
    ``task_project(*tasks: dict) -> Path``: a throwaway project (the shipped topologies, an empty
    FRR stage template, ``tasks/<id>.yaml``) for live tests that define their own task.
``free_subnet`` (session)
    ``free_subnet() -> str``: a free /24 for a lab you start yourself (e.g. through the CLI).

Helpers (import-free, via fixtures): ``wait_ospf``: ``wait_ospf(state, timeout)`` blocks until
every router has one Full OSPF neighbour per router-to-router link.
Tests that change router config should use their own ``lab_factory`` lab, not the shared ones.
"""

from __future__ import annotations

import ipaddress
import json
import os
import secrets
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from netassess.errors import SpecError
from netassess.lab import subnets
from netassess.lab.node_exec import run_in_node, vtysh
from netassess.lab.prereq import netns_problem
from netassess.lab.runtime import get_runtime
from netassess.lab.state import LabState, list_labs, state_path

REPO = Path(__file__).resolve().parents[2]
TOPOLOGIES = REPO / "containerlab"
# Test labs draw their management /24 from here; the shipped topologies use 172.20.2x.0/24.
_TEST_POOL = ipaddress.IPv4Network("172.30.0.0/16")


def free_mgmt_subnet() -> str:
    """A random /24 from 172.30.0.0/16 that overlaps no host route and no lab of this session."""
    return subnets.free_mgmt_subnet(_TEST_POOL)


def _expected_adjacencies(state: LabState) -> dict[str, int]:
    """Router → number of router-to-router links it has (each should be one Full OSPF neighbour)."""
    routers = {n for n, s in state.nodes.items() if s.kind == "router"}
    count = dict.fromkeys(routers, 0)
    for a, b in state.links:
        na, nb = a.split(":")[0], b.split(":")[0]
        if na in routers and nb in routers:
            count[na] += 1
            count[nb] += 1
    return count


def wait_ospf_full(state: LabState, timeout: float = 60) -> None:
    """Block until every router has one Full OSPF neighbour per router link, or fail the test."""
    expected = _expected_adjacencies(state)
    deadline = time.monotonic() + timeout
    last: dict[str, int] = {}
    while time.monotonic() < deadline:
        for node in expected:
            data = json.loads(vtysh(state, node, "show ip ospf neighbor json") or "{}")
            neighbors = [n for lst in data.get("neighbors", {}).values() for n in lst]
            last[node] = sum(1 for n in neighbors if str(n.get("state", n.get("nbrState", ""))).startswith("Full"))
        if all(last.get(n, 0) >= want for n, want in expected.items()):
            return
        time.sleep(0.5)
    pytest.fail(f"OSPF not Full within {timeout}s in lab {state.name}: full/expected {last} / {expected}")


class LabFactory:
    """Starts labs with unique names and subnets; ``close()`` tears all of them down."""

    def __init__(self) -> None:
        self.runtime = get_runtime("netns")
        self.started: list[str] = []

    def start(self, topology_path: Path | str, **overrides: Any) -> LabState:
        name = overrides.pop("name", None) or f"t{secrets.token_hex(3)}"
        fixed_subnet = overrides.pop("mgmt_subnet", None)
        for attempt in range(5):
            subnet = fixed_subnet or free_mgmt_subnet()
            self.started.append(name)
            try:
                return self.runtime.up(Path(topology_path), name=name, mgmt_subnet=subnet, **overrides)
            except SpecError as exc:  # another session took the subnet between our check and our up
                self.started.remove(name)
                if fixed_subnet or "overlaps" not in str(exc) or attempt == 4:
                    raise
        raise AssertionError("unreachable")

    __call__ = start

    def stop(self, name: str) -> None:
        if state_path(name).exists():
            self.runtime.down(name)
        if name in self.started:
            self.started.remove(name)

    def close(self) -> None:
        errors = []
        for name in reversed(self.started[:]):
            try:
                self.stop(name)
            except Exception as exc:  # keep tearing down the others
                errors.append(f"{name}: {exc}")
        if errors:
            raise RuntimeError("lab teardown failed: " + "; ".join(errors))


@pytest.fixture(scope="session")
def lab_state_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("labs")
    old = os.environ.get("NETASSESS_STATE_DIR")
    os.environ["NETASSESS_STATE_DIR"] = str(path)
    try:
        yield path
        # The safety net after lab_factory has closed: any lab still recorded in this session's
        # private state dir (a test that started one through the CLI and did not bring it down) is
        # torn down here, then reported, so no test can leave namespaces or daemons on the host.
        left = [s for s in list_labs() if s.runtime == "netns"]
        problems = []
        for state in left:
            try:
                get_runtime("netns").down(state.name)
            except Exception as exc:  # keep tearing down the others
                problems.append(f"{state.name}: {exc}")
        if left:
            pytest.fail(f"tests left lab(s) {', '.join(s.name for s in left)} up (now torn down"
                        + (f"; failed: {'; '.join(problems)}" if problems else "") + ")", pytrace=False)
    finally:
        if old is None:
            os.environ.pop("NETASSESS_STATE_DIR", None)
        else:
            os.environ["NETASSESS_STATE_DIR"] = old


@pytest.fixture(scope="session")
def lab_factory(lab_state_dir: Path) -> Iterator[LabFactory]:
    reason = netns_problem()
    if reason:
        if os.environ.get("NETASSESS_REQUIRE_LIVE") == "1":
            pytest.fail(f"live lab required but cannot run: {reason}", pytrace=False)
        pytest.skip(reason)
    factory = LabFactory()
    try:
        yield factory
    finally:
        factory.close()


@pytest.fixture(scope="session", params=[pytest.param("frr8", id="frr8.4"), pytest.param("frr10", id="frr10.3")])
def frr_image(request: pytest.FixtureRequest) -> str:
    """Both FRR releases the lab ships (Debian's 8.4 and 10.3): a lab fixture that takes this runs
    its FRR routers on each in turn, so every test using it is proven on both."""
    return str(request.param)


@pytest.fixture(scope="session")
def triangle_lab(lab_factory: LabFactory) -> LabState:
    state = lab_factory.start(TOPOLOGIES / "triangle.clab.yml")
    wait_ospf_full(state, timeout=60)
    return state


@pytest.fixture(scope="session")
def hub_spoke_lab(lab_factory: LabFactory) -> LabState:
    state = lab_factory.start(TOPOLOGIES / "hub-spoke.clab.yml")
    wait_ospf_full(state, timeout=60)
    deadline = time.monotonic() + 30  # Full is not yet routed: wait for SPF to install the far LAN
    while run_in_node(state, "h1", ["ping", "-c", "1", "-W", "1", "192.168.2.10"]).returncode != 0:
        if time.monotonic() > deadline:
            pytest.fail(f"lab {state.name}: h1 cannot reach h2 30s after OSPF Full")
        time.sleep(0.5)
    return state


@pytest.fixture(scope="session")
def free_subnet() -> Callable[[], str]:
    return free_mgmt_subnet


@pytest.fixture(scope="session")
def wait_ospf() -> Callable[[LabState, float], None]:
    return wait_ospf_full


@pytest.fixture(scope="session")
def task_project(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    def make(*tasks: dict[str, Any]) -> Path:
        root = tmp_path_factory.mktemp(f"{tasks[0]['id']}-project")
        shutil.copytree(REPO / "containerlab", root / "containerlab")
        (root / "templates" / "frr").mkdir(parents=True)
        (root / "templates" / "frr" / "none.j2").write_text("!\n")
        (root / "tasks").mkdir()
        for task in tasks:
            (root / "tasks" / f"{task['id']}.yaml").write_text(yaml.safe_dump(task, sort_keys=False))
        return root

    return make
