"""Practice on the built-in lab: a config change over vtysh turns checks green in the live view."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from netassess.assessment import run_assessment
from netassess.collect.inventory import build_nornir
from netassess.lab.node_exec import vtysh
from netassess.lab.runtime import get_runtime
from netassess.pods import task_lab_up
from netassess.practice import ConfigFingerprints, RecordingView, practise
from netassess.results import Status
from netassess.spec.loader import load_task

pytestmark = pytest.mark.live

REPO = Path(__file__).resolve().parents[3]
TASK = REPO / "tasks" / "s2-ospf-triangle.yaml"


def _wait_for(predicate, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


def _interrupted_cli(cwd: Path, out: str, *args: str) -> tuple[int, str, str]:
    """Run ``netassess ARGS -o OUT`` until its first assessment is written, then Ctrl-C it."""
    proc = subprocess.Popen([sys.executable, "-m", "netassess", *args, "-o", str(cwd / out), "--no-history"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "COLUMNS": "200"}, cwd=cwd)
    _wait_for(lambda: (cwd / out / "snapshot.json").exists(), 120, f"the first assessment of {args[0]}")
    time.sleep(1)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    return proc.returncode, stdout, stderr


def test_practice_brings_the_task_lab_up_and_reassesses_when_a_router_config_changes(
        lab_state_dir: Path, tmp_path: Path) -> None:
    loaded = load_task(TASK)
    name = f"tp{secrets.token_hex(3)}"
    try:
        state, created = task_lab_up(loaded, name)
        assert created and "10.0.12.1/30" not in vtysh(state, "r1", "show running-config")
        again, created_again = task_lab_up(loaded, name)
        assert not created_again and again.name == name  # a second start attaches

        nr = build_nornir(lab=name, topology=loaded.topology_path, interactive=False)
        poller = ConfigFingerprints(build_nornir(lab=name, topology=loaded.topology_path, interactive=False))
        view, stop = RecordingView(), threading.Event()

        def assess():  # type: ignore[no-untyped-def]
            # the setup is static: judged once, not waiting out the OSPF checks' 60 s windows (--max-wait 0)
            return run_assessment(loaded, nr, mode="practice", output=tmp_path / "out", max_wait=0).result

        worker = threading.Thread(target=practise, args=(assess, poller, view),
                                  kwargs={"stop": stop, "interval": 1.0, "settle": (3.0,)}, daemon=True)
        worker.start()
        try:
            _wait_for(lambda: len(view.assessed()) >= 1, 120, "the first assessment")
            polls_before = poller.commands_sent
            _wait_for(lambda: poller.commands_sent >= polls_before + 6, 30, "two quiet polls")
            assert len(view.assessed()) == 1, "no change, yet it re-assessed"
            assert view.assessed()[0].statuses()[("r1-addressing", "r1")] is Status.FAIL
            vtysh(state, "r1", "configure terminal", "interface eth1", "ip address 10.0.12.1/30", "interface eth2",
                  "ip address 10.0.13.1/30", "interface lo", "ip address 10.255.0.1/32")
            _wait_for(lambda: any(f.statuses().get(("r1-addressing", "r1")) is Status.PASS for f in view.assessed()),
                      90, "r1-addressing to turn green")
        finally:
            stop.set()
            worker.join(timeout=120)
            poller.close()
        reasons = [f.reason for f in view.assessed()]
        assert reasons[0] == "start" and "changed: r1" in reasons
        assert all(r in ("start", "changed: r1", "settling after the last change") for r in reasons), reasons
        green = next(f for f in view.assessed() if f.statuses()[("r1-addressing", "r1")] is Status.PASS)
        assert green.result is not None and green.result.score.awarded > view.assessed()[0].result.score.awarded  # type: ignore[union-attr]
        # one command per device per poll, over sessions kept open
        assert poller.commands_sent % 3 == 0

        # The CLI attaches, prints a line per assessment without a TTY, and Ctrl-C leaves the lab up.
        code, out, err = _interrupted_cli(tmp_path, "cli", "practice", str(TASK), "--lab", name, "--interval", "1",
                                    "--max-wait", "0")
        assert code == 1, out + err  # the last assessment: below the pass mark
        assert "Ticket NET-2041" in out and "[1] start:" in out and "r1-addressing" not in out.split("[1] start:")[1].split("\n")[0]
        assert f"lab {name} is left as it is" in err and f"netassess lab down {name}" in err
        assert "solution" not in out.lower()
        assert (tmp_path / "cli" / "results.json").exists() and (tmp_path / "cli" / "results.html").exists()
        assert vtysh(state, "r1", "show running-config")  # still up

        # `check --watch` is the same loop, and resuming keeps the attempt's first start
        code, out, err = _interrupted_cli(tmp_path, "watch", "check", str(TASK), "--watch", "--lab", name,
                                    "--max-wait", "0")
        assert code == 1, out + err
        assert "Ticket NET-2041" in out and "[1] start:" in out and "(resumed; started " in out
        assert "resumed; started" in err and "--restart-timer" in err
    finally:
        get_runtime("netns").down(name)
