"""`down` kills recorded PIDs only when the process is provably the one `up` started for that node,
so a PID reused by another lab's daemon (or anything else) is never signalled; `lab exec` enters a
node only through its own anchor, never the host's namespaces."""

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
        proc = subprocess.Popen([sys.executable, "-c", "import time; print('up', flush=True); time.sleep(30)", *args],
                                env={**os.environ, **(env or {})}, stdout=subprocess.PIPE)
        procs.append(proc)
        assert proc.stdout is not None and proc.stdout.readline() == b"up\n"  # exec'd: cmdline and environ are its own
        return proc.pid

    yield start
    for proc in procs:
        proc.kill()
        proc.wait()
        assert proc.stdout is not None
        proc.stdout.close()


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


def test_down_refuses_host_links_and_dirs_no_lab_creates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from netassess.lab import iproute
    from netassess.lab.state import LabState, state_path
    from netassess.lab.teardown import teardown

    monkeypatch.setenv("NETASSESS_STATE_DIR", str(tmp_path / "state"))
    lab_dir = tmp_path / "state" / "tamp"
    lab_dir.mkdir(parents=True)
    precious = tmp_path / "precious"
    precious.mkdir()
    deleted: list[str] = []
    monkeypatch.setattr(iproute, "link_del", deleted.append)
    state = LabState(name="tamp", topology="x.clab.yml", runtime="netns", mgmt_subnet="172.30.9.0/24",
                     bridge="nab0123456789ab", host_links=["eth0", "nav0123456789ab"],
                     dirs=[str(lab_dir), str(precious)])
    problems = teardown(state)
    assert deleted == ["nav0123456789ab", "nab0123456789ab"]  # never the host's eth0
    assert precious.exists() and not lab_dir.exists()
    assert len(problems) == 1 and "refusing to remove eth0, " + str(precious) in problems[0], problems
    assert state_path("tamp").exists()  # kept: `down` did not finish, a human should look


def test_exec_enters_only_the_nodes_own_anchor_never_a_reused_pid(tmp_path: Path, spawn) -> None:
    from netassess.errors import LabError
    from netassess.lab.node_exec import enter_argv
    from netassess.lab.state import LabState

    def lab(anchor: int) -> LabState:
        n = node(tmp_path)
        n.pids["anchor"] = anchor
        return LabState(name="tid", topology="x.clab.yml", runtime="netns", mgmt_subnet="172.30.9.0/24",
                        namespaces=[NS], nodes={"r1": n})

    ours = spawn("sleep", env={ANCHOR_ENV: NS})
    assert enter_argv(lab(ours), "r1") == ["nsenter", "-t", str(ours), "-n", "-m", "-u", "--"]
    with pytest.raises(LabError, match="r1 of lab tid is not running.*--reconfigure"):
        enter_argv(lab(spawn("sleep")), "r1")  # e.g. the anchor died and a host process got its PID


def test_a_namespace_that_exists_when_up_creates_it_is_left_out_of_the_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netassess.errors import LabError
    from netassess.lab import iproute
    from netassess.lab.runtimes.netns import claim_namespace
    from netassess.lab.state import LabState, StateJournal, load_state

    monkeypatch.setenv("NETASSESS_STATE_DIR", str(tmp_path / "state"))
    journal = StateJournal(LabState(name="race", topology="x.clab.yml", runtime="netns", mgmt_subnet="172.30.9.0/24",
                                    namespaces=["r1", "r2"]))

    def taken(ns: str) -> None:  # another lab (same prefix-less name) created it since our preflight
        raise LabError(f'`ip netns add {ns}` failed: Cannot create namespace file "/run/netns/{ns}": File exists')

    monkeypatch.setattr(iproute, "netns_add", taken)
    monkeypatch.setattr(iproute, "netns_list", lambda: {"r1"})
    with pytest.raises(LabError, match="File exists"):
        claim_namespace(journal, "r1")
    assert load_state("race").namespaces == ["r2"]  # teardown will not delete the other lab's r1
