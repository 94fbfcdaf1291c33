"""`baseline`, `run` and `check` are read-only, provably: every registered check type and every getter
the engine may call, on FRR routers and Linux hosts, leave running configs byte-identical and write
no file on any node. Negative controls show each detector fails when something is written.

The walk is built from the CHECKS registry and the drivers' own getter lists, so a new check type or
getter is covered without touching this file.
"""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from napalm_frr import FRRDriver
from napalm_netassess_linux.driver import LinuxDriver
from netassess.checks._catalog import example
from netassess.checks.base import CHECKS
from netassess.lab.node_exec import run_in_node, vtysh
from netassess.lab.state import LabState

pytestmark = pytest.mark.live

REPO = Path(__file__).resolve().parents[3]
DESTINATION = "192.168.2.10"  # h2, reachable from every node of hub-spoke
# (frr command, linux command) pairs of the read-only allow-lists, run for real on both node kinds
COMMANDS = [
    ("show ip ospf neighbor json", "ip -j addr show"),
    ("show running-config | include hostname", "ip route get 192.168.2.10"),
    ("show interface eth1", "ping -c 1 -W 1 192.168.2.10"),
    ("show ip route json", "ss -tln"),
    ("show bgp summary json", "cat /proc/sys/net/ipv4/ip_forward"),
    ("show version", "traceroute -n -m 3 -w 1 192.168.2.10"),
    ("show ip ospf vrf red neighbor", "tracepath -n -m 3 192.168.2.10"),  # FRR: "OSPF is not enabled in vrf red"
    ("show isis neighbor", "hostname -f"),  # FRR: "isisd is not running"
    ("show bgp neighbors", "uname -a"),  # FRR: "% BGP instance not found"
]
NOT_CONFIGURED = {"show ip ospf vrf red neighbor": "OSPF is not enabled in vrf red",
                  "show isis neighbor": "isisd is not running", "show bgp neighbors": "BGP instance not found"}


def getters() -> dict[str, dict[str, Any]]:
    """Every getter of either driver (what a ``getter`` check may name), with arguments it cannot do without."""
    names = sorted({n for cls in (FRRDriver, LinuxDriver) for n in dir(cls)
                    if n.startswith("get_") or n in ("ping", "traceroute")})
    found: dict[str, dict[str, Any]] = {}
    for name in names:
        params = inspect.signature(getattr(FRRDriver, name)).parameters
        found[name] = {"destination": DESTINATION} if "destination" in params else {}
    return found


def walk_task() -> dict[str, Any]:
    checks: list[dict[str, Any]] = []
    for name, cls in CHECKS.items():
        if name == "getter":
            checks += [{"id": f"getter-{g}", "type": "getter", "args": {"getter": g, "getter_args": args,
                                                                         "operator": "exists"}}
                       for g, args in getters().items()]
        elif name == "command":
            checks += [{"id": f"command-{i}", "type": "command", "args": {"command": {"frr": frr, "linux": linux},
                                                                           "operator": "exists"}}
                       for i, (frr, linux) in enumerate(COMMANDS)]
        else:
            checks.append({"id": f"type-{name}", "type": name, "args": example(cls)[0].get("args") or {}})
    for check in checks:
        check["targets"] = ["all"]
    return {"apiVersion": "netassess/v1", "kind": "Task", "id": "read-only-walk", "title": "Read-only walk",
            "version": "1", "skills": ["S2", "S4", "S7", "S13"], "brief": "Every check type and getter.",
            "topology": "../containerlab/hub-spoke.clab.yml",
            "parameters": {"site": {"type": "str", "default": "lab"}},  # the hostname example's
            "roles": {"edge": "hub", "core": ["spoke1", "spoke2"], "hub": "hub"},
            "stages": {"setup": {"templates": {"frr": "templates/frr/none.j2"}},
                       "solution": {"templates": {"frr": "templates/frr/none.j2"}}},
            "checks": checks, "scoring": {"pass_mark": 60, "distinction_mark": 90}}


# --- detectors ------------------------------------------------------------------------------------

def running_configs(state: LabState) -> dict[str, str]:
    return {n: vtysh(state, n, "show running-config") for n, s in state.nodes.items() if s.kind == "router"}


PRIVATE = ["/home", "/etc/frr", "/etc/passwd", "/etc/shadow", "/etc/group"]  # each node's own (mount namespace)
# The host's, writable by the automation account; labs' node directories (other labs' too) are left out:
# this lab's are the PRIVATE places above, seen from inside each node.
SHARED = ["/tmp", "/var/tmp", "/dev/shm"]


def fingerprint(state: LabState, node: str) -> str:
    """Path, size, mtime and sha256 of every file in the node's own writable places."""
    script = ("find \"$@\" -xdev -type f -printf '%p %s %T@ ' -exec sha256sum {} \\; | sort")
    proc = run_in_node(state, node, ["sh", "-c", script, "sh", *PRIVATE])
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def shared_writes(state: LabState, node: str, since: float) -> list[str]:
    """Files in the host's shared writable places that the automation account changed after ``since``."""
    uid = run_in_node(state, node, ["id", "-u", state.credentials.automation_user]).stdout.strip()
    proc = run_in_node(state, node, ["find", *SHARED, "-xdev", "-path", "*/nodes/*", "-prune", "-o",  # labs' node dirs
                                     "-user", uid, "-newermt", f"@{since}", "-print"])
    return proc.stdout.split()


