"""The per-lab JSON state file: the single record of what a runtime created.

``up`` writes each resource here *before* creating it, so ``down`` can remove exactly that,
even after a crash half way through ``up``. Writes are atomic (temp file + rename) and
serialised by a lock because nodes come up in parallel threads.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from netassess.errors import LabError

STATE_ENV = "NETASSESS_STATE_DIR"
SCHEMA_VERSION = 1


def state_dir() -> Path:
    """``$NETASSESS_STATE_DIR``, else /var/lib/netassess/labs as root, else the user's state dir."""
    env = os.environ.get(STATE_ENV)
    if env:
        return Path(env)
    if os.geteuid() == 0:
        return Path("/var/lib/netassess/labs")
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local/state")
    return Path(base) / "netassess" / "labs"


class Credentials(BaseModel):
    """Who can log in to the lab's nodes. Holds names and key paths only, never a password."""

    model_config = ConfigDict(extra="forbid")
    login_user: str = "admin"  # lands in vtysh on routers (password + the lab key), bash on hosts
    automation_user: str = "netassess"  # Linux shell in every node, key only
    key_file: str | None = None  # per-lab private key (0600), accepted for both users
    known_hosts: str | None = None  # the lab's host key for every mgmt address
    password_is_default: bool = True  # True: the documented default (admin) is in use


class NodeState(BaseModel):
    """One running node as recorded by the runtime."""

    model_config = ConfigDict(extra="forbid")
    name: str
    kind: Literal["router", "host", "switch"]
    platform: str  # 'frr' | 'linux' (netns); NOS platform names under containerlab
    clab_kind: str = "linux"
    image: str | None = None
    group: str | None = None
    labels: dict[str, str] = Field(default_factory=dict)
    namespace: str
    pathspace: str | None = None  # FRR -N name: `vtysh -N <pathspace>` on the host reaches this router
    mgmt_ipv4: str
    interfaces: list[str] = Field(default_factory=list)
    pids: dict[str, int] = Field(default_factory=dict)  # anchor, zebra, ospfd…, sshd
    host_veth: str | None = None  # host side of the node's eth0, enslaved to the mgmt bridge
    node_dir: str | None = None  # per-node files: passwd/shadow/group, sshd config, boot script, logs
    rootfs: str | None = None  # the image root (overlay lower layer) the node runs on; None: the host's filesystem
    lldpcli: str | None = None  # the command that reaches this node's lldpd from inside it (None: no lldpd)


class PodInfo(BaseModel):
    """Set when the lab is one candidate's pod of a cohort (``lab up TASK --pods``)."""

    model_config = ConfigDict(extra="forbid")
    task: str  # task id
    task_path: str  # the task file the pod was built from (``run --pods`` assesses against it)
    candidate: str


class LabState(BaseModel):
    """Everything about one lab that ``status``, ``inventory`` and ``down`` need."""

    model_config = ConfigDict(extra="forbid")
    schema_version: int = SCHEMA_VERSION
    name: str
    topology: str
    runtime: str
    status: Literal["starting", "up", "failed", "stopping"] = "starting"
    created: datetime = Field(default_factory=lambda: datetime.now(UTC))
    up_pid: int | None = None  # the process running `up`, until the lab is up
    up_pid_started: int | None = None  # its start time (clock ticks after boot): a reused PID is not it
    mgmt_subnet: str
    mgmt_gateway: str | None = None
    bridge: str | None = None
    lab_dir: str | None = None
    namespaces: list[str] = Field(default_factory=list)
    host_links: list[str] = Field(default_factory=list)
    dirs: list[str] = Field(default_factory=list)  # removed on down (FRR pathspace dirs, lab dir)
    links: list[list[str]] = Field(default_factory=list)  # [["r1:eth1", "r2:eth1"], …]
    nodes: dict[str, NodeState] = Field(default_factory=dict)
    credentials: Credentials = Field(default_factory=Credentials)
    warnings: list[str] = Field(default_factory=list)  # startup-config errors, failed exec commands
    pod: PodInfo | None = None  # whose pod this is, when it is one


def state_path(name: str) -> Path:
    return state_dir() / f"{name}.json"


def save_state(state: LabState) -> None:
    path = state_path(state.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".json.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(state.model_dump_json(indent=2))
    os.replace(tmp, path)


def load_state(name: str) -> LabState:
    path = state_path(name)
    try:
        return LabState.model_validate_json(path.read_text())
    except FileNotFoundError:
        known = ", ".join(s.name for s in list_labs()) or "none"
        raise LabError(f"no lab named {name!r} in {state_dir()} (labs: {known}); start one with `netassess lab up FILE`") from None
    except ValueError as exc:
        raise LabError(f"{path}: unreadable lab state ({str(exc).splitlines()[0]}); remove it by hand") from None


def list_labs() -> list[LabState]:
    """Every lab with a state file, by name. Unreadable files are skipped."""
    out: list[LabState] = []
    directory = state_dir()
    if not directory.is_dir():
        return out
    for path in sorted(directory.glob("*.json")):
        try:
            out.append(LabState.model_validate_json(path.read_text()))
        except (OSError, ValueError):
            continue
    return out


def remove_state(name: str) -> None:
    state_path(name).unlink(missing_ok=True)


class StateJournal:
    """Thread-safe ``record → save`` for a lab being built: call ``record`` before creating."""

    def __init__(self, state: LabState) -> None:
        self.state = state
        self._lock = threading.Lock()
        save_state(state)

    def record(self, mutate: Callable[[LabState], None]) -> None:
        with self._lock:
            mutate(self.state)
            save_state(self.state)

    def node(self, name: str) -> NodeState:
        return self.state.nodes[name]



def process_started(pid: int) -> int | None:
    """A process's start time in clock ticks after boot (/proc/PID/stat field 22); None if it is gone
    or a zombie (dead, waiting for its parent to collect it)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return None if fields[0] == "Z" else int(fields[19])


def up_in_progress(state: LabState) -> int | None:
    """The PID of another process still running ``up`` for this lab, else None."""
    pid = state.up_pid
    if state.status != "starting" or pid is None or pid == os.getpid():
        return None
    started = process_started(pid)
    return pid if started is not None and started == state.up_pid_started else None
