"""LLDP in the built-in lab: one lldpd per node that asks for it, so ``get_lldp_neighbors`` and
cabling checks see the topology's links as a real rack's switches would.

Asking: the node label ``netassess.lldp: "on"`` (it inherits through containerlab's defaults,
kinds and groups like any label), or ``netassess lab up --lldp`` for every node; ``"off"`` on a
node wins over the flag. Off by default: lldpd costs about 10 MB RSS per node.

Where lldpd comes from: Debian's package starts a host-wide service that would speak LLDP on the
host's own ports, so ``make lldpd`` unpacks the .deb into /opt/netassess/lldpd instead (nothing
is started, no host account is made). ``$NETASSESS_LLDPD_ROOT`` points elsewhere; a host install
is used when its lldpcli is executable by the lab's unprivileged users.

Inside a node: /run/lldpd is private (bound from the node dir; it is lldpd's chroot and holds
its socket), lldpd runs in the foreground (``-d``: it then writes no pid file in the host's /run),
on every interface but eth0 (the management bridge belongs to the host), with interface names as
port IDs and a frame every 5 s so recabling shows within seconds. Its config comes from the node
dir (``-O``), never from the host's /etc/lldpd.d. The automation user is in the node's private
``_lldpd`` group, which owns the socket.
"""

from __future__ import annotations

import os
import shlex
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path

from netassess.errors import EnvironmentProblem, SpecError
from netassess.lab.state import LabState
from netassess.lab.topology import Node

LABEL = "netassess.lldp"
ROOT_ENV = "NETASSESS_LLDPD_ROOT"
DEFAULT_ROOT = Path("/opt/netassess/lldpd")
HOST_TOOLS = (Path("/usr/sbin/lldpd"), Path("/usr/sbin/lldpcli"))  # Debian's package, if installed

RUN_DIR = "/run/lldpd"  # lldpd's compiled-in privilege-separation chroot
SOCKET = f"{RUN_DIR}/lldpd.socket"
TX_INTERVAL = 5
_ON, _OFF = {"on", "true", "yes", "1"}, {"off", "false", "no", "0"}


@dataclass(frozen=True)
class LldpTools:
    lldpd: Path
    lldpcli: Path  # runnable by any user (the unpacked tree's wrapper sets LD_LIBRARY_PATH)

    def client(self) -> str:
        """The command that reaches a node's lldpd from inside the node."""
        return f"{shlex.quote(str(self.lldpcli))} -u {SOCKET}"


IMAGE_TOOLS = LldpTools(*HOST_TOOLS)  # a lab image's own lldpd; its lldpcli is made runnable by all at build


def wanted(node: Node, lab_wide: bool) -> bool:
    """Does this node run lldpd? SpecError for a label value that is neither on nor off."""
    value = node.labels.get(LABEL)
    if value is None:
        return lab_wide
    if value.strip().lower() in _ON:
        return True
    if value.strip().lower() in _OFF:
        return False
    raise SpecError(f"node {node.name}: label {LABEL}: {value!r} is neither \"on\" nor \"off\"")


def _runnable_by_all(path: Path) -> bool:
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return stat.S_ISREG(mode) and bool(mode & stat.S_IXOTH)


def find_tools() -> LldpTools | str:
    """lldpd and a lldpcli any lab user can run, or the one-line reason there are none."""
    roots = [Path(os.environ[ROOT_ENV])] if os.environ.get(ROOT_ENV) else []
    roots.append(DEFAULT_ROOT)
    for root in roots:
        lldpd, lldpcli = root / "usr/sbin/lldpd", root / "bin/lldpcli"
        if lldpd.is_file() and _runnable_by_all(lldpcli):
            return LldpTools(lldpd, lldpcli)
    host_lldpd, host_cli = HOST_TOOLS
    if host_lldpd.is_file() and _runnable_by_all(host_cli):
        return LldpTools(host_lldpd, host_cli)
    where = " or ".join(str(r) for r in roots)
    return (f"LLDP needs lldpd, found in neither {where} nor /usr/sbin (with an lldpcli lab users may run): "
            "run `make lldpd`, which unpacks Debian's lldpd without starting a host service")


def require_tools() -> LldpTools:
    found = find_tools()
    if isinstance(found, str):
        raise EnvironmentProblem(found)
    return found


def run_dir(node_dir: Path) -> Path:
    """The host directory bound over the node's /run/lldpd."""
    return node_dir / "run-lldpd"


def socket_path(node_dir: Path) -> Path:
    """The node's lldpd socket as seen from the host."""
    return run_dir(node_dir) / "lldpd.socket"


def write_config(node_dir: Path) -> Path:
    """lldpd's start-up commands for this node (read with ``-O``, in place of /etc/lldpd.d)."""
    run_dir(node_dir).mkdir(parents=True, exist_ok=True)
    os.chmod(run_dir(node_dir), 0o755)
    conf = node_dir / "lldpd.conf"
    conf.write_text(f"configure lldp portidsubtype ifname\nconfigure lldp tx-interval {TX_INTERVAL}\n")
    os.chmod(conf, 0o644)
    return conf


def boot_lines(tools: LldpTools, node_dir: Path) -> list[str]:
    """Shell lines for the node's boot script: start lldpd in the background, record its PID."""
    log = shlex.quote(str(node_dir / "lldpd.log"))
    conf = shlex.quote(str(node_dir / "lldpd.conf"))
    argv = (f"{shlex.quote(str(tools.lldpd))} -d -u {SOCKET} -I '*,!eth0' "
            f"-L {shlex.quote(str(tools.lldpcli))} -O {conf}")
    return [
        f"mkdir -p {RUN_DIR}/etc",
        f"{argv} </dev/null >{log} 2>&1 &",
        f"echo $! > {shlex.quote(str(node_dir / 'lldpd.pid'))}",
    ]


def announce(state: LabState) -> None:
    """Every lldpd sends a frame now that all of them listen: one started before its neighbour's
    would otherwise leave that neighbour blind until the next interval."""
    for node in state.nodes.values():
        if node.lldpcli and "anchor" in node.pids:
            try:
                subprocess.run(["nsenter", "-t", str(node.pids["anchor"]), "-n", "-m", *(["-r", "-w"] if node.rootfs else []), "--",
                                "sh", "-c", f"{node.lldpcli} update"], capture_output=True, timeout=10, check=False)
            except subprocess.TimeoutExpired:  # a nudge, not a requirement: the next interval sends anyway
                continue
