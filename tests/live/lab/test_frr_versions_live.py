"""FRR 10 and FRR 8.4 side by side (containerlab/mixed-versions.clab.yml): each node runs its own
image's binaries over its own root filesystem, the two releases route for each other, what a node
writes stays in the node, and the driver checks candidates with the router's own FRR."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from napalm.base.exceptions import MergeConfigException

from napalm_frr import FRRDriver
from netassess.lab.node_exec import run_in_node, vtysh
from netassess.lab.state import LabState, list_labs

pytestmark = pytest.mark.live

REPO = Path(__file__).resolve().parents[3]
FRR10_ONLY = "interface eth1\n ip ospf prefix-suppression\nexit\n"  # FRR 9.1+: unknown to 8.4's vtysh


@pytest.fixture(scope="module")
def mixed(lab_factory, wait_ospf) -> LabState:  # type: ignore[no-untyped-def]
    state = lab_factory.start(REPO / "containerlab" / "mixed-versions.clab.yml")
    wait_ospf(state, 60)
    return state


def driver(lab: LabState, node: str) -> FRRDriver:
    creds = lab.credentials
    d = FRRDriver(lab.nodes[node].mgmt_ipv4, creds.automation_user, "", timeout=10,
                  optional_args={"key_file": creds.key_file, "known_hosts": creds.known_hosts, "save_config": False})
    d.open()
    return d


def test_each_router_runs_the_frr_its_image_tag_names_and_the_host_image_is_debian(mixed: LabState) -> None:
    assert vtysh(mixed, "r1", "show version").startswith("FRRouting 10.3 ")
    assert vtysh(mixed, "r2", "show version").startswith("FRRouting 8.4")
    assert 'VERSION_CODENAME=trixie' in run_in_node(mixed, "r1", ["cat", "/etc/os-release"]).stdout
    tools = run_in_node(mixed, "h1", ["sh", "-c", "for t in tcpdump iperf3 curl traceroute ping ip; do command -v $t || exit 1; done"])
    assert tools.returncode == 0 and len(tools.stdout.split()) == 6


def test_the_two_releases_route_for_each_other(mixed: LabState) -> None:
    deadline = time.monotonic() + 30  # Full is not yet routed: wait for SPF to install r1's loopback
    while run_in_node(mixed, "h1", ["ping", "-c", "1", "-W", "1", "10.255.0.1"]).returncode != 0:
        assert time.monotonic() < deadline, "h1 cannot reach r1 (FRR 10) through r2 (FRR 8.4) 30s after OSPF Full"
        time.sleep(0.5)


def test_what_a_node_writes_lands_in_its_own_upper_layer_never_the_hosts(mixed: LabState) -> None:
    marker = f"/etc/netassess-{mixed.name}"
    assert run_in_node(mixed, "h1", ["sh", "-c", f"echo hi > {marker}"]).returncode == 0
    assert not os.path.exists(marker)
    upper = Path(mixed.nodes["h1"].node_dir or "", "upper") / marker.lstrip("/")
    assert upper.read_text() == "hi\n"
    assert run_in_node(mixed, "r1", ["test", "-e", marker]).returncode == 1  # nor another node's


def test_a_line_only_frr10_knows_is_accepted_on_frr10_and_refused_on_84(mixed: LabState) -> None:
    r1, r2 = driver(mixed, "r1"), driver(mixed, "r2")
    try:
        r1.load_merge_candidate(config=FRR10_ONLY)
        assert "ip ospf prefix-suppression" in r1.compare_config()
        r1.discard_config()
        with pytest.raises(MergeConfigException, match="prefix-suppression"):
            r2.load_merge_candidate(config=FRR10_ONLY)
    finally:
        r1.close()
        r2.close()


def test_a_shipped_task_is_proven_on_frr10(lab_factory, free_subnet) -> None:  # type: ignore[no-untyped-def]
    proc = subprocess.run([sys.executable, "-m", "netassess", "validate", "--live", "--frr-image", "frr10",
                           "--mgmt-subnet", free_subnet(), "tasks/s2-ospf-triangle.yaml"],
                          cwd=REPO, capture_output=True, text=True, timeout=300, check=False,
                          env={**os.environ, "COLUMNS": "200"})
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert not [s.name for s in list_labs() if s.name.startswith("prove-")]
