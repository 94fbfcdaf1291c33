"""Task labs and pods: one isolated copy of a task's lab per candidate.

A pod is an ordinary built-in lab named ``<task>-<candidate>`` with its own namespaces, management
/24 (drawn from the throwaway pool, so pods never overlap each other or a host route), its own
login key and known_hosts (each lab makes its own), and the task's setup stage (booted into, or
pushed: ``setup_boot``) rendered with that candidate's parameters (``load_task(…, candidate=…)``:
a parameter generator, when the task names one, gives each candidate their own values; fixed
parameters are the same for all).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from netassess.errors import LabError, NetassessError, SpecError, UsageError
from netassess.lab.state import LabState, PodInfo, list_labs, save_state
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
    """Bring the task's lab up as ``name`` in its setup stage; or attach to it if it is up.

    Returns ``(state, created)``. A new lab boots its routers into the setup stage when that is the
    same as pushing it (``setup_boot``), else it is pushed once the lab is up. ``own_subnet`` (pods)
    always draws a free /24; otherwise the topology's own subnet is used when free."""
    state, created, booted = lab_up(loaded, name, wait=wait, own_subnet=own_subnet)
    if created and not booted:
        push_setup(loaded, state, console)
    return state, created


def lab_up(loaded: Any, name: str, *, wait: float = 60, own_subnet: bool = False) -> tuple[LabState, bool, bool]:
    """The task's topology up as lab ``name``, or the running lab of that name: ``(state, created, booted)``.

    ``booted``: the new lab's routers booted into the setup stage; if False (and created), the caller
    pushes it. Two labs claiming one subnet at once is caught by the runtime's preflight under its
    host lock: we then draw another."""
    from netassess.lab.runtime import get_runtime
    from netassess.lab.runtimes.netns import LabAlreadyUp
    from netassess.lab.setup_boot import booting_into, setup_startup_configs
    from netassess.lab.topology import load_topology

    runtime = get_runtime("netns")
    topology = Path(loaded.topology_path)
    configs = setup_startup_configs(loaded)
    subnet = None
    if not own_subnet and subnet_taken(load_topology(topology, runtime="netns").mgmt_subnet, ignore=name) is not None:
        own_subnet = True
    for attempt in range(5):
        if own_subnet:
            subnet = free_mgmt_subnet()
        try:
            with booting_into(topology, configs or {}, subnet) as booted:
                return runtime.up(booted, name=name, wait=wait), True, configs is not None
        except LabAlreadyUp as exc:
            return exc.state, False, False
        except SpecError as exc:
            if not own_subnet or "overlaps" not in str(exc) or attempt == 4:
                raise
    raise AssertionError("unreachable")


def push_setup(loaded: Any, state: LabState, console: Any = None) -> None:
    """The candidate's starting point: the task's setup stage, rendered with their parameters."""
    from netassess.push import assume_yes, push_stage

    push_stage(loaded, "setup", lab=state.name, confirm=assume_yes, console=console)  # a pod this run made


def candidate_ids(pods: int | None, candidates: str | None) -> list[str]:
    """``--pods N`` → c01…cNN; ``--candidates a,b`` → those ids (checked, no repeats)."""
    if (pods is None) == (candidates is None):
        raise UsageError("give --pods N or --candidates c1,c2,… (one of them)")
    if pods is not None:
        if not 1 <= pods <= 99:
            raise UsageError(f"--pods {pods}: give between 1 and 99 pods")
        return [f"c{i:02d}" for i in range(1, pods + 1)]
    ids = [c.strip() for c in (candidates or "").split(",") if c.strip()]
    if not ids:
        raise UsageError("--candidates: give at least one candidate id")
    repeated = sorted({c for c in ids if ids.count(c) > 1})
    if repeated:
        raise UsageError(f"--candidates: {', '.join(repeated)} given more than once")
    return [check_candidate(c) for c in ids]


@dataclass
class PodOutcome:
    candidate: str
    lab: str
    state: LabState | None = None
    created: bool = False
    error: NetassessError | None = None
    up_s: float = 0.0  # seconds until every node answered
    setup_s: float = 0.0  # seconds to push the setup stage (0 when the routers booted into it)
    setup_booted: bool = False  # the routers booted with the setup stage as their startup config


def pod_up(loaded: Any, candidate: str, wait: float) -> PodOutcome:
    """One candidate's pod: up in the setup stage of ``loaded`` (the task loaded with their id: their
    parameters), booted into it or pushed (``task_lab_up``)."""
    name = pod_name(loaded.task.id, candidate)
    outcome = PodOutcome(candidate, name)
    started = time.monotonic()
    try:
        state, outcome.created, outcome.setup_booted = lab_up(loaded, name, wait=wait, own_subnet=True)
        outcome.up_s = time.monotonic() - started
        if state.pod is None or state.pod.candidate != candidate:  # recorded first: a failed push still shows whose pod
            state.pod = PodInfo(task=loaded.task.id, task_path=str(Path(loaded.path).resolve()), candidate=candidate)
            save_state(state)
        if outcome.created and not outcome.setup_booted:
            push_setup(loaded, state)
            outcome.setup_s = time.monotonic() - started - outcome.up_s
    except NetassessError as exc:
        outcome.error = exc
        return outcome
    outcome.state = state
    return outcome


def pods_up(
    task_path: Path, candidates: list[str], *, params: Mapping[str, Any] | None = None, wait: float = 120,
    workers: int = 12, on_done: Callable[[PodOutcome], None] | None = None,
) -> list[PodOutcome]:
    """Bring every candidate's pod up, ``workers`` at a time; pods that fail are reported, not hidden,
    and the ones that came up stay up (``lab down`` removes any of them)."""
    from netassess.spec.loader import load_task

    # Each candidate's task (their parameters) is loaded here, in one thread, before any pod starts:
    # a bad task or parameter costs no lab, and the check registry is filled once, not raced. Only a
    # generated parameter differs between candidates: without one, every candidate shares one load.
    first = load_task(task_path, params or None, candidate=candidates[0])
    generated = any(p.generate is not None for p in first.task.parameters.values())
    loaded = {c: load_task(task_path, params or None, candidate=c) if generated and i else first
              for i, c in enumerate(candidates)}

    def one(candidate: str) -> PodOutcome:
        outcome = pod_up(loaded[candidate], candidate, wait)
        if on_done is not None:
            on_done(outcome)
        return outcome

    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(candidates)))) as pool:
        return list(pool.map(one, candidates))


def find_pods(task_id: str | None = None, which: str = "all") -> list[LabState]:
    """The pods that are up (of ``task_id`` if given); ``which`` is ``all`` or candidate ids ``c1,c2``."""
    pods = [s for s in list_labs() if s.pod is not None and (task_id is None or s.pod.task == task_id)]
    if which != "all":
        wanted = [c.strip() for c in which.split(",") if c.strip()]
        have = {s.pod.candidate: s for s in pods if s.pod is not None}
        missing = [c for c in wanted if c not in have]
        if missing:
            raise UsageError(f"--pods: no pod for candidate(s) {', '.join(missing)}"
                             f" (pods: {', '.join(sorted(have)) or 'none'})")
        pods = [have[c] for c in wanted]
    if not pods:
        raise LabError(f"no pods{f' of task {task_id}' if task_id else ''} are up; "
                       "start them with `netassess lab up TASK --pods N`")
    return pods


def login_hint(state: LabState, node: str) -> str:
    """How a candidate logs in to one node of their pod (their pod's key; never a password)."""
    return f"netassess lab ssh {node} --lab {state.name}"

