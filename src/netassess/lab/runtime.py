"""Lab runtimes by name. A runtime brings a containerlab topology up and down and records a
``LabState``; ``auto`` prefers containerlab when it and docker are usable, else the netns runtime."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from netassess.lab.state import LabState
from netassess.lab.topology import Topology
from netassess.registry import Registry

Progress = Callable[[str, str], None]  # (node, stage) → None


class LabRuntime(Protocol):
    name: str

    def problem(self) -> str | None:
        """Why this runtime cannot run here (one line with the fix), or None."""

    def up(
        self,
        topology: Topology | Path | str,
        *,
        name: str | None = None,
        mgmt_subnet: str | None = None,
        wait: float = 60,
        progress: Progress | None = None,
        reconfigure: bool = False,
    ) -> LabState: ...

    def down(self, name: str) -> None: ...


RUNTIMES: Registry[type] = Registry("lab_runtime", package="netassess.lab.runtimes", noun="lab runtime")


def get_runtime(name: str = "auto") -> LabRuntime:
    """An instance of the named runtime; ``auto`` picks containerlab when usable, else netns."""
    if name == "auto":
        clab = RUNTIMES.get("containerlab")()
        return clab if clab.problem() is None else RUNTIMES.get("netns")()
    return RUNTIMES.get(name)()
