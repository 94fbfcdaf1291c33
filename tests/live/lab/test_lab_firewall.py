"""The management bridge is a dead end: nodes cannot reach the host or beyond; the host reaches them."""

from __future__ import annotations

import subprocess

import pytest

from netassess.lab import firewall
from netassess.lab.node_exec import run_in_node

pytestmark = pytest.mark.live


def test_nodes_cannot_open_connections_to_the_host_and_down_removes_the_table(lab_factory) -> None:
    from pathlib import Path

    state = lab_factory.start(Path(__file__).resolve().parents[3] / "containerlab" / "line.clab.yml")
    assert state.bridge and firewall.installed(state.bridge)
    assert not [w for w in state.warnings if "nftables" in w]
    # host -> node: allowed (replies come back as established traffic)
    ping = subprocess.run(["ping", "-c1", "-W2", state.nodes["r1"].mgmt_ipv4], capture_output=True, timeout=10)
    assert ping.returncode == 0, ping.stdout
    # node -> host gateway: a new connection, dropped
    probe = run_in_node(state, "r1", ["ping", "-c1", "-W1", state.mgmt_gateway])
    assert probe.returncode != 0, "a lab node reached the host through its management bridge"
    # node -> node over the management bridge is bridged, not routed: still works
    peer = run_in_node(state, "r1", ["ping", "-c1", "-W2", state.nodes["r2"].mgmt_ipv4])
    assert peer.returncode == 0
    lab_factory.stop(state.name)
    assert not firewall.installed(state.bridge)
