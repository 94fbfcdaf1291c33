"""What a node's boot left behind: the problems in its boot log, the log's last word, its daemons' PIDs.
Read by the netns runtime after each node's boot script has run."""

from __future__ import annotations

import time
from pathlib import Path

from netassess.errors import LabError
from netassess.lab.node_files import mask_secrets


def boot_problems(node: str, log: Path, limit: int = 5) -> list[str]:
    """Startup-config errors (vtysh's ``% …`` lines) and failed ``exec`` commands, for the user to see."""
    try:
        lines = log.read_text().splitlines()
    except OSError:
        return []
    bad = [ln.strip() for ln in lines if ln.lstrip().startswith(("%", "line ")) or "exec failed" in ln
           or "startup config had errors" in ln]
    return [f"{node}: {mask_secrets(ln)[:200]}" for ln in bad[:limit]]


def log_tail(log: Path) -> str:
    """The last line of a node's boot log, secrets masked ('' if there is none)."""
    try:
        lines = [ln for ln in log.read_text().splitlines() if ln.strip()]
    except OSError:
        return ""
    return mask_secrets(lines[-1].strip())[:200] if lines else ""


def read_pid(path: Path, timeout: float = 15.0) -> int:
    """A daemon's PID from its pid file. FRR writes it once started up, which took over 5 s for
    one of eight nodes booting at once on a loaded 2-core machine: a slow start is not a failure."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return int(path.read_text().strip())
        except (OSError, ValueError):
            if time.monotonic() > deadline:
                raise LabError(f"{path} did not appear within {timeout:.0f}s: the daemon did not start") from None
            time.sleep(0.05)
