"""Issue 9, item 7, the interrupts that change things: Ctrl-C during `push` and Ctrl-C / SIGTERM
during `lab up`. Each on a lab of its own, since a push rewrites configs and an interrupted `up`
must leave nothing behind at all."""

from __future__ import annotations

import importlib.util
import secrets
import signal
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fault_tools import NETASSESS, ROUTERS, Run, node_processes, running_configs, wait_for

from netassess.lab import firewall
from netassess.lab.state import LabState, load_state, state_path

pytestmark = pytest.mark.live
REPO = Path(__file__).resolve().parents[3]
TRIANGLE = REPO / "containerlab" / "triangle.clab.yml"


def _lifecycle_checks():  # type: ignore[no-untyped-def]
    """tests/live/lab's own definition of "nothing left behind", reused rather than restated."""
    spec = importlib.util.spec_from_file_location("lab_lifecycle_checks", REPO / "tests/live/lab/test_lab_lifecycle.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


assert_lab_gone = _lifecycle_checks().assert_lab_gone


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def committing(lab: LabState) -> list[str]:
    """Routers where push is typing configuration right now (`vtysh … -c "configure terminal …"`)."""
    return [node for node in ROUTERS
            if any(comm == "vtysh" and " -c configure terminal" in _cmdline(pid)
                   for pid, comm in node_processes(lab, node).items())]


@dataclass
class InterruptedPush:
    proc: Run
    before: dict[str, str]
    after: dict[str, str]
    struck: list[str]


@pytest.fixture(scope="module")
def interrupted_push(lab_factory, tmp_path_factory: pytest.TempPathFactory) -> Iterator[InterruptedPush]:  # type: ignore[no-untyped-def]
    """The shipped S2 task's setup stage (it rewrites all three routers) pushed to a fresh triangle,
    with SIGINT sent the moment the first router starts taking configuration (``--yes``: no terminal
    is there to answer the question)."""
    lab = lab_factory.start(TRIANGLE)
    before = running_configs(lab)
    proc = Run("push", "tasks/s2-ospf-triangle.yaml", "--stage", "setup", "--lab", lab.name, "--yes",
               "--backup-dir", tmp_path_factory.mktemp("push-backups"), cwd=REPO)
    struck = wait_for(lambda: committing(lab), 90, "push committing to a router")
    proc.signal(signal.SIGINT)
    proc.finish(timeout=120)
    wait_for(lambda: not committing(lab), 60, "the routers finishing what they were typing", interval=0.1)
    yield InterruptedPush(proc, before, running_configs(lab), struck)
    lab_factory.stop(lab.name)


def test_sigint_during_push_exits_130_with_one_line(interrupted_push: InterruptedPush) -> None:
    proc = interrupted_push.proc
    assert proc.proc.returncode == 130, proc.transcript
    last = proc.err.strip().splitlines()[-1]
    assert last.startswith("error: push setup interrupted by SIGINT"), proc.transcript  # says what it undid


def test_sigint_during_push_leaves_every_router_untouched_or_rolled_back(interrupted_push: InterruptedPush) -> None:
    changed = [n for n in ROUTERS if interrupted_push.after[n] != interrupted_push.before[n]]
    assert changed == [], f"changed after Ctrl-C: {changed} (struck while committing to {interrupted_push.struck})"


@pytest.mark.parametrize(("sig", "stage"), [(signal.SIGINT, '"anchor"'), (signal.SIGTERM, '"sshd"')],
                         ids=["SIGINT-namespaces-made", "SIGTERM-daemons-started"])
def test_interrupted_lab_up_leaves_nothing_behind_and_down_says_it_is_gone(
        lab_state_dir: Path, free_subnet, sig: signal.Signals, stage: str) -> None:  # type: ignore[no-untyped-def]
    """Interrupted once nodes exist (namespaces and anchors; or FRR and sshd started, readiness
    pending): exit 130 with one line, and no namespace, veth, bridge, process, mount, directory,
    state file or nftables table of the lab is left. `lab down NAME` then says there is no such lab."""
    name = f"tf{secrets.token_hex(3)}"
    path = state_path(name)
    proc = Run("lab", "up", TRIANGLE, "--name", name, "--mgmt-subnet", free_subnet(), cwd=REPO)
    try:
        wait_for(lambda: path.exists() and stage in path.read_text(), 60, f"lab up reaching {stage}", interval=0.001)
        state = load_state(name)
        proc.signal(sig)
        assert proc.finish(timeout=120) == 130, proc.transcript
        assert proc.err.strip().splitlines()[-1] == "error: interrupted", proc.transcript
        assert state.status == "starting", "up finished before it could be interrupted"
        assert_lab_gone(state)
        assert state.bridge and not firewall.installed(state.bridge)
        down = subprocess.run([*NETASSESS, "lab", "down", name], capture_output=True, text=True, timeout=120)
        assert down.returncode == 4 and f"no lab named '{name}'" in down.stderr, down.stderr
    finally:
        if proc.proc.poll() is None:
            proc.proc.kill()
        if path.exists():  # never leave a half lab behind, even when an assertion failed
            subprocess.run([*NETASSESS, "lab", "down", name], capture_output=True, timeout=120)
