"""The containerlab runtime: ``containerlab deploy -t`` / ``destroy -t`` when containerlab and a
docker engine are present, and the inventory containerlab writes
(``clab-<lab>/nornir-simple-inventory.yml``) imported into a ``LabState``.

Containerlab's inventory calls every ``kind: linux`` node ``platform: linux``; nodes whose image is
FRR are routers, so they are mapped to the ``frr`` platform here (the FRR NAPALM driver then reaches
them with ``docker exec``, since FRR images run no sshd).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from netassess.errors import EnvironmentProblem, LabError, SpecError
from netassess.lab.runtime import RUNTIMES, Progress
from netassess.lab.state import Credentials, LabState, NodeState, load_state, remove_state, save_state, state_path
from netassess.lab.topology import Topology, load_topology
from netassess.platforms import napalm_platform
from netassess.safe_yaml import LOAD_ERRORS, describe, safe_load_file

INVENTORY_FILE = "nornir-simple-inventory.yml"
Runner = Callable[[Sequence[str]], subprocess.CompletedProcess[str]]


def _run(argv: Sequence[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(argv), capture_output=True, text=True, timeout=1800)


def deploy_argv(topology: Path, *, name: str | None = None, reconfigure: bool = False) -> list[str]:
    argv = ["containerlab", "deploy", "-t", str(topology)]
    if name:
        argv += ["--name", name]
    if reconfigure:
        argv.append("--reconfigure")
    return argv


def destroy_argv(topology: Path, *, name: str | None = None, cleanup: bool = True) -> list[str]:
    argv = ["containerlab", "destroy", "-t", str(topology)]
    if name:
        argv += ["--name", name]
    if cleanup:
        argv.append("--cleanup")
    return argv


def lab_directory(topology: Topology, lab: str) -> Path:
    """Containerlab writes its lab directory next to the topology file."""
    return topology.path.parent / f"clab-{lab}"


def import_inventory(path: Path, topology: Topology, lab: str) -> dict[str, NodeState]:
    """Read containerlab's Nornir inventory; FRR-image nodes become ``platform: frr`` routers."""
    try:
        raw = safe_load_file(path) or {}
    except FileNotFoundError:
        raise LabError(f"{path}: containerlab did not write its Nornir inventory; is containerlab ≥ 0.40?") from None
    except LOAD_ERRORS as exc:
        raise LabError(describe(path, exc)) from None
    if not isinstance(raw, dict):
        raise LabError(f"{path}: expected a mapping of hosts, got {type(raw).__name__}")
    nodes: dict[str, NodeState] = {}
    for host, data in raw.items():
        data = data or {}
        node = topology.nodes.get(str(host))
        clab_platform = str(data.get("platform", node.kind if node else "linux"))
        if node is not None and node.platform == "frr":
            platform, role = "frr", "router"
        else:
            platform = napalm_platform(clab_platform) or clab_platform
            role = "host" if platform == "linux" else "router"
        groups = data.get("groups") or []
        nodes[str(host)] = NodeState(
            name=str(host),
            kind=role,  # type: ignore[arg-type]
            platform=platform,
            clab_kind=node.kind if node else clab_platform,
            image=node.image if node else None,
            group=(node.group if node and node.group else (groups[0] if groups else None)),
            labels=dict(node.labels) if node else {},
            namespace=topology.container_name(str(host), lab),
            mgmt_ipv4=str(data.get("hostname", "")),
            interfaces=["eth0", *sorted(ep.interface for link in topology.links for ep in link.endpoints if ep.device == host)],
        )
    missing = sorted(set(topology.nodes) - set(nodes))
    if missing:
        raise LabError(f"{path}: containerlab's inventory lacks node(s) {', '.join(missing)}")
    return nodes


def login_user(path: Path) -> str | None:
    """The username containerlab recorded for the lab's nodes, if any (passwords are not copied)."""
    try:
        raw = safe_load_file(path) or {}
    except LOAD_ERRORS:
        return None
    if not isinstance(raw, dict):
        return None
    users = {str(d.get("username")) for d in raw.values() if isinstance(d, dict) and d.get("username")}
    return users.pop() if len(users) == 1 else None


@RUNTIMES.register("containerlab")
class ContainerlabRuntime:
    """Real containerlab (docker). Any containerlab kind; the lab is containerlab's to manage."""

    name = "containerlab"

    def __init__(self, run: Runner | None = None) -> None:
        self.run = run or _run

    def problem(self) -> str | None:
        if shutil.which("containerlab") is None:
            return "containerlab is not installed: see https://containerlab.dev/install/ (or use --runtime netns)"
        if shutil.which("docker") is None or self.run(["docker", "info", "--format", "{{.ServerVersion}}"]).returncode != 0:
            return "containerlab needs a running docker engine: start docker (or use --runtime netns)"
        return None

    def _check(self, argv: Sequence[str]) -> subprocess.CompletedProcess[str]:
        proc = self.run(argv)
        if proc.returncode != 0:
            detail = (proc.stderr or proc.stdout or "").strip().splitlines()
            raise LabError(f"`{' '.join(argv)}` failed: {detail[-1] if detail else f'exit {proc.returncode}'}")
        return proc

    def up(
        self,
        topology: Topology | Path | str,
        *,
        name: str | None = None,
        mgmt_subnet: str | None = None,
        wait: float = 60,
        progress: Progress | None = None,
        reconfigure: bool = False,
        **_ignored: Any,
    ) -> LabState:
        problem = self.problem()
        if problem:
            raise EnvironmentProblem(problem)
        if mgmt_subnet is not None:
            raise SpecError("--mgmt-subnet is for the netns runtime; under containerlab set mgmt.ipv4-subnet in the topology")
        if not isinstance(topology, Topology) or topology.runtime != self.name:
            topology = load_topology(topology.path if isinstance(topology, Topology) else Path(topology), runtime=self.name)
        lab = name or topology.name
        if state_path(lab).exists() and not reconfigure:
            from netassess.lab.runtimes.netns import LabAlreadyUp

            raise LabAlreadyUp(load_state(lab))
        if progress:
            for node in topology.nodes:
                progress(node, "deploy")
        self._check(deploy_argv(topology.path, name=name, reconfigure=reconfigure))
        inv = lab_directory(topology, lab) / INVENTORY_FILE
        nodes = import_inventory(inv, topology, lab)
        state = LabState(
            name=lab,
            topology=str(topology.path),
            runtime=self.name,
            status="up",
            mgmt_subnet=str(topology.mgmt_subnet),
            lab_dir=str(lab_directory(topology, lab)),
            links=[[str(link.a), str(link.b)] for link in topology.links],
            nodes=nodes,
            credentials=Credentials(login_user=login_user(inv) or "admin", key_file=None, known_hosts=None),
        )
        save_state(state)
        if progress:
            for node in nodes:
                progress(node, "ready")
        return state

    def down(self, name: str) -> None:
        state = load_state(name)
        self._check(destroy_argv(Path(state.topology), name=state.name))
        remove_state(name)