class NoWrites:
    """Fingerprints every node before; ``changes()`` names what differs after."""

    def __init__(self, state: LabState) -> None:
        self.state = state
        self.since = time.time()
        self.configs = running_configs(state)
        self.prints = {n: fingerprint(state, n) for n in state.nodes}

    def changes(self) -> list[str]:
        found = [f"{n}: running config" for n, c in running_configs(self.state).items() if c != self.configs[n]]
        for n in self.state.nodes:
            before, after = set(self.prints[n].splitlines()), set(fingerprint(self.state, n).splitlines())
            found += sorted({f"{n}: {line.split()[0]}" for line in before ^ after})
        found += [f"{n}: {path}" for n in self.state.nodes for path in shared_writes(self.state, n, self.since)]
        return found


# --- the walk ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def lab(lab_factory, wait_ospf) -> LabState:
    state = lab_factory.start(REPO / "containerlab" / "hub-spoke.clab.yml")
    wait_ospf(state, 60)
    yield state
    lab_factory.stop(state.name)


def netassess(*args: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "netassess", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=600, env={**os.environ, "NETASSESS_USERNAME": "", "NETASSESS_PASSWORD": ""})


def test_every_check_type_and_getter_on_routers_and_hosts_changes_nothing(lab: LabState, task_project,
                                                                          tmp_path: Path) -> None:
    project = task_project(walk_task())
    proc = netassess("validate", "tasks/read-only-walk.yaml", cwd=project)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    watch = NoWrites(lab)
    base = netassess("baseline", "tasks/read-only-walk.yaml", "--lab", lab.name, "-o", tmp_path / "base", cwd=project)
    assert base.returncode in (0, 3), base.stdout + base.stderr
    [baseline] = (tmp_path / "base").glob("*.json")
    for mode in ("run", "check"):
        proc = netassess(mode, "tasks/read-only-walk.yaml", "--lab", lab.name, "--baseline", baseline,
                         "-o", tmp_path / mode, "-f", "json", cwd=project)
        assert proc.returncode in (0, 1, 3), proc.stdout + proc.stderr
    changes = watch.changes()
    assert changes == [], "\n".join(changes[:40])

    results = json.loads((tmp_path / "run" / "results.json").read_text())["results"]
    by = {(r["check_id"], r["target"]): r for r in results}
    kinds = {n: s.kind for n, s in lab.nodes.items()}
    assert {cid for cid, _ in by} == {c["id"] for c in walk_task()["checks"]}  # every check was judged
    assert {kinds[t] for _, t in by if t in kinds} == {"router", "host"}
    snapshot = json.loads((tmp_path / "run" / "snapshot.json").read_text())["devices"]
    for getter in getters():  # every getter reached every node (answered, or said unsupported)
        assert all(any(k.startswith(f"getter:{getter}") for k in snapshot[n]) for n in lab.nodes), getter
    for frr, linux in COMMANDS:  # the Linux commands really ran, without a shell
        assert snapshot["h1"][f"cmd:{linux}"].get("data"), (linux, snapshot["h1"][f"cmd:{linux}"])
        for router in ("hub", "spoke1"):
            result = by[(f"command-{COMMANDS.index((frr, linux))}", router)]
            if frr in NOT_CONFIGURED:  # the catalogue issue: a fail with the router's words, not an error
                assert result["status"] == "fail" and NOT_CONFIGURED[frr] in result["message"], result
            else:
                assert result["status"] == "pass", result


def test_the_detectors_see_a_config_change_and_a_file_written_by_the_automation_account(lab: LabState) -> None:
    """Negative controls: each detector fails when something IS changed, so its silence above means something."""
    from netassess.collect.inventory import build_nornir

    watch = NoWrites(lab)
    vtysh(lab, "spoke2", "configure terminal", "log timestamp precision 3")
    nr = build_nornir(lab=lab.name, prompt=None, interactive=False, timeout=20)
    host = nr.inventory.hosts["h1"]
    driver = host.get_connection("napalm", nr.config)
    shared = f"/tmp/netassess-negative-control-{os.getpid()}"
    home = run_in_node(lab, "h1", ["sh", "-c", f"echo ~{lab.credentials.automation_user}"]).stdout.strip()
    try:  # the driver's own SSH session, bypassing cli()'s policy, writes as the automation account
        driver.session.run(f"touch \"$HOME/negative-control\" {shared}")
    finally:
        host.close_connections()
    try:
        changes = watch.changes()
        assert "spoke2: running config" in changes
        assert f"h1: {home}/negative-control" in changes
        assert f"h1: {shared}" in changes
    finally:
        vtysh(lab, "spoke2", "configure terminal", "no log timestamp precision")
        run_in_node(lab, "h1", ["rm", "-f", f"{home}/negative-control", shared])
    assert watch.changes() == []  # and back to the state the walk was judged against
