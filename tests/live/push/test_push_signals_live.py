"""SIGINT/SIGTERM sent to a real ``netassess push`` subprocess at several moments, against a real
built-in lab: afterwards every router is either untouched or rolled back, byte-identical to before
(exit 130, or the signal's default action if it came before the command began), or, only when the
signal came after the last commit, the push stands whole (exit 0)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from netassess.lab.node_exec import vtysh
from netassess.lab.state import LabState
from netassess.push import assume_yes, push_stage
from netassess.spec.loader import load_task

pytestmark = pytest.mark.live

REPO = Path(__file__).resolve().parents[3]
TASK = REPO / "tasks/s2-ospf-triangle.yaml"
ROUTERS = ("r1", "r2", "r3")
PREPARE = "device(s): backing up"  # the push's own progress lines (stdout)


def running(lab: LabState) -> dict[str, str]:
    return {node: vtysh(lab, node, "show running-config") for node in ROUTERS}


def push_and_signal(lab: LabState, backups: Path, signum: int, marker: str | None, delay: float,
                    workers: int) -> tuple[int, str, str]:
    """Run the CLI push of the solution stage; send ``signum`` once ``marker`` is printed (else
    ``delay`` s after start); return (exit code, stdout, stderr)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "netassess", "push", str(TASK), "--stage", "solution", "--lab", lab.name, "--yes",
         "--workers", str(workers), "--backup-dir", str(backups)],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ},
    )
    err: list[str] = []
    reader = threading.Thread(target=lambda: err.append(proc.stderr.read()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    out: list[str] = []
    sent = False
    if marker is None:
        threading.Timer(delay, lambda: proc.poll() is None and proc.send_signal(signum)).start()
        sent = True
    for line in proc.stdout:  # type: ignore[union-attr]
        out.append(line)
        if not sent and marker in line:
            proc.send_signal(signum)
            sent = True
    code = proc.wait(timeout=180)
    reader.join(timeout=10)
    return code, "".join(out), "".join(err)


# (signal, marker to wait for or None for a delay, delay s, workers): before any commit, mid-commit of
# the first device, after one device committed (serial), mid-commit with one committed, and mid-commit
# across devices committing in parallel; then timed moments that may fall anywhere, even after the end.
MOMENTS = [
    (signal.SIGINT, PREPARE, 0.0, 1),
    (signal.SIGTERM, "r1: committing", 0.0, 1),
    (signal.SIGINT, "r1: committed", 0.0, 1),
    (signal.SIGTERM, "r2: committing", 0.0, 1),
    (signal.SIGINT, "committing", 0.0, 3),
    (signal.SIGTERM, "r2: committed", 0.0, 3),
    (signal.SIGTERM, None, 2.5, 3),
    (signal.SIGINT, None, 3.5, 3),
    (signal.SIGTERM, None, 4.5, 3),
    (signal.SIGINT, None, 5.5, 1),
    (signal.SIGTERM, None, 7.0, 1),
]


def test_signals_at_every_moment_leave_each_router_untouched_or_rolled_back(triangle: LabState,
                                                                             tmp_path: Path) -> None:
    lab = triangle
    loaded = load_task(TASK)
    push_stage(loaded, "solution", lab=lab.name, confirm=assume_yes, backup_root=tmp_path)
    pushed = running(lab)  # the solution stage, whole: what an exit 0 must leave
    outcomes = []
    for signum, marker, delay, workers in MOMENTS:
        push_stage(loaded, "setup", lab=lab.name, confirm=assume_yes, backup_root=tmp_path)
        before = running(lab)
        assert before != pushed
        code, out, err = push_and_signal(lab, tmp_path / "cli", signum, marker, delay, workers)
        after = running(lab)
        moment = f"{signal.Signals(signum).name} at {marker or f'{delay}s'} (workers {workers}): exit {code}"
        if code == -signum and " pushed: " in out and after == pushed:
            # the push had finished and said so; the signal reached the interpreter while it exited (Python
            # restores the default handlers then): the push stands whole, as a late signal's would
            moment += " (after the push ended, during exit: the push stands)"
        elif code in (130, -signum):  # -signum: the default action, before the command installed its handlers
            assert after == before, f"{moment}: a router is neither untouched nor rolled back\n{out}\n{err}"
            if PREPARE in out:  # the push had begun: it says what it undid, in one line
                assert code == 130 and "Traceback" not in err, f"{moment}\n{err}"
                assert f"error: push solution interrupted by {signal.Signals(signum).name}" in err, moment
            else:
                moment += " (before the push began)"
            if marker and marker.endswith("committed"):
                assert "rolled back" in out, f"{moment}: a committed device was not rolled back\n{out}"
        else:
            assert marker is None and code == 0, f"{moment}\n{out}\n{err}"  # only a timed signal can come too late
            assert after == pushed, f"{moment}: exit 0 but the push is not whole"
            moment += " (after the last commit: the push stands)" if "arrived after the last commit" in out \
                else " (the push had ended)"
        outcomes.append((moment, code))
    interrupted = [m for m, c in outcomes if c == 130 and "before the push began" not in m]
    assert len(interrupted) >= 6, outcomes  # every marker-timed signal came before the push ended
    print("\n".join(m for m, _ in outcomes))
