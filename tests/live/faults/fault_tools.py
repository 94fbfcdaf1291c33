"""Helpers for the live fault matrix: see a node's processes, start `netassess` in the background,
restore what a fault broke, and judge a run's results. Everything acts only on labs the tests made."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from netassess.lab.node_exec import run_in_node, vtysh
from netassess.lab.state import LabState

NETASSESS = [sys.executable, "-m", "netassess"]
ROUTERS = ("r1", "r2", "r3")
# Four checks on the triangle that a healthy, converged lab passes in full (pass mark 100, so one
# `fail` makes a complete run exit 1, and one `error` makes the run incomplete: exit 3).
TASK = {
    "apiVersion": "netassess/v1", "kind": "Task", "id": "faults-live", "title": "Fault matrix", "version": "1",
    "skills": ["S2", "S4"], "brief": "OSPF on the triangle.", "topology": "../containerlab/triangle.clab.yml",
    "stages": {"setup": {"templates": {"frr": "templates/frr/none.j2"}},
               "solution": {"templates": {"frr": "templates/frr/none.j2"}}},
    "checks": [
        {"id": "hostname", "type": "hostname"},
        {"id": "adjacencies", "type": "ospf_neighbor", "args": {"count": 2}, "points": 2},
        {"id": "links-up", "type": "interface_up", "args": {"interfaces": ["eth1", "eth2"]}},
        {"id": "r3-loopback", "type": "route", "args": {"prefix": "10.255.0.3/32", "protocol": "ospf"},
         "targets": ["r1", "r2"]},
    ],
    "scoring": {"pass_mark": 100, "distinction_mark": 100},
}
TASK_FILE = "tasks/faults-live.yaml"
T = TypeVar("T")


def wait_for(probe: Callable[[], T | None], timeout: float, what: str, interval: float = 0.002) -> T:
    """Poll ``probe`` until it returns something truthy; fail naming ``what`` after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = probe()
        if found:
            return found
        time.sleep(interval)
    raise AssertionError(f"not within {timeout}s: {what}")


def node_processes(state: LabState, node: str) -> dict[int, str]:
    """PID → command name of every process in ``node``'s network namespace."""
    want = os.stat(f"/run/netns/{state.nodes[node].namespace}").st_ino
    found: dict[int, str] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.stat(f"/proc/{entry}/ns/net").st_ino == want:
                    found[int(entry)] = Path(f"/proc/{entry}/comm").read_text().strip()
            except OSError:  # gone while we looked
                continue
    return found


def pids_named(state: LabState, node: str, name: str) -> list[int]:
    """Live processes called ``name`` in ``node`` (zombies, whose parent has not reaped them yet, are not)."""
    found = []
    for pid, comm in node_processes(state, node).items():
        try:
            if comm == name and Path(f"/proc/{pid}/cmdline").read_bytes():
                found.append(pid)
        except OSError:
            continue
    return found


def session_vtysh(state: LabState, node: str, timeout: float = 60) -> int:
    """The vtysh of a netassess session on ``node`` (no other vtysh runs there): its session is open."""
    return wait_for(lambda: next(iter(pids_named(state, node, "vtysh")), None), timeout, f"a vtysh session on {node}")


def signal_all(pids: list[int], sig: int) -> None:
    for pid in pids:
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass


@contextmanager
def frozen(state: LabState, node: str, program: str) -> Iterator[None]:
    """``program`` in ``node`` stopped (SIGSTOP) for the block: alive, holding its sockets, silent."""
    pids = pids_named(state, node, program)
    assert pids, f"no {program} runs in {node}"
    signal_all(pids, signal.SIGSTOP)
    try:
        yield
    finally:
        signal_all(pids, signal.SIGCONT)


def restart(state: LabState, node: str, program: str) -> None:
    """Start ``program`` (sshd, ospfd…) in ``node`` exactly as the lab's boot script did; an FRR
    daemon then gets its part of the startup config again (``vtysh -b``), as at boot."""
    if pids_named(state, node, program):  # the fault never struck (the test failed before): nothing to restore
        return
    boot = Path(state.nodes[node].node_dir or "") / "boot.sh"
    line = next(ln for ln in boot.read_text().splitlines() if f"/{program} " in ln)
    done = run_in_node(state, node, ["sh", "-c", line])
    assert done.returncode == 0, done.stderr
    if program != "sshd":
        assert run_in_node(state, node, ["vtysh", "-b"]).returncode == 0
    else:
        wait_for(lambda: ssh_banner(state.nodes[node].mgmt_ipv4), 20, f"sshd of {node} answering", interval=0.1)


def ssh_banner(address: str) -> bool:
    try:
        with socket.create_connection((address, 22), timeout=2) as sock:
            sock.settimeout(2)
            return sock.recv(4).startswith(b"SSH-")
    except OSError:
        return False


def running_configs(state: LabState) -> dict[str, str]:
    return {node: vtysh(state, node, "show running-config") for node in ROUTERS}


def routes_everywhere(state: LabState) -> bool:
    """Every router has an OSPF route to the other routers' loopbacks (SPF ran, not just Full)."""
    for node in ROUTERS:
        for n in range(1, 4):
            if f"r{n}" != node and '"ospf"' not in vtysh(state, node, f"show ip route 10.255.0.{n}/32 json"):
                return False
    return True


class Run:
    """``netassess ARGS`` started in the background, so a test can strike while it works."""

    def __init__(self, *args: object, cwd: Path) -> None:
        self.started = time.monotonic()
        self.proc = subprocess.Popen([*NETASSESS, *map(str, args)], cwd=cwd, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True,
                                     env={**os.environ, "NETASSESS_USERNAME": "", "NETASSESS_PASSWORD": ""})
        self.out = ""
        self.err = ""

    def signal(self, sig: signal.Signals) -> None:
        self.proc.send_signal(sig)

    def finish(self, timeout: float = 180) -> int:
        try:
            self.out, self.err = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.out, self.err = self.proc.communicate()
            raise AssertionError(f"netassess still running after {timeout}s: {self.err[-2000:]}") from None
        assert "Traceback" not in self.out + self.err, self.err[-3000:]
        return self.proc.returncode

    @property
    def transcript(self) -> str:
        return f"exit {self.proc.returncode}\n{self.out[-2000:]}\n{self.err[-2000:]}"


def results(out: Path) -> dict[str, Any]:
    return json.loads((out / "results.json").read_text())


def statuses(res: dict[str, Any], target: str) -> dict[str, str]:
    return {r["check_id"]: r["status"] for r in res["results"] if r["target"] == target}


def assert_errors_are_one_line(res: dict[str, Any], target: str, *words: str) -> list[dict[str, Any]]:
    """Every result of ``target`` is an error with a one-line message naming it and one of ``words``."""
    mine = [r for r in res["results"] if r["target"] == target]
    assert mine and all(r["status"] == "error" for r in mine), [(r["check_id"], r["status"]) for r in mine]
    for r in mine:
        assert "\n" not in r["message"] and f"{target}:" in r["message"], r["message"]
        assert any(w in r["message"] for w in words), r["message"]
    return mine


def assert_scored_normally(res: dict[str, Any], *targets: str) -> None:
    """The devices the fault did not touch: every check judged, and (the lab being healthy) passed."""
    for target in targets:
        got = statuses(res, target)
        assert got and set(got.values()) == {"pass"}, (target, got)
