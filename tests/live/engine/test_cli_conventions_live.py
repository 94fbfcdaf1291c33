"""CLI conventions against real FRR routers: a filtered run with masked session logs and plain progress."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from netassess.lab.node_exec import vtysh
from netassess.lab.state import LabState

pytestmark = pytest.mark.live

TASK = {
    "apiVersion": "netassess/v1", "kind": "Task", "id": "cli-live", "title": "CLI conventions live test", "version": "1",
    "skills": ["S2", "S4"], "brief": "OSPF on the triangle.", "topology": "../containerlab/triangle.clab.yml",
    "roles": {"edge": "r1"},
    "stages": {"setup": {"templates": {"frr": "templates/frr/none.j2"}},
               "solution": {"templates": {"frr": "templates/frr/none.j2"}}},
    "checks": [
        {"id": "hostname", "type": "hostname", "tags": ["quick"]},
        {"id": "no-plain-passwords", "type": "config_absent", "args": {"lines": ["password \\S+"]}, "targets": ["edge"],
         "tags": ["security"]},
    ],
    "scoring": {"pass_mark": 60},
}
SECRET = "LiveKeyS3cret"


def test_a_filtered_run_logs_only_its_device_with_secrets_masked_and_prints_plain_progress(
        triangle_lab: LabState, task_project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project = task_project(TASK)
    vtysh(triangle_lab, "r1", "configure terminal", "key chain cli-live", "key 1", f"key-string {SECRET}")
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "netassess", "--session-log", tmp_path / "logs", "run", "tasks/cli-live.yaml",
             "--lab", triangle_lab.name, "--device", "r1", "--tag", "security", "-o", tmp_path / "out", "-f", "json"],
            cwd=project, capture_output=True, text=True, timeout=240,
            env={**os.environ, "NETASSESS_USERNAME": "", "NETASSESS_PASSWORD": ""})
    finally:
        vtysh(triangle_lab, "r1", "configure terminal", "no key chain cli-live")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    res = json.loads((tmp_path / "out" / "results.json").read_text())
    assert [(r["check_id"], r["target"], r["status"]) for r in res["results"]] == [("no-plain-passwords", "r1", "pass")]
    assert res["filters"]["devices"] == ["r1"] and res["filters"]["skipped_checks"] == ["hostname"]
    assert "[1/1] r1 collected at" in proc.stderr and "filtered run" in proc.stderr  # stderr is a pipe: plain lines
    assert sorted(p.name for p in (tmp_path / "logs").iterdir()) == ["r1.log"]  # r2, r3 were never contacted
    log = (tmp_path / "logs" / "r1.log").read_text()
    assert "key-string <removed>" in log and SECRET not in log
    assert "show running-config" in log
    for path in (tmp_path / "out").iterdir():
        assert SECRET not in path.read_text()
