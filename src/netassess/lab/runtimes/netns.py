"""The built-in runtime: every node is a network namespace plus its own mount and UTS namespaces,
held open by a small "anchor" process; FRR daemons and sshd are started inside them.

Order of work (each resource is written to the state file *before* it is created):
  1. checks that need no changes: root and tools, lab name, free namespace names, mgmt subnet
     not overlapping any host route;
  2. lab directory, SSH keys, management bridge;
  3. per node, in parallel: netns, eth0 on the bridge, private accounts/FRR dirs, anchor;
  4. every data link in one ``ip -batch`` (veth ends created inside their namespaces);
  5. per node, in parallel: addresses up, sysctls, FRR daemons, startup config, sshd, lldpd, ``exec``;
  6. wait until every node answers SSH and every FRR daemon's vty (and lldpd its socket).
"""

from __future__ import annotations

import fcntl
import ipaddress
import os
import re
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from netassess.errors import LabError, SpecError
from netassess.lab import credentials, firewall, iproute, lldp, switch
from netassess.lab.anchor import CHILDREN as _CHILDREN
from netassess.lab.anchor import start_anchor
from netassess.lab.boot_log import boot_problems, log_tail, read_pid
from netassess.lab.image_map import plan_images
from netassess.lab.images import build
from netassess.lab.node_files import (
    LabAccounts,
    NodePaths,
    anchor_script,
    boot_script,
    daemon_set,
    new_boot_log,
    write_accounts,
    write_empty_frr_dirs,
    write_frr_dirs,
    write_sshd_config,
)
from netassess.lab.prereq import netns_problem, require_netns
from netassess.lab.readiness import node_health, wait_ready
from netassess.lab.rootfs import NodeRoot, enter_flags
from netassess.lab.runtime import RUNTIMES, Progress
from netassess.lab.state import (
    Credentials,
    LabState,
    NodeState,
    StateJournal,
    load_state,
    process_started,
    state_dir,
    state_path,
    up_in_progress,
)
from netassess.lab.subnets import subnet_taken
from netassess.lab.teardown import FRR_ETC, FRR_RUN, teardown
from netassess.lab.topology import Node, Topology, load_topology

_LAB_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")


class LabAlreadyUp(LabError):
    """``up`` on a lab that is running: not a failure, the CLI says so and exits 0."""

    def __init__(self, state: LabState) -> None:
        super().__init__(f"lab {state.name} is already up ({len(state.nodes)} nodes); use --reconfigure to recreate it")
        self.state = state


def _noop(node: str, stage: str) -> None:
    return None


