"""`down` kills recorded PIDs only when the process is provably the one `up` started for that node,
so a PID reused by another lab's daemon (or anything else) is never signalled."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from netassess.lab.state import NodeState
from netassess.lab.teardown import ANCHOR_ENV, is_node_process

NS = "clab-tid-r1"


def node(tmp_path: Path) -> NodeState:
    return NodeState(name="r1", kind="router", platform="frr", namespace=NS, mgmt_ipv4="172.30.9.11",
                     node_dir=str(tmp_path / "nodes" / "r1"))


@pytest.fixture
def spawn() -> Iterator:
    procs: list[subprocess.Popen[bytes]] = []

    def start(*args: str, env: dict[str, str] | None = None) -> int:
        proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)", *args],
                                env={**os.environ, **(env or {})})
        procs.append(proc)
        return proc.pid

    yield start
    for proc in procs:
        proc.kill()
        proc.wait()


def test_daemon_is_ours_only_with_the_nodes_pathspace(tmp_path: Path, spawn) -> None:
    ours = spawn("zebra", "-N", NS)
    other_lab = spawn("zebra", "-N", "clab-other-r1")
    assert is_node_process(node(tmp_path), "zebra", ours)
    assert not is_node_process(node(tmp_path), "zebra", other_lab)


def test_sshd_is_ours_only_with_the_nodes_config_file(tmp_path: Path, spawn) -> None:
    n = node(tmp_path)
    ours = spawn("sshd", "-f", f"{n.node_dir}/sshd_config")
    other = spawn("sshd", "-f", "/etc/ssh/sshd_config")
    assert is_node_process(n, "sshd", ours)
    assert not is_node_process(n, "sshd", other)


def test_anchor_is_ours_only_with_the_marker_in_its_environment(tmp_path: Path, spawn) -> None:
    ours = spawn("sleep", env={ANCHOR_ENV: NS})
    stranger = spawn("sleep")
    other_lab = spawn("sleep", env={ANCHOR_ENV: "clab-other-r1"})
    assert is_node_process(node(tmp_path), "anchor", ours)
    assert not is_node_process(node(tmp_path), "anchor", stranger)
    assert not is_node_process(node(tmp_path), "anchor", other_lab)


def test_a_pid_that_is_gone_is_not_ours(tmp_path: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    assert not is_node_process(node(tmp_path), "zebra", proc.pid)
