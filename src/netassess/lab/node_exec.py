"""Run commands inside a running node, as ``docker exec`` would: in its network, mount and UTS
namespaces (so ``vtysh`` reaches that node's FRR and ``hostname`` prints the node name)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence

from netassess.errors import LabError, UsageError
from netassess.lab.iproute import netns_list
from netassess.lab.state import LabState, NodeState


def _node(state: LabState, node: str) -> NodeState:
    try:
        return state.nodes[node]
    except KeyError:
        raise UsageError(f"lab {state.name} has no node {node!r} (nodes: {', '.join(sorted(state.nodes))})") from None


def enter_argv(state: LabState, node: str) -> list[str]:
    """The argv prefix that enters the node; falls back to the bare netns if the anchor is gone."""
    ns = _node(state, node)
    if state.runtime == "containerlab":
        return ["docker", "exec", "-i", ns.namespace]
    anchor = ns.pids.get("anchor")
    if anchor and os.path.exists(f"/proc/{anchor}/ns/mnt"):
        return ["nsenter", "-t", str(anchor), "-n", "-m", "-u", "--"]
    if ns.namespace not in netns_list():
        raise LabError(f"node {node} of lab {state.name} is not running; run `netassess lab up --reconfigure`")
    return ["ip", "netns", "exec", ns.namespace]


def run_in_node(
    state: LabState, node: str, argv: Sequence[str], *, input: str | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run ``argv`` inside ``node``; returns the completed process (never raises on exit status)."""
    return subprocess.run([*enter_argv(state, node), *argv], input=input, capture_output=True, text=True, timeout=timeout)


def vtysh(state: LabState, node: str, *commands: str, timeout: float = 30) -> str:
    """Run vtysh commands on a router from the host and return stdout; LabError if vtysh fails."""
    ns = _node(state, node)
    if ns.kind != "router":
        raise UsageError(f"node {node} is a Linux host; vtysh runs on routers only")
    argv = ["vtysh"]
    for c in commands:
        argv += ["-c", c]
    proc = run_in_node(state, node, argv, timeout=timeout)
    if proc.returncode != 0:
        raise LabError(f"vtysh on {node}: {(proc.stderr or proc.stdout).strip()[:200]}")
    return proc.stdout
