"""``netassess demo`` always tears its lab down, whatever fails in between."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from engine_project import write_project
from rich.console import Console

from netassess.cli import demo
from netassess.errors import DeviceError, UsageError


class FakeRuntime:
    name = "netns"

    def __init__(self) -> None:
        self.up_names: list[str] = []
        self.down_names: list[str] = []

    def problem(self) -> None:
        return None

    def up(self, topology: Path, *, name: str, mgmt_subnet: str, **_: object) -> object:
        self.up_names.append(name)
        return type("State", (), {"name": name, "nodes": {"r1": None}})()

    def down(self, name: str) -> None:
        self.down_names.append(name)


@pytest.fixture
def runtime(monkeypatch: pytest.MonkeyPatch) -> FakeRuntime:
    rt = FakeRuntime()
    monkeypatch.setattr("netassess.lab.runtime.get_runtime", lambda name="auto": rt)
    monkeypatch.setattr("netassess.lab.subnets.free_mgmt_subnet", lambda: "172.29.250.0/24")
    monkeypatch.setattr("netassess.collect.inventory.build_nornir", lambda **kw: object())
    return rt


def test_demo_tears_the_lab_down_when_a_push_fails(tmp_path: Path, runtime: FakeRuntime, monkeypatch: pytest.MonkeyPatch) -> None:
    task = write_project(tmp_path / "proj")

    def refuse(*_: object, **__: object) -> None:
        raise DeviceError("r1 refused the config")

    monkeypatch.setattr(demo, "push_stage", refuse)
    with pytest.raises(DeviceError):
        demo.run_demo(str(task), keep=False, workers=2, output=tmp_path / "out", console=Console(file=io.StringIO()))
    assert runtime.up_names and runtime.down_names == runtime.up_names


def test_demo_keep_leaves_the_lab_up(tmp_path: Path, runtime: FakeRuntime, monkeypatch: pytest.MonkeyPatch) -> None:
    task = write_project(tmp_path / "proj")
    monkeypatch.setattr(demo, "push_stage", lambda *a, **k: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        demo.run_demo(str(task), keep=True, workers=2, output=None, console=Console(file=io.StringIO()))
    assert runtime.down_names == []


def test_demo_names_an_unknown_task(tmp_path: Path, runtime: FakeRuntime) -> None:
    with pytest.raises(UsageError, match="no-such-task"):
        demo.run_demo("no-such-task", keep=False, workers=2, output=None, console=Console(file=io.StringIO()))
    assert runtime.up_names == []
