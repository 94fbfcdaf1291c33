"""Is a node up? SSH answers with a banner on its mgmt address, and every FRR daemon's vty socket
accepts a connection (what vtysh needs), as does lldpd's socket where it runs. Cheap enough to poll 32 routers many times a second."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from netassess.errors import LabError
from netassess.lab import lldp, switch
from netassess.lab.node_files import mask_secrets
from netassess.lab.state import LabState, NodeState

NON_FRR = {"anchor", "sshd", "lldpd", *switch.DAEMONS}


@dataclass
class NodeHealth:
    ssh: bool
    daemons: dict[str, bool] = field(default_factory=dict)

    @property
    def ready(self) -> bool:
        return self.ssh and all(self.daemons.values())


def ssh_banner(address: str, timeout: float = 1.0) -> bool:
    try:
        with socket.create_connection((address, 22), timeout=timeout) as sock:
            sock.settimeout(timeout)
            return sock.recv(64).startswith(b"SSH-")
    except OSError:
        return False


def vty_alive(path: Path) -> bool:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(1.0)
        sock.connect(str(path))
        return True
    except OSError:
        return False
    finally:
        sock.close()


def node_health(node: NodeState) -> NodeHealth:
    daemons: dict[str, bool] = {}
    if node.kind == "router" and node.pathspace:
        # a node on an image keeps /run/frr in its lab dir; one on the host's filesystem, in FRR's pathspace dir
        run_dir = Path(node.node_dir or "", "run-frr") if node.rootfs else Path("/run/frr") / node.pathspace
        daemons = {d: vty_alive(run_dir / f"{d}.vty") for d in node.pids if d not in NON_FRR}
    if node.kind == "switch":
        daemons.update(switch.health(node, vty_alive))
    if node.lldpcli and node.node_dir:
        daemons["lldpd"] = vty_alive(lldp.socket_path(Path(node.node_dir)))
    return NodeHealth(ssh=ssh_banner(node.mgmt_ipv4), daemons=daemons)


def _last_log_line(node: NodeState) -> str:
    try:
        lines = [ln for ln in Path(node.node_dir or "", "boot.log").read_text().splitlines() if ln.strip()]
    except OSError:
        return ""
    return f"; boot.log: {mask_secrets(lines[-1])[:160]}" if lines else ""


def wait_ready(state: LabState, timeout: float, progress: Callable[[str, str], None] | None = None,
               ready: set[str] | None = None) -> None:
    """Poll until every node is ready; raise LabError naming the laggards after ``timeout`` seconds.
    ``ready``: nodes already seen ready (by ``up`` as each finished booting), not polled again."""
    pending = set(state.nodes) - (ready or set())
    deadline = time.monotonic() + timeout
    while pending:
        for name in sorted(pending):
            if node_health(state.nodes[name]).ready:
                pending.discard(name)
                if progress:
                    progress(name, "ready")
        if not pending:
            return
        if time.monotonic() > deadline:
            detail = []
            for name in sorted(pending):
                h = node_health(state.nodes[name])
                bad = [d for d, ok in h.daemons.items() if not ok] + ([] if h.ssh else ["ssh"])
                detail.append(f"{name} ({', '.join(bad)}{_last_log_line(state.nodes[name])})")
            # the lab (and its logs) is torn down after this error, so the log's last word goes in the message
            raise LabError(f"lab {state.name}: not ready after {timeout:.0f}s: {'; '.join(detail)}; try a longer --wait")
        time.sleep(0.1)
