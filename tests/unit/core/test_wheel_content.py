"""A wheel carries the shipped content, so `pip install netassess` users get the tasks too."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from netassess.content import content_dir, content_root

REPO = Path(__file__).resolve().parents[3]


def test_a_checkout_serves_its_own_content_folders() -> None:
    assert content_root() == REPO
    assert content_dir("tasks") == REPO / "tasks"
    assert content_dir("no-such-folder") is None


def test_the_wheel_ships_tasks_templates_checks_topologies_and_both_drivers(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(REPO)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    (wheel,) = tmp_path.glob("netassess-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {p.relative_to(REPO).as_posix() for d in ("tasks", "templates", "checks", "containerlab", "inventories")
               for p in (REPO / d).rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    missing = {f for f in shipped if f"netassess/content/{f}" not in names}
    assert not missing, f"not in the wheel: {sorted(missing)[:5]}"
    assert "napalm_frr/driver.py" in names and "napalm_netassess_linux/driver.py" in names
    assert any(n.startswith("napalm_frr/") and n.endswith(".ttp") for n in names)
