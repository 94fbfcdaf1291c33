"""Fixtures of the fault matrix: its task project, and ``intact``, the check that a case left the lab as it found it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest
from fault_tools import ROUTERS, TASK, pids_named, routes_everywhere, running_configs, wait_for

from netassess.lab.state import LabState


@pytest.fixture(scope="session")
def fault_project(task_project: Callable[..., Path]) -> Path:
    return task_project(TASK)


@pytest.fixture(scope="session")
def intact(wait_ospf: Callable[[LabState, float], None]) -> Callable[[LabState], AbstractContextManager[None]]:
    """``with intact(lab):`` — the case starts on a converged lab, and after it (the fault undone)
    the lab has converged again, every running config is byte-identical and no session is left open."""

    @contextmanager
    def check(lab: LabState) -> Iterator[None]:
        wait_ospf(lab, 60)
        wait_for(lambda: routes_everywhere(lab), 30, f"OSPF routes to every loopback in {lab.name}", interval=0.5)
        before = running_configs(lab)
        yield
        wait_ospf(lab, 60)
        wait_for(lambda: routes_everywhere(lab), 30, f"OSPF routes again in {lab.name}", interval=0.5)
        assert running_configs(lab) == before
        wait_for(lambda: not any(pids_named(lab, n, "vtysh") for n in ROUTERS), 20, "every session closed", interval=0.1)

    return check
