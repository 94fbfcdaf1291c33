"""`netassess lab …` as a user meets it: exit codes and one-line errors (no lab is started here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from netassess.lab.state import Credentials, LabState, NodeState, save_state


@pytest.fixture
def state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NETASSESS_STATE_DIR", str(tmp_path / "labs"))
    return tmp_path / "labs"


def netassess(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "netassess", *args], capture_output=True, text=True, env=os.environ.copy(),
                          timeout=60)


def recorded_lab(name: str = "cli1") -> LabState:
    state = LabState(
        name=name, topology="/x.clab.yml", runtime="netns", status="up", mgmt_subnet="172.30.7.0/24",
        nodes={"r1": NodeState(name="r1", kind="router", platform="frr", namespace=f"clab-{name}-r1", mgmt_ipv4="172.30.7.11")},
        credentials=Credentials(key_file=f"/labs/{name}/id_ed25519", known_hosts=f"/labs/{name}/known_hosts"),
    )
    save_state(state)
    return state


def test_up_with_a_bad_link_exits_2_with_one_line_naming_the_file(state_dir: Path, tmp_path: Path) -> None:
    topo = tmp_path / "bad.clab.yml"
    topo.write_text('name: bad\ntopology:\n  nodes: {a: {kind: linux}}\n  links:\n    - endpoints: ["a:eth1", "zz:eth1"]\n')
    proc = netassess("lab", "up", str(topo), "--runtime", "netns")
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "bad.clab.yml" in proc.stderr and "unknown node 'zz'" in proc.stderr
    assert not state_dir.exists() or not list(state_dir.glob("*.json"))


def test_up_of_a_vendor_kind_on_netns_suggests_containerlab(state_dir: Path, tmp_path: Path) -> None:
    topo = tmp_path / "nos.clab.yml"
    topo.write_text(textwrap.dedent("""
        name: nos
        topology:
          nodes:
            ceos1: {kind: arista_ceos, image: ceos:4.33}
        """))
    proc = netassess("lab", "up", str(topo), "--runtime", "netns")
    assert proc.returncode == 2
    assert "ceos1" in proc.stderr and "arista_ceos" in proc.stderr and "--runtime containerlab" in proc.stderr


def test_unknown_runtime_is_a_usage_error(state_dir: Path) -> None:
    proc = netassess("lab", "up", "containerlab/line.clab.yml", "--runtime", "docker-compose")
    assert proc.returncode == 2 and "unknown lab runtime 'docker-compose'" in proc.stderr


def test_down_of_an_unknown_lab_exits_4(state_dir: Path) -> None:
    proc = netassess("lab", "down", "nosuch")
    assert proc.returncode == 4 and "no lab named 'nosuch'" in proc.stderr


def test_status_json_lists_no_labs_when_none_are_up(state_dir: Path) -> None:
    proc = netassess("lab", "status", "--json")
    assert proc.returncode == 0 and json.loads(proc.stdout) == []


def test_exec_without_any_lab_says_how_to_start_one(state_dir: Path) -> None:
    proc = netassess("lab", "exec", "r1", "--", "true")
    assert proc.returncode == 4 and "netassess lab up" in proc.stderr


def test_ssh_prints_the_command_an_apprentice_would_type(state_dir: Path) -> None:
    recorded_lab()
    proc = netassess("lab", "ssh", "r1", "--print")
    assert proc.returncode == 0
    assert proc.stdout.splitlines()[0].endswith("admin@172.30.7.11")
    assert "UserKnownHostsFile=/labs/cli1/known_hosts" in proc.stdout
    auto = netassess("lab", "ssh", "r1", "--automation", "--print")
    assert "-i /labs/cli1/id_ed25519" in auto.stdout and auto.stdout.strip().endswith("netassess@172.30.7.11")


def test_ssh_to_an_unknown_node_lists_the_nodes(state_dir: Path) -> None:
    recorded_lab()
    proc = netassess("lab", "ssh", "r9", "--print")
    assert proc.returncode == 2 and "(nodes: r1)" in proc.stderr


def test_several_labs_need_a_name(state_dir: Path) -> None:
    recorded_lab("a1")
    recorded_lab("b1")
    proc = netassess("lab", "ssh", "r1", "--print")
    assert proc.returncode == 2 and "several labs are up (a1, b1)" in proc.stderr


def test_inventory_writes_the_three_simple_inventory_files(state_dir: Path, tmp_path: Path) -> None:
    recorded_lab()
    proc = netassess("lab", "inventory", "cli1", "-o", str(tmp_path / "inv"))
    assert proc.returncode == 0
    assert sorted(p.name for p in (tmp_path / "inv").iterdir()) == ["defaults.yaml", "groups.yaml", "hosts.yaml"]


def test_status_of_a_lab_whose_bridge_is_gone_probes_nothing(state_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from netassess.cli import lab as cli_lab

    # with the bridge gone, the mgmt subnet may route anywhere: no SSH probe may be sent
    monkeypatch.setattr("netassess.lab.readiness.node_health", lambda node: pytest.fail(f"probed {node.mgmt_ipv4} of a stale lab"))
    state = recorded_lab()
    state.bridge = "nab0123456789ab"
    state.nodes["r1"].pids = {"anchor": 1, "zebra": 2, "sshd": 3}
    rows = cli_lab._status_rows(state)
    assert rows[0]["ssh"] is False and rows[0]["daemons"] == {"zebra": False}


@pytest.mark.skipif(os.geteuid() != 0, reason="lab down needs root")
def test_down_all_goes_on_past_a_lab_that_is_still_coming_up(state_dir: Path) -> None:
    from netassess.lab.state import process_started

    busy = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        starting = recorded_lab("cli-busy").model_copy(update={"status": "starting", "up_pid": busy.pid,
                                                                 "up_pid_started": process_started(busy.pid)})
        save_state(starting)
        recorded_lab("cli-done")  # nothing of it exists any more: down only forgets it
        proc = netassess("lab", "down", "--all")
        assert proc.returncode == 4, proc.stderr
        assert f"lab cli-busy is still being brought up by process {busy.pid}" in proc.stderr
        assert "lab cli-done is down" in proc.stdout and "1 of 2 labs not torn down" in proc.stderr
        assert (state_dir / "cli-busy.json").exists() and not (state_dir / "cli-done.json").exists()
    finally:
        busy.kill()
        busy.wait()
