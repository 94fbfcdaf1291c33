"""Remove exactly what a lab's state file records, in an order that is safe to repeat:
processes, then namespaces, then host links and the bridge, then directories, then the state file.
Every step tolerates a resource that is already gone, so ``down`` after a crash (of ``up`` or of
``down`` itself) converges."""

from __future__ import annotations

import os
import re
import shutil
import signal
import time
from collections.abc import Iterable
from pathlib import Path

from netassess.lab import firewall, iproute
from netassess.lab.state import (
    LabState,
    NodeState,
    process_started,
    remove_state,
    save_state,
    state_path,
)

FRR_ETC = Path("/etc/frr")  # a router's /etc/frr is FRR's pathspace dir FRR_ETC/<namespace>
FRR_RUN = Path("/run/frr")
_HOST_LINK = re.compile(r"^na[bv][0-9a-f]{12}$")  # iproute.short_name("nab"/"nav", …): bridge, mgmt veths
ANCHOR_ENV = "NETASSESS_NODE"  # set in each anchor's environment: its namespace name


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _ns_inode(pid: int | str, kind: str = "net") -> int | None:
    """The inode of a process's namespace of ``kind`` (net, mnt…): equal inodes, same namespace."""
    try:
        return os.stat(f"/proc/{pid}/ns/{kind}").st_ino
    except OSError:
        return None


