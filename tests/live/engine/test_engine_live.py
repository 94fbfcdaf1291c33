"""The engine against real FRR routers: read-only, one session per device, errors never silent."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from netassess.lab.node_exec import vtysh
from netassess.lab.state import LabState

pytestmark = pytest.mark.live

REPO = Path(__file__).resolve().parents[3]
NETASSESS = [sys.executable, "-m", "netassess"]

TASK = {
    "apiVersion": "netassess/v1", "kind": "Task", "id": "engine-live", "title": "Engine live test", "version": "1",
    "skills": ["S2", "S4"], "brief": "OSPF on the triangle.", "topology": "../containerlab/triangle.clab.yml",
    "roles": {"edge": "r1"},
    "stages": {"setup": {"templates": {"frr": "templates/frr/none.j2"}},
               "solution": {"templates": {"frr": "templates/frr/none.j2"}}},
    "checks": [
        {"id": "hostname", "type": "hostname"},
        {"id": "adjacencies", "type": "ospf_neighbor", "args": {"count": 2}, "points": 2, "wait": {"timeout": 20, "interval": 1}},
        {"id": "links-up", "type": "interface_up", "args": {"interfaces": ["eth1", "eth2"]}},
        {"id": "no-plain-passwords", "type": "config_absent", "args": {"lines": ["password \\S+"]}, "targets": ["edge"]},
        {"id": "r3-loopback", "type": "route", "args": {"prefix": "10.255.0.3/32", "protocol": "ospf"},
         "targets": ["r1", "r2"], "wait": {"timeout": 20, "interval": 1}},
    ],
    "scoring": {"pass_mark": 60, "distinction_mark": 90},
}


@pytest.fixture(scope="module")
def project(task_project) -> Path:
    no_wait = {**TASK, "id": "engine-live-no-wait",
               "checks": [{k: v for k, v in c.items() if k != "wait"} for c in TASK["checks"]]}
    return task_project(TASK, no_wait)


def netassess(*args: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*NETASSESS, *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=240,
                          env={**os.environ, "NETASSESS_USERNAME": "", "NETASSESS_PASSWORD": ""})


def results(out: Path) -> dict:
    return json.loads((out / "results.json").read_text())


def running_configs(state: LabState) -> dict[str, str]:
    return {n: vtysh(state, n, "show running-config") for n, s in state.nodes.items() if s.kind == "router"}


class SynCounter:
    """nftables counter of TCP SYNs to port 22 in each router's namespace: sessions as the router sees them."""

    def __init__(self, state: LabState) -> None:
        self.state = state
        self.table = f"naeng{os.getpid()}"

    def _nft(self, node: str, *args: str, stdin: str | None = None) -> str:
        ns = self.state.nodes[node].namespace
        return subprocess.run(["ip", "netns", "exec", ns, "nft", *args], input=stdin, capture_output=True,
                              text=True, check=True).stdout

    def __enter__(self) -> SynCounter:
        for node in self.state.nodes:
            self._nft(node, "-f", "-", stdin=(f"table inet {self.table} {{ chain input {{ type filter hook input "
                                              "priority 0; tcp dport 22 tcp flags & (syn | ack) == syn counter; }; }\n"))
        return self

    def counts(self) -> dict[str, int]:
        return {n: int(self._nft(n, "list", "table", "inet", self.table).split("packets ")[1].split()[0])
                for n in self.state.nodes}

    def __exit__(self, *exc: object) -> None:
        for node in self.state.nodes:
            subprocess.run(["ip", "netns", "exec", self.state.nodes[node].namespace, "nft", "delete", "table", "inet",
                            self.table], capture_output=True)


def test_run_is_read_only_and_opens_exactly_one_session_per_router(triangle_lab: LabState, project: Path, tmp_path: Path) -> None:
    before = running_configs(triangle_lab)
    with SynCounter(triangle_lab) as syns:
        proc = netassess("run", "tasks/engine-live-no-wait.yaml", "--lab", triangle_lab.name, "-o", tmp_path / "out",
                         "--format", "table,json", cwd=project)
        opened = syns.counts()
    assert proc.returncode in (0, 1), proc.stdout + proc.stderr
    assert running_configs(triangle_lab) == before  # byte-identical running configs
    assert opened == {"r1": 1, "r2": 1, "r3": 1}  # TCP SYNs to port 22, as each router saw them
    snapshot = json.loads((tmp_path / "out" / "snapshot.json").read_text())
    assert snapshot["sessions"] == opened
    res = results(tmp_path / "out")
    assert res["complete"] and len(res["results"]) == 12  # 3 + 3 + 3 routers, 1 edge, 2 routes
    assert "[adjacencies]" in proc.stdout and "Score " in proc.stdout


def test_a_converged_lab_scores_full_marks_and_retries_stay_read_only(triangle_lab: LabState, project: Path, tmp_path: Path) -> None:
    before = running_configs(triangle_lab)
    proc = netassess("run", "tasks/engine-live.yaml", "--lab", triangle_lab.name, "-o", tmp_path / "out", cwd=project)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert running_configs(triangle_lab) == before
    res = results(tmp_path / "out")
    assert res["score"]["grade"] == "distinction" and {r["status"] for r in res["results"]} == {"pass"}


