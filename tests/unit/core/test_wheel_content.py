"""A release build ships the content, so `pip install netassess` users get the tasks too.

The release path is `python -m build`: an sdist first, then a wheel built from that sdist. Both are
built here without build isolation (setuptools and build come from the dev extra, so no index is
needed), the wheel is installed into a fresh venv, and the installed `netassess` is run from an
empty folder.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

from netassess.content import content_dir, content_root

REPO = Path(__file__).resolve().parents[3]
CONTENT = ("tasks", "templates", "checks", "containerlab", "inventories", "docs/schema")
SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$", re.M)


def test_a_checkout_serves_its_own_content_folders() -> None:
    assert content_root() == REPO
    assert content_dir("tasks") == REPO / "tasks"
    assert content_dir("no-such-folder") is None


def _shipped() -> set[str]:
    return {p.relative_to(REPO).as_posix() for d in CONTENT for p in (REPO / d).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(sdist, wheel) as `python -m build` makes them, from a copy of the working tree."""
    tmp = tmp_path_factory.mktemp("release")
    src = tmp / "src"
    shutil.copytree(REPO, src, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "out", "*.egg-info", "__pycache__", ".pytest_cache", "backups"))
    proc = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "-o", str(tmp / "dist"), str(src)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-3000:]
    (sdist,) = (tmp / "dist").glob("netassess-*.tar.gz")
    (wheel,) = (tmp / "dist").glob("netassess-*.whl")
    return sdist, wheel


def test_the_sdist_holds_every_content_folder(release: tuple[Path, Path]) -> None:
    with tarfile.open(release[0]) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    missing = _shipped() - names
    assert not missing, f"not in the sdist: {sorted(missing)[:5]}"


def test_the_wheel_built_from_the_sdist_ships_content_and_both_drivers(release: tuple[Path, Path]) -> None:
    names = set(zipfile.ZipFile(release[1]).namelist())
    missing = {f for f in _shipped() if f"netassess/content/{f}" not in names}
    assert not missing, f"not in the wheel: {sorted(missing)[:5]}"
    assert "napalm_frr/driver.py" in names and "napalm_netassess_linux/driver.py" in names
    assert "napalm_ovs/driver.py" in names
    assert not any(n.startswith("napalm_linux/") for n in names)  # PyPI's napalm-linux owns that name
    assert any(n.startswith("napalm_frr/") and n.endswith(".ttp") for n in names)


def test_an_installed_wheel_lists_and_validates_tasks_from_an_empty_folder(release: tuple[Path, Path], tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    proc = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
                           "--no-index", str(release[1])], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    # The dependencies come from this venv's site-packages, appended after the fresh venv's own (a .pth
    # line adds the folder but runs none of its .pth files, so an editable checkout stays out of reach).
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NETASSESS_HOME")}
    env["COLUMNS"] = "200"

    def netassess(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(venv / "bin" / "netassess"), *args], cwd=empty, env=env,
                              capture_output=True, text=True, timeout=300)

    where = subprocess.run([str(python), "-c", "import netassess.content as c, napalm; "
                            "print(c.content_root()); print(napalm.get_network_driver('netassess_linux').__module__)"],
                           cwd=empty, env=env, capture_output=True, text=True, timeout=120)
    root_line, driver_module = where.stdout.split()
    content = Path(root_line)
    assert content == site / "netassess" / "content", where.stderr[-2000:]
    assert driver_module.startswith("napalm_netassess_linux") and (site / "napalm_netassess_linux").is_dir()

    listed = netassess("tasks", "list")
    assert listed.returncode == 0, listed.stderr[-2000:]
    assert "s2-ospf-triangle" in listed.stdout and "s7-add-prefix-no-flap" in listed.stdout
    valid = netassess("validate", "s2-ospf-triangle")
    assert valid.returncode == 0, valid.stdout[-2000:] + valid.stderr[-2000:]
    assert f"ok {content / 'tasks' / 's2-ospf-triangle.yaml'}" in valid.stdout

    schema = netassess("schema", "task")
    assert schema.returncode == 0, schema.stderr[-2000:]
    for task in (content / "tasks").glob("*.yaml"):
        (ref,) = SCHEMA_LINE.findall(task.read_text())
        target = (task.parent / ref).resolve()
        assert target.is_file(), f"{task.name}: $schema={ref} does not resolve in the installed package"
        assert target.read_text().strip() == schema.stdout.strip(), f"{task.name}: the shipped schema is stale"
