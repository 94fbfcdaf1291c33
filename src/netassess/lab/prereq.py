"""What the netns runtime needs from this machine, checked before anything is created.
Each problem is one line naming the exact command that fixes it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from netassess.errors import EnvironmentProblem

# tool → Debian package providing it
_TOOLS = {
    "ip": "iproute2",
    "unshare": "util-linux",
    "nsenter": "util-linux",
    "sshd": "openssh-server",
    "ssh-keygen": "openssh-client",
    "vtysh": "frr",
    "openssl": "openssl",
}


def _which(tool: str) -> str | None:
    return shutil.which(tool) or next((p for p in (f"/usr/sbin/{tool}", f"/sbin/{tool}") if os.access(p, os.X_OK)), None)


def netns_problem(need_frr: bool = True) -> str | None:
    """The first reason the netns runtime cannot run here, or None."""
    if os.geteuid() != 0:
        return "the built-in lab needs root (network namespaces, bind mounts): run it with sudo"
    missing = sorted({pkg for tool, pkg in _TOOLS.items() if _which(tool) is None and (need_frr or pkg != "frr")})
    if need_frr and not Path("/usr/lib/frr/zebra").exists():
        missing = sorted(set(missing) | {"frr"})
    if missing:
        return f"missing {', '.join(missing)}: run `apt-get install -y {' '.join(missing)}`"
    if not Path("/proc/self/ns/net").exists():
        return "this kernel has no network namespaces; the built-in lab cannot run here (use --runtime containerlab)"
    return None


def require_netns(need_frr: bool = True) -> None:
    problem = netns_problem(need_frr)
    if problem:
        raise EnvironmentProblem(problem)


def tool_path(tool: str) -> str:
    path = _which(tool)
    if path is None:
        raise EnvironmentProblem(f"{tool} not found: run `apt-get install -y {_TOOLS.get(tool, tool)}`")
    return path
