"""The push itself, in two phases across all devices (in parallel, one NAPALM session each):

1. prepare: back up the running config, load the rendered candidate (merge or replace), diff it;
   a device that refuses the candidate here has changed nothing, and nothing is committed anywhere;
2. commit every device whose diff is not empty; if any refuses, roll back the devices already
   committed (the refusing device restores itself, per the NAPALM contract) and raise
   ``DeviceError`` (exit 5) naming the device and the line.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nornir.core import Nornir
from rich.console import Console
from nornir.core.task import Task

from netassess.errors import DeviceError, ExitCode, NetassessError, UsageError
from netassess.push.assign import assign_nodes
from netassess.push.backup import BackupSet
from netassess.redact import Redactor
from netassess.sanitise import sanitise_config, sanitise_message
from netassess.spec.loaded import LoadedTask
from netassess.spec.render import RenderError
from netassess.spec.stages import render_stage

DEFAULT_BACKUP_ROOT = Path("backups")


@dataclass
class DevicePush:
    host: str
    node: str
    platform: str
    mode: str
    config: str | None = None  # rendered candidate (holds secrets: never printed)
    skip: str | None = None  # why nothing is pushed to this device
    backup: Path | None = None
    backup_sanitised: Path | None = None
    diff: str = ""  # sanitised: what commit types
    committed: bool = False
    rolled_back: bool = False
    error: str | None = None

    @property
    def changes(self) -> bool:
        return bool(self.diff.strip())


@dataclass
class PushResult:
    task_id: str
    stage: str
    dry_run: bool
    devices: list[DevicePush] = field(default_factory=list)
    backup_folder: Path | None = None

    @property
    def changed(self) -> list[str]:
        return [d.host for d in self.devices if d.committed]


def plan_push(
    loaded: LoadedTask, stage: str, nornir: Nornir, mapping: Mapping[str, list[str]] | None = None
) -> list[DevicePush]:
    """Render the stage for every device playing one of its target nodes."""
    if stage not in ("setup", "solution"):
        raise UsageError(f"--stage {stage!r}: use setup or solution")
    spec = loaded.stage(stage)
    nodes = loaded.resolve_targets(spec.targets)
    assignment = assign_nodes(loaded, nornir.inventory, mapping)
    plans = []
    missing = [node for node in nodes if node not in assignment and loaded.topology.nodes[node].role == "router"]
    if missing:
        raise UsageError(
            f"no device plays {', '.join(missing)} (stage {stage} targets them); "
            f"add --map {missing[0]}=<device> or data.node: {missing[0]} in the inventory"
        )
    for node in nodes:
        host_name = assignment.get(node)
        if host_name is None:
            continue  # a Linux host not in this inventory: stages never configure hosts anyway
        host = nornir.inventory.hosts[host_name]
        platform = str(host.platform or "")
        plan = DevicePush(host=host_name, node=node, platform=platform, mode=spec.mode_for(platform))
        try:
            plan.config = render_stage(
                loaded, stage, node, platform, hostname=host_name, interface_map=host.get("interface_map", None)
            )
        except RenderError as exc:
            where = f" ({exc.file.name}:{exc.line})" if exc.file and exc.line else ""
            raise UsageError(f"{loaded.path.name}: stage {stage} for {host_name} ({platform}){where}: {exc.message}") from None
        if plan.config is None:
            plan.skip = f"stage {stage} has no {platform or 'unknown-platform'} template"
        plans.append(plan)
    return plans


def _conn(task: Task) -> Any:
    return task.host.get_connection("napalm", task.nornir.config)


def _prepare(task: Task, plans: Mapping[str, DevicePush], backups: BackupSet | None) -> None:
    plan = plans[task.host.name]
    device = _conn(task)
    if backups is not None:
        running = device.get_config(retrieve="running")["running"]
        saved = backups.save(plan.host, running, plan.platform)
        plan.backup, plan.backup_sanitised = saved.raw, saved.sanitised
    if plan.mode == "replace":
        device.load_replace_candidate(config=plan.config)
    else:
        device.load_merge_candidate(config=plan.config)
    plan.diff = sanitise_config(device.compare_config() or "", plan.platform)


def _commit(task: Task, plans: Mapping[str, DevicePush], dry_run: bool) -> None:
    plan = plans[task.host.name]
    device = _conn(task)
    if dry_run or not plan.changes:
        device.discard_config()
        return
    device.commit_config(message=f"netassess push {plan.node}")
    plan.committed = True


def _discard(task: Task) -> None:
    try:
        _conn(task).discard_config()
    except Exception:  # noqa: BLE001 - best effort: the device was not changed
        pass


def _rollback(task: Task, plans: Mapping[str, DevicePush]) -> None:
    plan = plans[task.host.name]
    _conn(task).rollback()
    plan.rolled_back = True


def _one_line(exc: BaseException | None) -> str:
    """The error in one line, secrets masked: drivers quote the refused line, which may hold a password."""
    text = str(exc) if exc is not None else "failed"
    return sanitise_message(" ".join(text.split())[:400]) or type(exc).__name__


def _run(nornir: Nornir, names: list[str], func: Callable[..., None], **kwargs: Any) -> dict[str, BaseException | None]:
    """Run ``func`` on ``names``; return ``{host: exception}`` for the hosts that failed."""
    if not names:
        return {}
    chosen = set(names)
    result = nornir.filter(filter_func=lambda h: h.name in chosen).run(task=func, raise_on_error=False, **kwargs)
    errors: dict[str, BaseException | None] = {}
    for host, multi in result.items():
        if multi.failed:
            errors[host] = next((r.exception for r in multi if r.exception is not None), None)
    return errors


def _unreachable(exc: BaseException | None) -> bool:
    """A session that never opened is the environment's problem (exit 4), not a refused change."""
    names = {cls.__name__ for cls in type(exc).__mro__} if exc is not None else set()
    return bool(names & {"ConnectionException", "ConnectionOpen", "NetmikoTimeoutException",
                         "NetmikoAuthenticationException", "ConnectionRefusedError", "TimeoutError", "OSError"})  # fmt: skip


