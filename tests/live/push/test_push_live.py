"""netassess push against real FRR routers: setup then solution reach the reference state, a
dry run changes nothing, and a refused line rolls every device back to a byte-identical config."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest

from netassess.errors import ExitCode
from netassess.lab.node_exec import vtysh
from netassess.lab.state import LabState
from netassess.push import PushFailed, assume_yes, push_stage
from netassess.spec.loader import load_task

pytestmark = pytest.mark.live

REPO = Path(__file__).resolve().parents[3]
ROUTERS = ("r1", "r2", "r3")
# Passes FRR's parser (vtysh -m) but zebra refuses it when typed: "% Invalid address".
REFUSED_LINE = " ip address 224.0.0.5/24"


def running(state: LabState) -> dict[str, str]:
    return {node: vtysh(state, node, "show running-config") for node in ROUTERS}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the shipped S2 task whose solution r3 refuses (one line zebra rejects)."""
    root = tmp_path_factory.mktemp("push-project")
    for folder in ("containerlab", "templates", "tasks"):
        shutil.copytree(REPO / folder, root / folder)
    solution = root / "templates/frr/s2-ospf-triangle/solution.j2"
    solution.write_text(
        solution.read_text()
        + "{% if node == 'r3' %}\ninterface eth2\n" + REFUSED_LINE + "\nexit\n{% endif %}\n"
    )
    return root


def test_setup_then_solution_reach_the_reference_state_with_private_backups(triangle: LabState, tmp_path: Path) -> None:
    lab = triangle
    loaded = load_task(REPO / "tasks/s2-ospf-triangle.yaml")
    setup = push_stage(loaded, "setup", lab=lab.name, confirm=assume_yes, backup_root=tmp_path)
    assert sorted(setup.changed) == list(ROUTERS)
    after_setup = running(lab)
    for node, config in after_setup.items():
        assert "router ospf" not in config and " ip address 10." not in config, node
        assert f"hostname {node}" in config and "description to" in config

    solution = push_stage(loaded, "solution", lab=lab.name, confirm=assume_yes, backup_root=tmp_path)
    assert sorted(solution.changed) == list(ROUTERS)
    config = running(lab)["r2"]
    for line in (" ip address 10.0.12.2/30", " ip address 10.0.23.1/30", " ip address 10.255.0.2/32",
                 " ospf router-id 10.255.0.2", " network 10.0.23.0/30 area 0"):  # fmt: skip
        assert line in config

    device = next(d for d in solution.devices if d.host == "r2")
    assert device.backup is not None and device.backup_sanitised is not None
    assert stat.S_IMODE(device.backup.stat().st_mode) == 0o600
    assert stat.S_IMODE(device.backup.parent.stat().st_mode) == 0o700
    assert device.backup.read_text().rstrip() == after_setup["r2"].rstrip()  # the config just before this push
    assert "ip ospf network point-to-point" in device.diff

    again = push_stage(loaded, "solution", lab=lab.name, confirm=assume_yes, backup_root=tmp_path)
    assert again.changed == [] and not any(d.changes for d in again.devices)  # idempotent


def test_commit_confirm_verifies_with_a_fresh_login_and_the_change_outlives_its_revert_timer(
        triangle: LabState, tmp_path: Path) -> None:
    """`push --confirm-timeout N`: each commit is made with the driver's revert_in, confirmed once a
    fresh login works, so the change is still there after N seconds (unconfirmed it would revert)."""
    import time

    loaded = load_task(REPO / "tasks/s2-ospf-triangle.yaml")
    push_stage(loaded, "setup", lab=triangle.name, confirm=assume_yes, backup_root=tmp_path)
    started = time.monotonic()
    pushed = push_stage(loaded, "solution", lab=triangle.name, confirm=assume_yes, backup_root=tmp_path,
                        confirm_timeout=8)
    assert sorted(pushed.changed) == list(ROUTERS)
    time.sleep(max(0.0, 8 + 2 - (time.monotonic() - started)))  # past every device's revert deadline
    for node, config in running(triangle).items():
        assert "router ospf" in config, f"{node} reverted a confirmed commit"


def test_dry_run_shows_changes_and_changes_nothing(triangle: LabState, tmp_path: Path) -> None:
    lab = triangle
    loaded = load_task(REPO / "tasks/s2-ospf-triangle.yaml")
    before = running(lab)
    result = push_stage(loaded, "setup", lab=lab.name, dry_run=True, confirm=assume_yes, backup_root=tmp_path)
    assert all(d.changes for d in result.devices) and result.changed == []
    assert running(lab) == before
    assert not any(tmp_path.iterdir())  # a dry run writes no backups


def test_a_refused_line_rolls_every_device_back_byte_identical_and_exits_5(
    triangle: LabState, project: Path, tmp_path: Path
) -> None:
    lab = triangle
    loaded = load_task(project / "tasks/s2-ospf-triangle.yaml")
    push_stage(loaded, "setup", lab=lab.name, confirm=assume_yes, backup_root=tmp_path)
    before = running(lab)
    with pytest.raises(PushFailed) as info:
        push_stage(loaded, "solution", lab=lab.name, confirm=assume_yes, backup_root=tmp_path)
    assert info.value.exit_code == ExitCode.DEVICE
    message = str(info.value)
    assert "\n" not in message and message.startswith("r3: ") and "224.0.0.5" in message
    outcome = {d.host: d for d in info.value.result.devices}
    assert outcome["r3"].error and not outcome["r3"].committed
    assert all(outcome[n].committed and outcome[n].rolled_back for n in ("r1", "r2"))
    assert running(lab) == before  # byte-identical on every router