def test_clab_inventory_reaches_frr_nodes_named_linux_by_containerlab(triangle_lab: LabState, project: Path, tmp_path: Path) -> None:
    inv = tmp_path / "clab-triangle" / "nornir-simple-inventory.yml"
    inv.parent.mkdir()
    inv.write_text(yaml.safe_dump({n: {"username": "admin", "password": "admin", "platform": "linux",
                                       "hostname": s.mgmt_ipv4} for n, s in triangle_lab.nodes.items()}))
    proc = netassess("run", "tasks/engine-live.yaml", "--clab-inventory", inv, "-o", tmp_path / "out", "-f", "json", cwd=project)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    res = results(tmp_path / "out")
    assert {d["platform"] for d in res["devices"].values()} == {"frr"}
    assert '"admin"' not in (tmp_path / "out" / "results.json").read_text()  # credentials are never stored


def test_a_wrong_password_is_an_auth_error_never_a_fail(triangle_lab: LabState, project: Path, tmp_path: Path) -> None:
    inv = tmp_path / "clab" / "nornir-simple-inventory.yml"
    inv.parent.mkdir()
    inv.write_text(yaml.safe_dump({n: {"username": "admin", "password": "admin" if n != "r2" else "not-the-password",
                                       "platform": "linux", "hostname": s.mgmt_ipv4} for n, s in triangle_lab.nodes.items()}))
    proc = netassess("run", "tasks/engine-live-no-wait.yaml", "--clab-inventory", inv, "-o", tmp_path / "out", "-f", "json",
                     cwd=project)
    assert proc.returncode == 3, proc.stdout + proc.stderr
    res = results(tmp_path / "out")
    r2 = [r for r in res["results"] if r["target"] == "r2"]
    assert r2 and all(r["status"] == "error" and r["message"].startswith("auth") for r in r2)
    assert all(r["status"] != "error" for r in res["results"] if r["target"] != "r2")
    snapshot = (tmp_path / "out" / "snapshot.json").read_text()
    assert "not-the-password" not in snapshot and "not-the-password" not in proc.stdout + proc.stderr


def test_unreachable_router_yields_error_and_exit_3_while_others_are_scored(lab_factory, project: Path, tmp_path: Path) -> None:
    state = lab_factory.start(REPO / "containerlab" / "triangle.clab.yml")
    pid = state.nodes["r3"].pids["sshd"]
    os.kill(pid, signal.SIGTERM)  # our own lab's sshd: r3 keeps routing but can no longer be managed
    deadline = time.monotonic() + 5
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    out = tmp_path / "out"
    proc = netassess("run", "tasks/engine-live.yaml", "--lab", state.name, "-o", out, cwd=project)
    assert proc.returncode == 3, proc.stdout + proc.stderr
    res = results(out)
    by = {(r["check_id"], r["target"]): r for r in res["results"]}
    assert by[("hostname", "r3")]["status"] == "error" and "unreachable" in by[("hostname", "r3")]["message"]
    assert by[("hostname", "r1")]["status"] == "pass" and by[("hostname", "r2")]["status"] == "pass"
    assert res["devices"]["r3"]["error"] and res["complete"] is False
    assert "INCOMPLETE" in proc.stdout

    again = tmp_path / "again"
    proc = netassess("score", out / "snapshot.json", "tasks/engine-live.yaml", "-o", again, cwd=project)
    assert proc.returncode == 3, proc.stdout + proc.stderr
    rescored = results(again)
    strip = lambda rs: [{k: v for k, v in r.items() if k not in ("started", "finished", "attempts")} for r in rs]  # noqa: E731
    assert strip(rescored["results"]) == strip(res["results"])
    assert rescored["score"] == res["score"] and rescored["skills"] == res["skills"]

    # Now r2's management link goes down too: its SYNs go unanswered, so it costs --timeout, not a minute.
    subprocess.run(["ip", "netns", "exec", state.nodes["r2"].namespace, "ip", "link", "set", "eth0", "down"], check=True)
    proc = netassess("run", "tasks/engine-live-no-wait.yaml", "--lab", state.name, "-o", tmp_path / "down", "--timeout", "3",
                     "-f", "json", cwd=project)
    assert proc.returncode == 3, proc.stdout + proc.stderr
    res = results(tmp_path / "down")
    error = res["devices"]["r2"]["error"]
    assert error.startswith("unreachable") and "timed out after 3s" in error  # --timeout reached the session
    assert {r["status"] for r in res["results"] if r["target"] == "r1"} <= {"pass", "fail"}
    lab_factory.stop(state.name)


def test_demo_assesses_a_shipped_task_and_leaves_no_lab_behind(lab_state_dir: Path, tmp_path: Path) -> None:
    from netassess.lab.iproute import netns_list
    from netassess.lab.state import list_labs

    before = {s.name for s in list_labs()}
    proc = netassess("demo", "-o", tmp_path / "demo", cwd=REPO)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "grade DISTINCTION" in proc.stdout and "tearing down lab demo-" in proc.stdout
    res = results(tmp_path / "demo")
    assert res["complete"] and res["score"]["percent"] == 100.0
    assert {s.name for s in list_labs()} == before
    lab = proc.stdout.split("tearing down lab ")[1].split()[0]
    assert not [ns for ns in netns_list() if ns.startswith(f"clab-{lab}-")]
