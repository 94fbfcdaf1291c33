"""One assessment, end to end: task spec → plan → collect → evaluate (→ retry) → score → RunResult.

This module only wires the stages together; each stage lives in its own module:
``collect.roles`` / ``collect.plan`` / ``collect.collector`` / ``evaluate`` / ``scoring``.
``rescore`` runs the same evaluate and score stages on a saved snapshot, without any device.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

from nornir.core import Nornir

from netassess.checks.base import DeviceContext, EvalContext, LinkEnd
from netassess.collect.assign import assign_nodes  # the same node assignment push uses
from netassess.collect.collector import Progress, collect
from netassess.collect.inventory import require_napalm_drivers
from netassess.collect.plan import FACTS_REQUEST, Plan, PlannedCheck, WaitPolicy, build_plan
from netassess.collect.roles import RoleMap, build_role_map
from netassess.errors import UsageError
from netassess.evaluate import evaluate_all, retry_waiting, waits_cut
from netassess.filters import Selection
from netassess.redact import Redactor
from netassess.results import CheckResult, DeviceInfo, Level, RunResult, TaskRef
from netassess.scoring import Marks, score
from netassess.snapshot import Snapshot, StateRequest, now
from netassess.window_measure import WindowMeasurement

if TYPE_CHECKING:  # spec and report import heavier things; the engine only needs their types here
    from netassess.report.base import ReportContext
    from netassess.spec.loaded import LoadedCheck, LoadedTask

log = logging.getLogger(__name__)
Mode = Literal["assess", "practice", "rescore"]
BASELINE_FILE = "baseline.json"


@dataclass
class TaskView:
    """What the engine needs from a loaded task, in one place (the seam with ``netassess.spec``)."""

    id: str
    version: str
    title: str
    sha256: str
    path: Path | None
    topology: Path | None
    roles: dict[str, str | list[str]]
    checks: list[LoadedCheck]  # spec, check_type, parsed args, effective skills
    marks: Marks
    params: dict[str, Any] = field(default_factory=dict)
    params_plain: dict[str, Any] = field(default_factory=dict)
    links: list[tuple[LinkEnd, LinkEnd]] = field(default_factory=list)  # topology links, in device terms once planned
    topology_groups: dict[str, list[str]] = field(default_factory=dict)
    interface_maps: dict[str, dict[str, str]] = field(default_factory=dict)  # device -> topology ifname -> its own
    secrets: Redactor = field(default_factory=Redactor)  # values of `secret` parameters: never written
    all_checks: list[LoadedCheck] = field(default_factory=list)  # every check of the task, also those a filter left out

    def select(self, selection: Selection) -> None:
        """Keep only the checks ``--check`` / ``--tag`` pick (a usage error if none)."""
        self.all_checks = list(self.checks)
        if selection.checks or selection.tags:
            self.checks = selection.pick_checks(self.checks)


def task_view(loaded: LoadedTask) -> TaskView:
    """Adapt ``netassess.spec.loaded.LoadedTask`` to the engine's view."""
    task = loaded.task
    scoring = task.scoring
    topo = loaded.topology
    links = [(LinkEnd(ln.a.device, ln.a.interface), LinkEnd(ln.b.device, ln.b.interface)) for ln in topo.links]
    return TaskView(
        id=task.id,
        version=str(task.version),
        title=task.title,
        sha256=loaded.sha256,
        path=Path(loaded.path),
        topology=Path(loaded.topology_path),
        roles=dict(task.roles),
        checks=list(loaded.checks),
        marks=Marks(scoring.pass_mark, scoring.distinction_mark, dict(scoring.skill_minimums)),
        params=dict(loaded.params),
        params_plain=loaded.params_plain(),
        links=links,
        topology_groups=loaded.topology_groups(),
        secrets=Redactor.of(loaded.secret_values()),
        all_checks=list(loaded.checks),
    )


def plan_checks(view: TaskView, role_map: RoleMap) -> list[PlannedCheck]:
    """Resolve each loaded check against this inventory: the devices its targets name."""
    planned: list[PlannedCheck] = []
    for index, loaded_check in enumerate(view.checks):
        spec = loaded_check.spec
        where = f"{view.path or view.id}: checks[{index}] ({spec.id})"
        wait = WaitPolicy(spec.wait.timeout, spec.wait.interval) if spec.wait else None
        messages = {k: v for k, v in (("pass", spec.pass_message), ("fail", spec.fail_message)) if v}
        planned.append(
            PlannedCheck(
                id=spec.id,
                type_name=spec.type,
                check=loaded_check.check_type(),
                args=loaded_check.args,
                devices=role_map.resolve(spec.targets, where),
                points=float(spec.points),
                skills=list(loaded_check.skills),
                level=Level(spec.level),
                hint=spec.hint,
                messages=messages,
                wait=wait,
                location=where,
            )
        )
    return planned


