"""Recording stand-ins for NAPALM drivers at push's one seam (``push.steps._conn``), and the small
inventories the push tests use."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from nornir.core import Nornir
from nornir.plugins.runners import SerialRunner

from netassess.collect.inventory import inventory_from_dict
from netassess.push import steps as push_steps

LAB = {"netassess": {"push": "allowed", "lab": True}}  # what a built-in lab's hosts carry
Step = Exception | Callable[[], None]  # raise it, or call it (e.g. send this process a signal)


def nornir_for(hosts: dict[str, dict[str, Any]], **rest: Any) -> Nornir:
    return Nornir(inventory=inventory_from_dict({"hosts": hosts, **rest}), runner=SerialRunner())


def triangle_lab() -> Nornir:
    return nornir_for({n: {"hostname": f"10.0.0.{i}", "platform": "frr", "data": LAB}
                       for i, n in enumerate(("r1", "r2", "r3"), 1)})


def hub_spoke_lab() -> Nornir:
    hosts = {n: {"hostname": "x", "platform": "frr", "data": LAB} for n in ("hub", "spoke1", "spoke2")}
    hosts |= {n: {"hostname": "x", "platform": "linux", "data": LAB} for n in ("h1", "h2")}
    return nornir_for(hosts)


class FakeDevice:
    """Records what push asks of a NAPALM driver; ``fail[step]`` makes that step raise (or run a hook)."""

    def __init__(self, name: str, fail: dict[str, Step]) -> None:
        self.name, self.fail, self.calls = name, fail, []
        self.running = f"hostname {name}\npassword plain-secret\n"

    def _step(self, step: str) -> None:
        self.calls.append(step)
        action = self.fail.get(step)
        if isinstance(action, Exception):
            raise action
        if action is not None:
            action()

    def get_config(self, retrieve: str = "all") -> dict[str, str]:
        self._step("get_config")
        return {"running": self.running, "startup": "", "candidate": ""}

    def load_merge_candidate(self, config: str) -> None:
        self._step("load_merge")
        self.candidate = config

    def load_replace_candidate(self, config: str) -> None:
        self._step("load_replace")
        self.candidate = config

    def compare_config(self) -> str:
        self._step("compare")
        return "" if "nodiff" in self.fail else self.candidate

    def commit_config(self, message: str = "", revert_in: int | None = None) -> None:
        self._step("commit" if revert_in is None else f"commit revert_in={revert_in}")

    def confirm_commit(self) -> None:
        self._step("confirm")

    def discard_config(self) -> None:
        self._step("discard")

    def rollback(self) -> None:
        self._step("rollback")


@pytest.fixture
def fakes(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    devices: dict[str, FakeDevice] = {}
    failures: dict[str, dict[str, Step]] = {}

    def conn(task):  # type: ignore[no-untyped-def]
        name = task.host.name
        if name not in devices:
            devices[name] = FakeDevice(name, failures.get(name, {}))
        return devices[name]

    monkeypatch.setattr(push_steps, "_conn", conn)
    return devices, failures
