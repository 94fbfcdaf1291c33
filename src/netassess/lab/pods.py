"""Task labs and pods: one isolated copy of a task's lab per candidate.

A pod is an ordinary built-in lab named ``<task>-<candidate>`` with its own namespaces, management
/24 (drawn from the throwaway pool, so pods never overlap each other or a host route), its own
login key and known_hosts (each lab makes its own), and the task's setup stage pushed with that
candidate's parameters (``load_task(…, candidate=…)``: a parameter generator, when the task names
one, gives each candidate their own values; fixed parameters are the same for all).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from netassess.errors import SpecError, UsageError
from netassess.lab.state import LabState
from netassess.lab.subnets import free_mgmt_subnet, subnet_taken

_CANDIDATE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,23}$")
MAX_LAB_NAME = 40


def check_candidate(candidate: str) -> str:
    if not _CANDIDATE.match(candidate):
        raise UsageError(f"candidate id {candidate!r}: use up to 24 letters, digits, '_', '.', '-' "
                         "(it names the candidate's pod and lab)")
    return candidate


def pod_name(task_id: str, candidate: str | None) -> str:
    """The lab name of a candidate's pod (``<task>-<candidate>``), or of the task's own lab."""
    if candidate is None:
        return task_id[:MAX_LAB_NAME]
    check_candidate(candidate)
    return f"{task_id[:MAX_LAB_NAME - len(candidate) - 1]}-{candidate}"


def task_lab_up(
    loaded: Any, name: str, *, candidate: str | None = None, wait: float = 60, own_subnet: bool = False,
    console: Any = None,
) -> tuple[LabState, bool]:
    """Bring the task's lab up as ``name`` and push its setup stage; or attach to it if it is up.

    Returns ``(state, created)``. ``own_subnet`` (pods) always draws a free /24; otherwise the
    topology's own subnet is used when free. Two labs claiming one subnet at once is caught by the
    runtime's preflight under its host lock: we then draw another."""
    from netassess.lab.runtime import get_runtime
    from netassess.lab.runtimes.netns import LabAlreadyUp
    from netassess.lab.topology import load_topology
    from netassess.push import push_stage

    runtime = get_runtime("netns")
    topology = Path(loaded.topology_path)
    subnet = None
    if not own_subnet and subnet_taken(load_topology(topology, runtime="netns").mgmt_subnet, ignore=name) is not None:
        own_subnet = True
    for attempt in range(5):
        if own_subnet:
            subnet = free_mgmt_subnet()
        try:
            state = runtime.up(topology, name=name, mgmt_subnet=subnet, wait=wait)
            break
        except LabAlreadyUp as exc:
            return exc.state, False
        except SpecError as exc:
            if not own_subnet or "overlaps" not in str(exc) or attempt == 4:
                raise
    push_stage(loaded, "setup", lab=state.name, console=console)
    return state, True