def _environ(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return b""


def is_node_process(node: NodeState, prog: str, pid: int) -> bool:
    """Is ``pid`` still the process we started as ``prog`` for ``node``, not a reused PID?

    Each process carries the node's identity: FRR daemons run with ``-N <namespace>``, sshd with
    ``-f <node_dir>/sshd_config``, and the anchor (plain ``sleep infinity``) has
    ``NETASSESS_NODE=<namespace>`` in its environment. A program name alone would match another
    lab's daemon that happens to get the same PID."""
    cmd = _cmdline(pid)
    if not cmd:
        return False
    if prog == "anchor":
        return "sleep" in cmd and anchor_marker(node.namespace) in _environ(pid).split(b"\0")
    if prog == "sshd":
        return bool(node.node_dir) and f"{node.node_dir}/sshd_config" in cmd
    if prog in ("ovsdb-server", "ovs-vswitchd"):  # a switch's daemons log to the node's own directory
        return prog in cmd and bool(node.node_dir) and f"{node.node_dir}/{prog}.log" in cmd
    if prog == "lldpd":  # lldpd rewrites its command line ("lldpd: monitor."): match the node's mount namespace
        anchor = node.pids.get("anchor")
        return ("lldpd" in cmd and anchor is not None and is_node_process(node, "anchor", anchor)
                and _ns_inode(pid, "mnt") == _ns_inode(anchor, "mnt"))
    return prog in cmd and f"-N {node.namespace}" in cmd


def anchor_marker(namespace: str) -> bytes:
    """The environment entry that marks a node's anchor process."""
    return f"{ANCHOR_ENV}={namespace}".encode()


def namespace_pids(state: LabState) -> dict[str, list[int]]:
    """The processes in each of the lab's namespaces that still exist (one ``ip netns pids`` each)."""
    present = iproute.netns_list()
    return {ns: iproute.netns_pids(ns) for ns in state.namespaces if ns in present}


def foreign_namespaces(state: LabState, by_ns: dict[str, list[int]]) -> list[str]:
    """Namespaces the state names that run processes, none of them provably this lab's (an anchor with
    the node's marker, an FRR daemon with its pathspace, its sshd): ``down`` must not empty those.
    A namespace with no process at all (an ``up`` killed before its anchor started) is the lab's to remove."""
    nodes = {n.namespace: n for n in state.nodes.values()}
    foreign = []
    for ns, pids in by_ns.items():
        if not pids:
            continue
        node = nodes.get(ns)
        progs = {"anchor", "sshd", *(node.pids if node else {})}
        if node is None or not any(is_node_process(node, prog, pid) for pid in pids for prog in progs):
            foreign.append(ns)
    return foreign


def lab_pids(state: LabState, by_ns: dict[str, list[int]], skip: Iterable[str] = ()) -> set[int]:
    """PIDs inside the lab's namespaces (but ``skip``), plus recorded PIDs that are provably still ours
    but run outside the host's netns (covers a namespace already unlinked by an interrupted ``down``)."""
    pids = {pid for ns, found in by_ns.items() if ns not in skip for pid in found}
    host_ns = _ns_inode("self")
    for node in state.nodes.values():
        for prog, pid in node.pids.items():
            if is_node_process(node, prog, pid) and _ns_inode(pid) != host_ns:
                pids.add(pid)
    pids.discard(os.getpid())
    return pids


KILL_SETTLE_SECONDS = 10.0  # after SIGKILL, how long the kernel gets to remove the processes


def kill_pids(pids: set[int], grace: float = 3.0) -> set[int]:
    """SIGTERM, wait up to ``grace`` seconds, then SIGKILL. Returns PIDs that survived."""
    for pid in pids:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + grace
    alive = set(pids)
    while alive and time.monotonic() < deadline:
        alive = {p for p in alive if process_started(p) is not None}
        if alive:
            time.sleep(0.05)
    for pid in alive:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    # a killed process is gone only once the kernel has torn it down: with a lab of hundreds of
    # routers (1,500 processes on 2 cores) that takes seconds, not the moment a single node needs
    deadline = time.monotonic() + KILL_SETTLE_SECONDS
    while alive and time.monotonic() < deadline:
        time.sleep(0.05)
        _reap(pids)
        alive = {p for p in alive if process_started(p) is not None}
    _reap(pids)
    return {p for p in alive if process_started(p) is not None}


def _reap(pids: set[int]) -> None:
    """Reap the anchors this process started, so no zombie outlives a test session (or counts as alive)."""
    for pid in pids:
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            pass


def _removable_dirs(state: LabState) -> set[Path]:
    """The only directories a netns lab creates: its lab dir beside the state file and, per
    namespace, FRR's pathspace dirs. ``down`` removes nothing else whatever the state file says."""
    allowed = {state_path(state.name).parent / state.name}
    for ns in state.namespaces:
        if ns and "/" not in ns and ns not in (".", ".."):
            allowed |= {FRR_ETC / ns, FRR_RUN / ns}
    return allowed


def teardown(state: LabState) -> list[str]:
    """Tear the lab down; return leftovers that could not be removed (empty on success)."""
    state.status = "stopping"
    save_state(state)
    problems: list[str] = []
    by_ns = namespace_pids(state)
    foreign = foreign_namespaces(state, by_ns)
    if foreign:  # a state file naming someone else's namespace (edited, or a name reused since)
        problems.append(f"refusing to empty or delete namespace(s) {', '.join(foreign)}: none of their processes is "
                        f"provably this lab's (state file {state_path(state.name)} edited, or the node's daemons died?); "
                        f"if they are the lab's, see them with `ip netns pids {foreign[0]}`, stop them, and run down again")
    survivors = kill_pids(lab_pids(state, by_ns, skip=foreign))
    if survivors:
        problems.append(f"processes still running: {sorted(survivors)}")
    for ns in state.namespaces:
        if ns not in foreign:
            iproute.netns_del(ns)
    links = [link for link in [*state.host_links, state.bridge] if link]
    refused = [link for link in links if not _HOST_LINK.match(link)]
    refused += [d for d in state.dirs if Path(d) not in _removable_dirs(state)]
    if refused:  # a state file that names the host's own links or dirs was edited or corrupted
        problems.append(f"refusing to remove {', '.join(refused)}: not created by a lab (state file {state_path(state.name)} "
                        "edited?); remove them by hand if they are really the lab's")
    if state.bridge and state.bridge not in refused:
        firewall.release(state.bridge)
    for link in links:
        if link not in refused:
            iproute.link_del(link)
    for d in state.dirs:
        if d not in refused:
            shutil.rmtree(d, ignore_errors=True)
    leftovers = [ns for ns in state.namespaces if ns not in foreign and ns in iproute.netns_list()]
    leftovers += [link for link in links if link not in refused and iproute.link_exists(link)]
    leftovers += [d for d in state.dirs if d not in refused and os.path.exists(d)]
    if leftovers:
        problems.append(f"could not remove: {', '.join(leftovers)}")
    if not problems:
        remove_state(state.name)
    return problems
