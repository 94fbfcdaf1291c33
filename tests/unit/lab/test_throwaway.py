"""A throwaway lab (demo, ``validate --live``) is torn down however its block ends."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest

from netassess.errors import EnvironmentProblem, ExitCode
from netassess.lab.throwaway import throwaway_lab


class FakeRuntime:
    """Records what the lifecycle asks of the netns runtime; no namespace is touched."""

    def __init__(self, *, problem: str | None = None, up_fails: bool = False, down_fails: bool = False) -> None:
        self._problem, self.up_fails, self.down_fails = problem, up_fails, down_fails
        self.up_calls: list[tuple[str, str]] = []
        self.down_names: list[str] = []

    def problem(self) -> str | None:
        return self._problem

    def up(self, topology: Path, *, name: str, mgmt_subnet: str, frr_image: str | None = None) -> object:
        self.up_calls.append((name, mgmt_subnet))
        if self.up_fails:
            raise EnvironmentProblem("frr did not start")
        return type("State", (), {"name": name})()

    def down(self, name: str) -> None:
        self.down_names.append(name)
        if self.down_fails:
            raise RuntimeError("netns busy")


@pytest.fixture
def state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NETASSESS_STATE_DIR", str(tmp_path / "state"))
    return tmp_path / "state"


def _lab(prefix: str = "demo", say: Callable[[str], None] = lambda _: None, **kw: Any) -> AbstractContextManager[Any]:
    """A throwaway lab of the fake runtime, on a fixed subnet unless the test names one."""
    kw.setdefault("subnet", lambda: "172.29.9.0/24")
    return throwaway_lab(Path("line.clab.yml"), prefix=prefix, say=say, **kw)


def _use(monkeypatch: pytest.MonkeyPatch, runtime: FakeRuntime) -> FakeRuntime:
    monkeypatch.setattr("netassess.lab.runtime.get_runtime", lambda name="auto": runtime)
    return runtime


def test_a_failure_inside_the_block_still_tears_the_lab_down(state_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rt = _use(monkeypatch, FakeRuntime())
    said: list[str] = []
    with pytest.raises(ValueError, match="push refused"), _lab(say=said.append) as state:
        assert state.name.startswith("demo-")
        raise ValueError("push refused")
    assert rt.up_calls == [(state.name, "172.29.9.0/24")] and rt.down_names == [state.name]
    assert said[-1] == f"tearing down lab {state.name} …"


@pytest.fixture
def default_sigterm() -> Iterator[None]:
    """SIGTERM as a plain process has it (other tests' CLI runs install the CLI's own handler)."""
    before = signal.signal(signal.SIGTERM, signal.SIG_DFL)
    yield
    signal.signal(signal.SIGTERM, before)


def test_sigterm_inside_the_block_unwinds_and_tears_down(state_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                                         default_sigterm: None) -> None:
    rt = _use(monkeypatch, FakeRuntime())
    with pytest.raises(KeyboardInterrupt), _lab("prove"):
        os.kill(os.getpid(), signal.SIGTERM)
    assert len(rt.down_names) == 1
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # the process's own handling is back


def test_keep_leaves_the_lab_up_and_says_how_to_stop_it(state_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rt = _use(monkeypatch, FakeRuntime())
    said: list[str] = []
    with _lab(say=said.append, keep=True) as state:
        pass
    assert rt.down_names == [] and f"netassess lab down {state.name}" in said[-1]


def test_a_lab_that_never_came_up_is_not_torn_down(state_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rt = _use(monkeypatch, FakeRuntime(up_fails=True))
    with pytest.raises(EnvironmentProblem, match="frr did not start"), _lab():
        pytest.fail("the block must not run without a lab")
    assert rt.down_names == []


def test_a_failed_teardown_is_said_with_the_manual_command_not_raised(state_dir: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    rt = _use(monkeypatch, FakeRuntime(down_fails=True))
    said: list[str] = []
    with _lab(say=said.append) as state:
        pass
    assert rt.down_names == [state.name]
    assert said[-1] == f"teardown of lab {state.name} failed (netns busy); run `netassess lab down {state.name}`"


def test_no_lab_runtime_is_one_environment_error_before_anything_starts(state_dir: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    rt = _use(monkeypatch, FakeRuntime(problem="needs root"))
    def no_subnet() -> str:
        raise AssertionError("no subnet is chosen without a runtime")

    with pytest.raises(EnvironmentProblem, match="needs root") as info, _lab(subnet=no_subnet):
        pytest.fail("the block must not run without a lab")
    assert info.value.exit_code == ExitCode.ENVIRONMENT and rt.up_calls == []
