"""The anchor: the small process that owns a node's mount and UTS namespaces (and, on an image, sits
inside the node's own root), started inside its network namespace. ``up`` waits for its "ready"."""

from __future__ import annotations

import os
import select
import signal
import subprocess

from netassess.errors import LabError
from netassess.lab.teardown import ANCHOR_ENV

ANCHOR_TIMEOUT = 20.0  # seconds for a node's anchor to mount its files and say "ready"
CHILDREN: list[subprocess.Popen[str]] = []  # anchors started by this process, reaped after down


def start_anchor(ns: str, script: str) -> int:
    """Start the process that owns the node's mount + UTS namespaces; return once its binds are in place."""
    proc = subprocess.Popen(
        ["ip", "netns", "exec", ns, "unshare", "--mount", "--uts", "--propagation", "private", "--", "sh", "-c", script],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        env={**os.environ, ANCHOR_ENV: ns},  # lets `down` tell our anchor from a reused PID
    )
    assert proc.stdout is not None and proc.stderr is not None
    ready, _, _ = select.select([proc.stdout], [], [], ANCHOR_TIMEOUT)  # a hung mount must not hang `up`
    if not ready:
        os.killpg(proc.pid, signal.SIGKILL)  # its own session: the script and whatever it started
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:  # stuck in the kernel (a hung mount): reaped later, with the others
            CHILDREN.append(proc)
        proc.stdout.close()
        proc.stderr.close()
        raise LabError(f"node namespace {ns}: setup did not finish within {ANCHOR_TIMEOUT:.0f}s (bind mounts hung?)")
    line = proc.stdout.readline().strip()
    proc.stdout.close()
    if line != "ready":
        err = proc.stderr.read().strip().splitlines()
        proc.stderr.close()
        proc.wait(timeout=5)
        raise LabError(f"node namespace {ns}: setup failed: {err[-1] if err else 'no output'}")
    proc.stderr.close()
    CHILDREN.append(proc)
    return proc.pid

