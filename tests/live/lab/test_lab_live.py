"""Live: the shipped topologies come up as real FRR routers reachable over real SSH."""

from __future__ import annotations

import pytest
from netmiko import ConnectHandler

from netassess.lab.node_exec import run_in_node
from netassess.lab.state import LabState

pytestmark = pytest.mark.live


def test_triangle_reaches_ospf_full_on_all_adjacencies_over_ssh_with_netmiko(triangle_lab: LabState) -> None:
    for name, node in triangle_lab.nodes.items():
        conn = ConnectHandler(device_type="cisco_ios", host=node.mgmt_ipv4, username="admin", password="admin")
        try:
            assert conn.find_prompt() == f"{name}#"
            out = conn.send_command("show ip ospf neighbor")
        finally:
            conn.disconnect()
        assert out.count("Full/") == 2, out


def test_host_pings_other_host_across_the_routers(hub_spoke_lab: LabState) -> None:
    proc = run_in_node(hub_spoke_lab, "h1", ["ping", "-c", "3", "-i", "0.2", "-W", "2", "192.168.2.10"])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert " 0% packet loss" in proc.stdout