@dataclass
class Assessment:
    result: RunResult
    snapshot: Snapshot
    plan: Plan
    checks: list[PlannedCheck]
    baseline: Snapshot | None = None

    def report_context(self, *, task_path: Path | None = None, show_hints: bool = False) -> ReportContext:
        """What every report format gets: the result, the snapshot, and the configs before/after."""
        from netassess.report.base import ReportContext
        from netassess.report.outcomes import configs_from_snapshot

        topology = Path(self.result.topology) if self.result.topology else None
        return ReportContext(result=self.result, snapshot=self.snapshot, topology=topology, task_path=task_path,
                             configs_before=configs_from_snapshot(self.baseline), show_hints=show_hints)


def _device_info(snapshot: Snapshot, devices: Mapping[str, DeviceContext], hosts: Mapping[str, str | None]) -> dict[str, DeviceInfo]:
    out: dict[str, DeviceInfo] = {}
    for name, dev in devices.items():
        entry = snapshot.entry(name, FACTS_REQUEST)
        error = snapshot.device_errors.get(name)
        if error is None and entry is not None and not entry.ok:
            error = entry.error
        facts = entry.data if entry is not None and entry.ok and isinstance(entry.data, dict) else None
        out[name] = DeviceInfo(platform=dev.platform, host=hosts.get(name), role=list(dev.roles), facts=facts, error=error)
    return out


def _run_result(
    view: TaskView,
    results: list[CheckResult],
    snapshot: Snapshot,
    devices: Mapping[str, DeviceContext],
    hosts: Mapping[str, str | None],
    mode: Mode,
    candidate: str | None,
    assessor: str | None,
    started: datetime,
    snapshot_path: Path | None,
    selection: Selection = Selection(),
    checks: list[PlannedCheck] | None = None,
    max_wait: float | None = None,
) -> RunResult:
    total, skills, complete = score(results, view.marks)
    if any(snapshot.device_errors.get(d) for d in devices):
        complete = False  # an unreachable device is never silent, even if no check targets it
    return view.secrets.model(RunResult(
        mode=mode,
        task=TaskRef(id=view.id, version=view.version, title=view.title, sha256=view.sha256, path=str(view.path) if view.path else None),
        candidate=candidate,
        assessor=assessor,
        parameters=_masked_params(view),
        started=started,
        finished=now(),
        topology=str(view.topology) if view.topology else None,
        devices=_device_info(snapshot, devices, hosts),
        results=results,
        skills=skills,
        score=total,
        complete=complete,
        snapshot=str(snapshot_path) if snapshot_path else None,
        filters=selection.record([c.spec.id for c in view.all_checks], [c.id for c in checks or []]),
        max_wait=max_wait,
    ))