class PushFailed(DeviceError):
    """A refused or failed push; ``result`` tells what happened on each device."""

    def __init__(self, message: str, result: PushResult, exit_code: ExitCode = ExitCode.DEVICE) -> None:
        super().__init__(message, exit_code=exit_code)
        self.result = result


def push_stage(
    loaded: LoadedTask,
    stage: str,
    nornir: Nornir | None = None,
    *,
    lab: str | None = None,
    mapping: Mapping[str, list[str]] | None = None,
    dry_run: bool = False,
    backup_root: Path = DEFAULT_BACKUP_ROOT,
    console: Console | None = None,
) -> PushResult:
    """Push ``stage`` of ``loaded`` to the devices of ``nornir``; all or nothing (see module doc).

    ``lab=NAME`` instead of ``nornir`` builds the Nornir of a running built-in lab (key logins, no
    prompt). With ``console``, each device's change and outcome is printed, on failure too.
    """
    if nornir is None:
        if lab is None:
            raise UsageError("push_stage needs a Nornir object or lab=NAME")
        from netassess.collect.inventory import build_nornir

        nornir = build_nornir(lab=lab, topology=loaded.topology_path, interactive=False)
    redact = Redactor.of(loaded.secret_values())
    try:
        result = _redacted(_push(loaded, stage, nornir, mapping, dry_run, backup_root), redact)
    except PushFailed as exc:
        exc = PushFailed(redact.text(str(exc)), _redacted(exc.result, redact), exc.exit_code)
        if console is not None:
            from netassess.push.display import show_result

            show_result(exc.result, console)
        raise exc from None
    except NetassessError as exc:  # a device's error may quote a rendered line holding a secret parameter
        if redact and redact.text(str(exc)) != str(exc):
            raise NetassessError(redact.text(str(exc)), exit_code=exc.exit_code) from None
        raise
    if console is not None:
        from netassess.push.display import show_result

        show_result(result, console)
    return result


def _redacted(result: PushResult, redact: Redactor) -> PushResult:
    """The diffs and errors shown and returned, with the task's secret parameter values masked."""
    for plan in result.devices:
        plan.diff = redact.text(plan.diff)
        plan.error = redact.text(plan.error) if plan.error else plan.error
    return result


def _push(
    loaded: LoadedTask,
    stage: str,
    nornir: Nornir,
    mapping: Mapping[str, list[str]] | None,
    dry_run: bool,
    backup_root: Path,
) -> PushResult:
    plans = plan_push(loaded, stage, nornir, mapping)
    result = PushResult(loaded.id, stage, dry_run, plans)
    by_host = {p.host: p for p in plans}
    active = [p.host for p in plans if p.skip is None]
    backups = None if dry_run else BackupSet(backup_root, loaded.id, stage)
    result.backup_folder = backups.folder if backups else None
    try:
        failed = _run(nornir, active, _prepare, plans=by_host, backups=backups)
        if failed:
            _run(nornir, [h for h in active if h not in failed], _discard)
            for host, exc in failed.items():
                by_host[host].error = _one_line(exc)
            host, exc = next(iter(failed.items()))
            code = ExitCode.ENVIRONMENT if _unreachable(exc) else ExitCode.DEVICE
            raise PushFailed(f"{host}: {_one_line(exc)}; nothing was changed on any device", result, code)
        failed = _run(nornir, active, _commit, plans=by_host, dry_run=dry_run)
        if failed:
            for host, exc in failed.items():
                by_host[host].error = _one_line(exc)
            committed = [p.host for p in plans if p.committed]
            undo = _run(nornir, committed, _rollback, plans=by_host)
            host, exc = next(iter(failed.items()))
            restored = "rolled back " + (", ".join(committed) if committed else "no other device")
            if undo:
                restored += f"; ROLLBACK FAILED on {', '.join(undo)}: restore from {result.backup_folder}"
            raise PushFailed(f"{host}: {_one_line(exc)}; {restored}", result)
    except NetassessError:
        raise
    except Exception as exc:  # a bug or an unexpected library error: still one line, still exit 5
        raise NetassessError(f"push {stage}: {_one_line(exc)}", exit_code=ExitCode.DEVICE) from exc
    finally:
        nornir.close_connections(on_good=True, on_failed=True)
    return result