@RUNTIMES.register("netns")
class NetnsRuntime:
    """FRR routers and Linux hosts in network namespaces on this machine (root, frr, openssh-server)."""

    name = "netns"

    def problem(self) -> str | None:
        return netns_problem()

    # ---- up -------------------------------------------------------------------------------
    def up(
        self,
        topology: Topology | Path | str,
        *,
        name: str | None = None,
        mgmt_subnet: str | None = None,
        wait: float = 60,
        progress: Progress | None = None,
        reconfigure: bool = False,
        username: str = credentials.DEFAULT_USER,
        password: str = credentials.DEFAULT_PASSWORD,
        lldp_all: bool = False,
        frr_image: str | None = None,
    ) -> LabState:
        """``lldp_all``: run lldpd on every node (a node's ``netassess.lldp: "off"`` label still wins).
        ``frr_image``: run every FRR router on this lab image whatever its ``image:`` tag says."""
        require_netns()
        if not isinstance(topology, Topology) or topology.runtime != self.name or mgmt_subnet is not None:
            path = topology.path if isinstance(topology, Topology) else Path(topology)
            topology = load_topology(path, runtime="netns", mgmt_subnet=mgmt_subnet)
        lab = name or topology.name
        if not _LAB_NAME.match(lab):
            raise SpecError(f"lab name {lab!r}: use up to 40 letters, digits, '_', '.', '-'")
        if state_path(lab).exists():
            existing = load_state(lab)
            if reconfigure:
                self.down(lab)
            elif existing.status == "up" and all(ns in iproute.netns_list() for ns in existing.namespaces):
                raise LabAlreadyUp(existing)
            else:
                raise LabError(
                    f"lab {lab} has leftovers from an unfinished up or down (status {existing.status}); "
                    f"run `netassess lab down {lab}` or `netassess lab up --reconfigure`"
                )
        progress = progress or _noop
        plan, image_notes = plan_images(list(topology.nodes.values()), frr_image=frr_image)
        switch.check_switches(topology, plan)
        roots = {n: str(build(spec).path) if spec else None for n, spec in plan.items()}
        lldp_nodes = [n.name for n in topology.nodes.values() if lldp.wanted(n, lldp_all)]
        tools = lldp.require_tools() if any(not roots[n] for n in lldp_nodes) else None  # images carry their own
        lldp_tools = {n: lldp.IMAGE_TOOLS if roots[n] else tools for n in lldp_nodes if roots[n] or tools}
        started = time.monotonic()
        with _host_lock():  # two labs starting at once must not both pass the checks and claim one subnet
            self._preflight(topology, lab)
            journal = self._new_journal(topology, lab, username, password)
            journal.record(lambda s: s.warnings.extend(image_notes))
            try:
                gateway = ipaddress.IPv4Interface(f"{journal.state.mgmt_gateway}/{topology.mgmt_subnet.prefixlen}")
                iproute.bridge_add(journal.state.bridge or "", gateway)
                fence = firewall.isolate(journal.state.bridge or "")
                if fence:
                    journal.record(lambda s: s.warnings.append(fence))
            except BaseException:
                _teardown(journal.state)
                raise
        try:
            ready = self._build(topology, journal, username, password, progress, lldp_tools, roots)
            wait_ready(journal.state, max(wait - (time.monotonic() - started), 1.0), progress, ready)
            lldp.announce(journal.state)
        except BaseException:
            _teardown(journal.state)
            raise
        def lab_up(s: LabState) -> None:
            s.status, s.up_pid, s.up_pid_started = "up", None, None

        journal.record(lab_up)
        return journal.state

    def _preflight(self, topology: Topology, lab: str) -> None:
        subnet = topology.mgmt_subnet
        clash = subnet_taken(subnet, ignore=lab)
        if clash is not None:
            raise SpecError(f"{topology.path}: management subnet {subnet} overlaps {clash}; "
                            "set mgmt.ipv4-subnet or pass --mgmt-subnet with a free /24")
        taken = iproute.netns_list() & {topology.container_name(n, lab) for n in topology.nodes}
        if taken:
            raise LabError(f"network namespace(s) {', '.join(sorted(taken))} already exist; pick another lab name (--name)")

    def _new_journal(self, topology: Topology, lab: str, username: str, password: str) -> StateJournal:
        lab_dir = state_dir() / lab
        subnet = topology.mgmt_subnet
        gateway = next(subnet.hosts())
        state = LabState(
            name=lab,
            topology=str(topology.path),
            runtime=self.name,
            up_pid=os.getpid(),
            up_pid_started=process_started(os.getpid()),
            mgmt_subnet=str(subnet),
            mgmt_gateway=str(gateway),
            bridge=iproute.short_name("nab", "bridge", lab),
            lab_dir=str(lab_dir),
            dirs=[str(lab_dir)],
            links=[[str(link.a), str(link.b)] for link in topology.links],
            credentials=Credentials(
                login_user=username,
                key_file=str(lab_dir / "id_ed25519"),
                known_hosts=str(lab_dir / "known_hosts"),
                password_is_default=(username, password) == (credentials.DEFAULT_USER, credentials.DEFAULT_PASSWORD),
            ),
        )
        if iproute.link_exists(state.bridge or ""):
            raise LabError(f"bridge {state.bridge} already exists on the host; pick another lab name (--name)")
        return StateJournal(state)

    def _build(self, topology: Topology, journal: StateJournal, username: str, password: str, progress: Progress,
               lldp_tools: dict[str, lldp.LldpTools | None], roots: dict[str, str | None]) -> set[str]:
        """Make and boot every node; return those already ready when their boot finished."""
        state = journal.state
        lab_dir = Path(state.lab_dir or "")
        (lab_dir / "nodes").mkdir(parents=True, exist_ok=True)
        os.chmod(lab_dir, 0o755)
        public_key = credentials.make_keypair(lab_dir / "id_ed25519", f"netassess-lab-{state.name}")
        host_key = credentials.make_keypair(lab_dir / "ssh_host_ed25519_key", f"netassess-lab-{state.name}-host")
        credentials.write_known_hosts(lab_dir / "known_hosts", host_key, [str(n.mgmt_ipv4) for n in topology.nodes.values()])
        accounts = LabAccounts(username, credentials.hash_password(password), credentials.AUTOMATION_USER, public_key)

        workers = min(8, max(1, len(topology.nodes)))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for _ in pool.map(lambda n: self._prepare_node(topology, journal, n, accounts, lab_dir, progress,
                                                           n.name in lldp_tools, roots.get(n.name)),
                              topology.nodes.values()):
                pass
        ns_of = {n: state.nodes[n].namespace for n in topology.nodes}
        iproute.batch("".join(
            iproute.veth_lines(ns_of[link.a.device], link.a.interface, ns_of[link.b.device], link.b.interface)
            for link in topology.links
        ))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            booted = list(pool.map(lambda n: self._boot_node(topology, journal, n, progress, lldp_tools.get(n.name)),
                                   topology.nodes.values()))
        return {name for name, ready in zip(topology.nodes, booted, strict=True) if ready}

    def _paths(self, lab_dir: Path, node: Node, ns: str, rootfs: str | None) -> NodePaths:
        node_dir = lab_dir / "nodes" / node.name
        if rootfs:  # everything the node writes stays in the lab dir: nothing under the host's /etc or /run
            return NodePaths(node_dir, node_dir / "etc-frr", node_dir / "run-frr", NodeRoot(Path(rootfs), node_dir, lab_dir))
        if node.role == "router":
            return NodePaths(node_dir, FRR_ETC / ns, FRR_RUN / ns)
        return NodePaths(node_dir, node_dir / "etc-frr", node_dir / "run-frr")

    def _prepare_node(
        self, topology: Topology, journal: StateJournal, node: Node, accounts: LabAccounts, lab_dir: Path, progress: Progress,
        runs_lldpd: bool, rootfs: str | None,
    ) -> None:
        state = journal.state
        ns = topology.container_name(node.name, state.name)
        paths = self._paths(lab_dir, node, ns, rootfs)
        host_if = iproute.short_name("nav", state.name, node.name)
        interfaces = [ep.interface for link in topology.links for ep in link.endpoints if ep.device == node.name]

        def record(s: LabState) -> None:
            s.nodes[node.name] = NodeState(
                name=node.name, kind=node.role, platform=node.platform, clab_kind=node.kind, image=node.image,
                group=node.group, labels=node.labels, namespace=ns, pathspace=ns if node.role == "router" else None,
                mgmt_ipv4=str(node.mgmt_ipv4), interfaces=["eth0", *interfaces], host_veth=host_if,
                node_dir=str(paths.node_dir), rootfs=rootfs,
            )
            s.namespaces.append(ns)
            s.host_links.append(host_if)
            if node.role == "router" and not rootfs:
                s.dirs.extend([str(paths.etc_frr), str(paths.run_frr)])

        journal.record(record)
        progress(node.name, "namespace")
        paths.node_dir.mkdir(parents=True, exist_ok=True)
        if paths.root:
            paths.root.prepare()
        write_accounts(node, paths, accounts, lldp=runs_lldpd)
        if runs_lldpd:
            lldp.write_config(paths.node_dir)
        if node.role == "router":
            write_frr_dirs(node, paths, accounts, pathspace=ns)
        else:
            write_empty_frr_dirs(paths)
        write_sshd_config(node, paths, accounts, lab_dir / "ssh_host_ed25519_key")
        claim_namespace(journal, ns)
        iproute.mgmt_veth(host_if, state.bridge or "", ns)
        ovs_run = switch.run_dir(paths.node_dir) if node.role == "switch" else None
        if ovs_run:
            ovs_run.mkdir(exist_ok=True)
        anchor = start_anchor(ns, anchor_script(node, paths, lldp.run_dir(paths.node_dir) if runs_lldpd else None, ovs_run))
        journal.record(lambda s: s.nodes[node.name].pids.update(anchor=anchor))

    def _boot_node(
        self, topology: Topology, journal: StateJournal, node: Node, progress: Progress, tools: lldp.LldpTools | None
    ) -> bool:
        """Boot one node; True if it is ready already. Its daemons are up when their ``-d`` start
        returns, so one look now, while other nodes boot, usually spares ``wait_ready`` the node."""
        ns_state = journal.state.nodes[node.name]
        prefix = topology.mgmt_subnet.prefixlen
        lines = ["link set lo up", f"addr add {ns_state.mgmt_ipv4}/{prefix} dev eth0", "link set eth0 up"]
        lines += [f"link set {i} up" for i in ns_state.interfaces if i != "eth0"]
        iproute.batch("\n".join(lines) + "\n", netns=ns_state.namespace)
        paths = self._paths(Path(journal.state.lab_dir or ""), node, ns_state.namespace, ns_state.rootfs)
        daemons = daemon_set(node, paths.base) if node.role == "router" else []
        script = paths.node_dir / "boot.sh"
        services = switch.boot_lines(topology, node, paths.node_dir) if node.role == "switch" else []
        services += lldp.boot_lines(tools, paths.node_dir) if tools else []
        script.write_text(boot_script(node, paths, daemons, pathspace=ns_state.pathspace, services=services))
        new_boot_log(paths)
        progress(node.name, "frr" if daemons else "sshd")
        anchor = ns_state.pids["anchor"]
        proc = subprocess.run(["nsenter", "-t", str(anchor), "-n", "-m", "-u", *enter_flags(ns_state), "--", "sh", str(script)],
                              capture_output=True, text=True, timeout=120)
        # up tears the lab (and boot.log) down after an error, so its last line goes in the message
        if proc.returncode != 0:
            raise LabError(f"node {node.name}: boot failed (exit {proc.returncode}): "
                           f"{log_tail(paths.node_dir / 'boot.log') or proc.stderr.strip()}")
        pids: dict[str, int] = {}
        daemon = ""
        try:
            for daemon in daemons:
                pids[daemon] = read_pid(paths.run_frr / f"{daemon}.pid")
            daemon = ""
            pids["sshd"] = read_pid(paths.sshd_pid)
            for d, pid_file in (switch.pid_files(paths.node_dir) if node.role == "switch" else {}).items():
                pids[d] = read_pid(pid_file)
            if tools:
                pids["lldpd"] = read_pid(paths.node_dir / "lldpd.pid")
        except LabError as exc:  # the daemon's own log says why it went, where it got that far
            own = log_tail(paths.run_frr / f"{daemon}.log") if daemon else ""
            raise LabError(f"node {node.name}: {exc}; boot.log: {log_tail(paths.node_dir / 'boot.log') or 'empty'}"
                           f"{f'; {daemon}.log: {own}' if own else ''}") from None
        problems = boot_problems(node.name, paths.node_dir / "boot.log")
        client = tools.client() if tools else None
        def node_started(s: LabState) -> None:
            s.nodes[node.name].pids.update(pids)
            s.warnings.extend(problems)
            s.nodes[node.name].lldpcli = client

        journal.record(node_started)
        progress(node.name, "started")
        if node_health(journal.state.nodes[node.name]).ready:
            progress(node.name, "ready")
            return True
        return False

    # ---- down -----------------------------------------------------------------------------
    def down(self, name: str) -> None:
        require_netns(need_frr=False)
        state = load_state(name)
        busy = up_in_progress(state)
        if busy is not None:
            raise LabError(f"lab {name} is still being brought up by process {busy}; wait for it, or interrupt it "
                           f"(kill {busy}: it removes what it made), then run `netassess lab down {name}` if anything is left")
        problems = _teardown(state)
        if problems:
            raise LabError(f"lab {name}: down incomplete: {'; '.join(problems)}; run `netassess lab down {name}` again")


def claim_namespace(journal: StateJournal, ns: str) -> None:
    """Create a node's netns, already recorded in the state. If it exists by now (another lab
    claimed the name after our preflight, e.g. two labs with ``prefix: ""``), it is not ours:
    drop it from the state so our teardown never deletes it or kills what runs in it."""
    try:
        iproute.netns_add(ns)
    except LabError:
        if ns in iproute.netns_list():
            journal.record(lambda s: s.namespaces.remove(ns) if ns in s.namespaces else None)
        raise


_LOCK_FILE = Path("/run/lock/netassess-lab.lock")


@contextmanager
def _host_lock() -> Iterator[None]:
    """A host-wide lock around the checks and the claim of a lab's names and subnet."""
    _LOCK_FILE.parent.mkdir(parents=True, exist_ok=True)
    with open(_LOCK_FILE, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)




def _teardown(state: LabState) -> list[str]:
    """``teardown``, then forget the anchors it reaped: poll() marks them done (teardown's waitpid
    already collected them), so they are neither kept forever nor reported as still running at exit."""
    problems = teardown(state)
    _CHILDREN[:] = [proc for proc in _CHILDREN if proc.poll() is None]
    return problems
