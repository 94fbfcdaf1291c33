"""Run commands inside a running node, as ``docker exec`` would: in its network, mount and UTS
namespaces (so ``vtysh`` reaches that node's FRR and ``hostname`` prints the node name)."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence

from netassess.errors import LabError, UsageError
from netassess.lab.rootfs import enter_flags
from netassess.lab.state import LabState, NodeState
from netassess.lab.teardown import is_node_process


def _node(state: LabState, node: str) -> NodeState:
    try:
        return state.nodes[node]
    except KeyError:
        raise UsageError(f"lab {state.name} has no node {node!r} (nodes: {', '.join(sorted(state.nodes))})") from None


def enter_argv(state: LabState, node: str) -> list[str]:
    """The argv prefix that enters the node through its anchor process.

    No fallback: entering a bare netns (or a reused PID's namespaces) would run the command with
    the host's /etc and /run/frr, so `vtysh` would reach the host's own FRR."""
    ns = _node(state, node)
    if state.runtime == "containerlab":
        return ["docker", "exec", "-i", ns.namespace]
    anchor = ns.pids.get("anchor")
    if anchor and is_node_process(ns, "anchor", anchor):
        return ["nsenter", "-t", str(anchor), "-n", "-m", "-u", *enter_flags(ns), "--"]
    raise LabError(
        f"node {node} of lab {state.name} is not running (its anchor process is gone); "
        f"run `netassess lab up --reconfigure` (or `netassess lab down {state.name}`)"
    )


def run_in_node(
    state: LabState, node: str, argv: Sequence[str], *, input: str | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run ``argv`` inside ``node``; returns the completed process (never raises on exit status)."""
    return subprocess.run([*enter_argv(state, node), *argv], input=input, capture_output=True, text=True, timeout=timeout)


def vtysh(state: LabState, node: str, *commands: str, timeout: float = 30) -> str:
    """Run vtysh commands on a router from the host and return stdout; LabError if vtysh fails."""
    ns = _node(state, node)
    if ns.kind != "router":
        raise UsageError(f"node {node} is a {'Linux host' if ns.kind == 'host' else ns.kind}; vtysh runs on routers only")
    argv = ["vtysh"]
    for c in commands:
        argv += ["-c", c]
    proc = run_in_node(state, node, argv, timeout=timeout)
    if proc.returncode != 0:
        raise LabError(f"vtysh on {node}: {(proc.stderr or proc.stdout).strip()[:200]}")
    return proc.stdout