def run_assessment(
    loaded: LoadedTask,
    nr: Nornir,
    *,
    overrides: Mapping[str, list[str]] | None = None,
    mode: Mode = "assess",
    candidate: str | None = None,
    assessor: str | None = None,
    output: Path | None = None,
    progress: Progress | None = None,
    on_retry: Callable[[list[str]], None] | None = None,
    baseline: Snapshot | None = None,
    window: WindowMeasurement | None = None,
    selection: Selection = Selection(),
    max_wait: float | None = None,
) -> Assessment:
    """Assess the devices of ``nr`` against a loaded task; save the snapshot in ``output`` if given.

    ``baseline`` is a snapshot taken before the candidate's change (``capture_baseline``); S7 checks
    compare against it. It is copied beside the snapshot so re-scoring the folder needs nothing else.
    ``window`` is what the change window measured (``netassess.window``); it goes into the snapshot.
    ``selection`` (``--device``/``--check``/``--tag``) narrows the run; the result and snapshot record it.
    ``max_wait`` (``--max-wait``) caps each check's retry window; the result records a cap that cut one.
    """
    started = now()
    view, role_map, checks, devices, plan = _prepare(loaded, nr, overrides, selection)
    log.info("plan: %d check(s) on %d device(s), %d request(s)", len(checks), len(devices),
             sum(len(r) for r in plan.requests.values()))
    snapshot = Snapshot(started=started, window=window)
    snapshot.context = _context(view, role_map, devices)
    if selection:
        snapshot.context["filters"] = selection.context()
    if candidate is not None:  # `score` re-derives this candidate's generated secrets
        snapshot.context["candidate"] = candidate
    cut = waits_cut(checks, max_wait)  # recorded only where it shortened a wait
    if cut is not None:  # in the snapshot too: re-scoring it says so as well
        snapshot.context["max_wait"] = cut
    if baseline is not None and output is not None:
        output.mkdir(parents=True, exist_ok=True)
        baseline.save(output / BASELINE_FILE)
        snapshot.context["baseline"] = BASELINE_FILE
    _expect(progress, plan.requests)
    collect(nr, plan.requests, snapshot, progress=progress, redact=view.secrets)
    ctx = EvalContext(devices=devices, links=view.links, params=view.params, run_started=started,
                      baseline=_with_real_keys(baseline, plan, view.secrets))
    results = evaluate_all(checks, snapshot, ctx, plan)

    def recollect(requests: dict[str, list[StateRequest]]) -> None:
        collect(nr, requests, snapshot, redact=view.secrets)

    results = retry_waiting(checks, results, snapshot, plan, ctx, recollect, on_round=on_retry, max_wait=max_wait)
    snapshot = view.secrets.model(snapshot)  # request keys too: a check may put a secret in a command
    snapshot_path = None
    if output is not None:
        output.mkdir(parents=True, exist_ok=True)
        snapshot_path = output / "snapshot.json"
        snapshot.save(snapshot_path)
    hosts = {h.name: h.hostname for h in nr.inventory.hosts.values()}
    result = _run_result(view, results, snapshot, devices, hosts, mode, candidate, assessor, started, snapshot_path,
                         selection, checks, cut)
    log.info("scored: %g of %g points (%s), complete=%s", result.score.awarded, result.score.possible,
             result.score.grade.value, result.complete)
    return Assessment(result=result, snapshot=snapshot, plan=plan, checks=checks, baseline=baseline)


def _expect(progress: Progress | None, requests: Mapping[str, list[StateRequest]]) -> None:
    """Tell a progress display that can use it (``expect``) how many devices and requests are coming."""
    expect = getattr(progress, "expect", None)
    if expect is not None:
        expect(requests)


@overload
def _with_real_keys(snapshot: Snapshot, plan: Plan, secrets: Redactor) -> Snapshot: ...
@overload
def _with_real_keys(snapshot: None, plan: Plan, secrets: Redactor) -> None: ...
def _with_real_keys(snapshot: Snapshot | None, plan: Plan, secrets: Redactor) -> Snapshot | None:
    """A saved snapshot stores request keys with secret values masked (`cmd:show key <removed>`);
    a copy that also answers this run's real keys, so re-scoring judges exactly what the run judged.
    The copy is only evaluated, never written."""
    if snapshot is None or not secrets:
        return snapshot
    judged = snapshot.model_copy(deep=True)
    for device, requests in plan.requests.items():
        entries = judged.devices.get(device, {})
        for request in requests:
            masked = secrets.text(request.key)
            if masked != request.key and request.key not in entries and masked in entries:
                entries[request.key] = entries[masked]
    return judged


def _masked_params(view: TaskView) -> dict[str, Any]:
    """The instance's parameters (a candidate's generated ones included), secrets masked."""
    from netassess.sanitise import sanitise_data

    return dict(sanitise_data(view.params_plain))


def _context(view: TaskView, role_map: RoleMap, devices: Mapping[str, DeviceContext]) -> dict[str, Any]:
    """What re-scoring needs besides device state: who plays what, groups, parameters, device order."""
    from netassess.sanitise import sanitise_data  # `--param ospf_key=…` must not land in snapshot.json or a bundle

    return {"task": view.id, "params": sanitise_data(view.params_plain), "roles": role_map.roles, "nodes": role_map.nodes,
            "groups": role_map.groups, "interface_maps": view.interface_maps, "devices": list(devices)}


def device_links(
    links: list[tuple[LinkEnd, LinkEnd]], nodes: Mapping[str, str], devices: Mapping[str, DeviceContext]
) -> list[tuple[LinkEnd, LinkEnd]]:
    """Topology links in device terms: each node end becomes the device playing it, with that device's
    interface name (``data.interface_map``, else its platform's default, as ``ifname()`` in stage
    templates); links to nodes no device plays are dropped."""
    out = []
    for a, b in links:
        if a.device not in nodes or b.device not in nodes or nodes[a.device] == nodes[b.device]:
            continue
        ends = []
        for end in (a, b):
            device = nodes[end.device]
            ctx = devices.get(device)
            ifname = ctx.ifname() if ctx is not None else None
            ends.append(LinkEnd(device, ifname(end.interface) if ifname else end.interface))
        out.append((ends[0], ends[1]))
    return out


