"""`push --confirm-timeout N`: commits are made with the driver's revert_in, and confirmed only once a
fresh login to every committed device works; if one does not, every committed device is rolled back."""

from __future__ import annotations

from pathlib import Path

import pytest
from push_fakes import fakes, triangle_lab  # noqa: F401 - fakes is a fixture

from netassess.push import PushFailed, assume_yes, push_stage
from netassess.push import steps as push_steps
from netassess.spec.loader import load_task

S2 = Path(__file__).resolve().parents[3] / "tasks/s2-ospf-triangle.yaml"


def test_each_commit_reverts_unless_confirmed_after_a_fresh_login(fakes, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    devices, _ = fakes
    logins: list[str] = []
    monkeypatch.setattr(push_steps, "fresh_login", lambda task: logins.append(task.host.name))
    result = push_stage(load_task(S2), "setup", triangle_lab(), confirm=assume_yes, backup_root=tmp_path, confirm_timeout=90)
    assert sorted(logins) == ["r1", "r2", "r3"]
    assert all(d.committed and d.confirmed for d in result.devices)
    calls = devices["r1"].calls
    assert "commit revert_in=90" in calls and calls.index("confirm") > calls.index("commit revert_in=90")


def test_a_device_unreachable_after_its_commit_rolls_every_device_back_exit_5(fakes, monkeypatch: pytest.MonkeyPatch,
                                                                              tmp_path: Path) -> None:
    devices, _ = fakes

    def login(task) -> None:  # type: ignore[no-untyped-def]
        if task.host.name == "r2":
            raise ConnectionRefusedError("r2: connection refused")

    monkeypatch.setattr(push_steps, "fresh_login", login)
    with pytest.raises(PushFailed) as info:
        push_stage(load_task(S2), "setup", triangle_lab(), confirm=assume_yes, backup_root=tmp_path, confirm_timeout=90)
    assert info.value.exit_code == 5 and "r2" in str(info.value) and "rolled back" in str(info.value)
    assert {n: devices[n].calls[-1] for n in ("r1", "r2", "r3")} == {"r1": "rollback", "r2": "rollback", "r3": "rollback"}
    assert "confirm" not in devices["r2"].calls


def test_without_a_timeout_the_commit_is_plain_and_never_confirmed(fakes, tmp_path: Path) -> None:
    devices, _ = fakes
    push_stage(load_task(S2), "setup", triangle_lab(), confirm=assume_yes, backup_root=tmp_path)
    assert "commit" in devices["r1"].calls and "confirm" not in devices["r1"].calls
