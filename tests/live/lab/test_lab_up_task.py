"""`netassess lab up TASK.yaml`: the task's topology comes up with its setup stage pushed."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from netassess.lab.node_exec import vtysh
from netassess.lab.state import load_state

pytestmark = pytest.mark.live

REPO = Path(__file__).resolve().parents[3]


def test_lab_up_with_a_task_file_pushes_the_setup_stage(lab_state_dir: Path, free_subnet, tmp_path: Path) -> None:
    name = f"tt{secrets.token_hex(3)}"
    env = {**os.environ, "COLUMNS": "200"}
    cmd = [sys.executable, "-m", "netassess", "lab", "up", str(REPO / "tasks" / "s2-ospf-triangle.yaml"),
           "--name", name, "--mgmt-subnet", free_subnet()]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=240, env=env, cwd=tmp_path)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "pushing the setup stage of s2-ospf-triangle" in proc.stdout
        state = load_state(name)
        assert set(state.nodes) == {"r1", "r2", "r3"}
        # The triangle's startup config runs OSPF; the S2 setup stage leaves the apprentice without it.
        running = vtysh(state, "r1", "show running-config")
        assert "router ospf" not in running and "10.0.12.1/30" not in running
        assert list((tmp_path / "backups").glob("s2-ospf-triangle-setup-*/r1.running*")), "no backup before the push"
    finally:
        subprocess.run([sys.executable, "-m", "netassess", "lab", "down", name], capture_output=True, timeout=120, env=env)