def _prepare(loaded: LoadedTask, nr: Nornir, overrides: Mapping[str, list[str]] | None, selection: Selection = Selection()
             ) -> tuple[TaskView, RoleMap, list[PlannedCheck], dict[str, DeviceContext], Plan]:
    view = task_view(loaded)
    view.select(selection)
    nodes = assign_nodes(loaded, nr.inventory, overrides)
    role_map = build_role_map(nr.inventory, view.roles, overrides, view.topology_groups, nodes)
    view.links = device_links(view.links, nodes, role_map.devices)
    view.interface_maps = {d: dict(ctx.interface_map) for d, ctx in role_map.devices.items() if ctx.interface_map}
    checks = selection.pick_devices(plan_checks(view, role_map), role_map.devices, view.links)
    involved = {d for c in checks for d in c.devices}
    devices = {n: ctx for n, ctx in role_map.devices.items() if n in involved}
    require_napalm_drivers(nr, devices)
    return view, role_map, checks, devices, build_plan(checks, devices)


def uses_baseline(loaded: LoadedTask) -> bool:
    """Does any check of the task judge a change against a pre-change snapshot (``capture_baseline``)?"""
    return any(getattr(c.check_type, "uses_baseline", False) for c in loaded.checks)


def capture_baseline(
    loaded: LoadedTask,
    nr: Nornir,
    *,
    overrides: Mapping[str, list[str]] | None = None,
    output: Path | None = None,
    progress: Progress | None = None,
) -> Snapshot:
    """Collect (without judging) everything the task's checks read: the pre-change state S7 checks compare with."""
    view, role_map, _, devices, plan = _prepare(loaded, nr, overrides)
    snapshot = Snapshot()
    snapshot.context = {**_context(view, role_map, devices), "kind": "baseline"}
    _expect(progress, plan.requests)
    collect(nr, plan.requests, snapshot, progress=progress, redact=view.secrets)
    snapshot = view.secrets.model(snapshot)
    if output is not None:
        output.mkdir(parents=True, exist_ok=True)
        snapshot.save(output / BASELINE_FILE)
    return snapshot


def load_baseline_for(snapshot: Snapshot, snapshot_path: Path | None) -> Snapshot | None:
    """The baseline a saved run was judged against (``baseline.json`` beside its snapshot), if any."""
    name = (snapshot.context or {}).get("baseline")
    if not name or snapshot_path is None:
        return None
    path = snapshot_path.parent / name
    if not path.exists():
        return None
    try:
        return Snapshot.load(path)
    except (ValueError, OSError) as exc:
        raise UsageError(f"{path}: the run's baseline is not a netassess snapshot: {str(exc).splitlines()[0]}; "
                         "restore it or pass --baseline") from None


def rescore(loaded: LoadedTask, snapshot: Snapshot, snapshot_path: Path | None = None, baseline: Snapshot | None = None) -> Assessment:
    """Evaluate and score a saved snapshot against a task: no device is contacted."""
    started = now()
    if baseline is None:
        baseline = load_baseline_for(snapshot, snapshot_path)
    view = task_view(loaded)
    saved = snapshot.context or {}
    selection = Selection.from_context(saved.get("filters"))  # a filtered run is re-scored as the same part
    view.select(selection)
    roles = {r: list(n) for r, n in (saved.get("roles") or view.roles).items()}
    order = [d for d in saved.get("devices") or snapshot.platforms if d in snapshot.platforms]
    maps = saved.get("interface_maps") or {}
    devices = {
        name: DeviceContext(name, snapshot.platforms[name], tuple(sorted(r for r, nodes in roles.items() if name in nodes)),
                            tuple(sorted((maps.get(name) or {}).items())))
        for name in order
    }
    nodes = dict(saved.get("nodes") or {n: n for n in devices})
    role_map = RoleMap(roles=roles, groups=dict(saved.get("groups") or {}), devices=devices,
                       topology_groups=view.topology_groups, nodes=nodes)
    view.links = device_links(view.links, nodes, devices)
    checks = selection.pick_devices(plan_checks(view, role_map), devices, view.links)
    plan = build_plan(checks, devices)
    ctx = EvalContext(devices=devices, links=view.links, params=view.params, run_started=snapshot.started,
                      baseline=_with_real_keys(baseline, plan, view.secrets))
    results = evaluate_all(checks, _with_real_keys(snapshot, plan, view.secrets), ctx, plan)
    result = _run_result(view, results, snapshot, devices, {}, "rescore", snapshot.context.get("candidate"), None, started,
                         snapshot_path, selection, checks, saved.get("max_wait"))
    return Assessment(result=result, snapshot=snapshot, plan=plan, checks=checks, baseline=baseline)
