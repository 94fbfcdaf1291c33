"""Cohorts on the built-in lab: one pod per candidate, all assessed at once, a cohort report."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from netassess.lab.node_exec import vtysh
from netassess.lab.runtime import get_runtime
from netassess.lab.state import list_labs

pytestmark = pytest.mark.live


def task(task_id: str) -> dict:
    return {
        "apiVersion": "netassess/v1", "kind": "Task", "id": task_id, "title": "Pods", "version": "1",
        "skills": ["S2"], "brief": "Keep the link up.", "topology": "../containerlab/line.clab.yml",
        "roles": {"core": ["r1", "r2"]},
        "stages": {"setup": {"templates": {"frr": "templates/frr/none.j2"}},
                   "solution": {"templates": {"frr": "templates/frr/none.j2"}}},
        "checks": [
            {"id": "hostname", "type": "hostname", "targets": ["core"]},
            {"id": "links-up", "type": "interface_up", "targets": ["core"], "args": {"interfaces": ["eth1"]}, "points": 2},
            {"id": "adjacency", "type": "ospf_neighbor", "targets": ["core"], "args": {"count": 1}, "points": 2,
             "wait": {"timeout": 30, "interval": 1}},
        ],
        "scoring": {"pass_mark": 90},
    }


def netassess(*args: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "netassess", *map(str, args)], capture_output=True, text=True,
                          timeout=400, cwd=cwd, env={**os.environ, "COLUMNS": "250"})


def test_three_pods_come_up_isolated_and_are_assessed_at_once_into_a_cohort_report(
        lab_state_dir: Path, task_project, tmp_path: Path) -> None:
    task_id = f"pods{secrets.token_hex(2)}"
    root = task_project(task(task_id))
    try:
        up = netassess("lab", "up", f"tasks/{task_id}.yaml", "--candidates", "ann,bob,cat", cwd=root)
        assert up.returncode == 0, up.stdout + up.stderr
        assert "3 of 3 pods up" in up.stdout
        pods = {s.pod.candidate: s for s in list_labs() if s.pod is not None and s.pod.task == task_id}
        assert set(pods) == {"ann", "bob", "cat"}
        assert {s.name for s in pods.values()} == {f"{task_id}-ann", f"{task_id}-bob", f"{task_id}-cat"}
        assert len({s.mgmt_subnet for s in pods.values()}) == 3  # own management subnet each
        assert len({s.credentials.key_file for s in pods.values()}) == 3  # own login key each
        assert len({ns for s in pods.values() for ns in s.namespaces}) == 6  # own namespaces

        status = netassess("lab", "status", cwd=root)
        assert status.returncode == 0 and f"pod of candidate bob for {task_id}" in status.stdout
        assert f"ssh -i {pods['bob'].credentials.key_file}" in status.stdout
        listed = json.loads(netassess("lab", "status", "--json", cwd=root).stdout)
        assert {lab["pod"]["candidate"] for lab in listed if lab["pod"]} == {"ann", "bob", "cat"}

        vtysh(pods["bob"], "r1", "configure terminal", "interface eth1", "shutdown")  # only bob's pod breaks
        out = tmp_path / "cohort"
        run = netassess("run", f"tasks/{task_id}.yaml", "--pods", "all", "-o", out, "-f", "json,html", cwd=root)
        assert run.returncode == 1, run.stdout + run.stderr  # bob is below the pass mark
        assert "3 pods of" in run.stdout
        results = {c: json.loads((out / c / "results.json").read_text()) for c in ("ann", "bob", "cat")}
        assert {c: r["candidate"] for c, r in results.items()} == {"ann": "ann", "bob": "bob", "cat": "cat"}
        assert results["ann"]["score"]["percent"] == 100 and results["cat"]["score"]["percent"] == 100
        assert results["bob"]["score"]["percent"] < 100 and results["bob"]["complete"] is True
        for c in results:
            assert (out / c / "evidence" / "manifest.json").exists() and (out / c / "results.html").exists()
            assert netassess("report", "verify", out / c / "evidence", cwd=root).returncode == 3  # intact, unsigned
        cohort = (out / "cohort.html").read_text()
        assert 'class="distribution"' in cohort and 'data-bin="90" data-count="2"' in cohort
        failed = cohort.split('id="most-failed"')[1]
        assert "links-up" in failed and "1 / 3" in failed and "hostname" not in failed
        assert "bob" in (out / "cohort.csv").read_text()
        down = netassess("lab", "down", "--pods", task_id, cwd=root)
        assert down.returncode == 0 and down.stdout.count("is down") == 3, down.stdout + down.stderr
        assert not [s for s in list_labs() if s.pod is not None and s.pod.task == task_id]
    finally:
        for state in list_labs():
            if state.pod is not None and state.pod.task == task_id:
                get_runtime("netns").down(state.name)
