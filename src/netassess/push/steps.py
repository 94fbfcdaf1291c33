"""The per-device steps of a push, each run as a Nornir task on one NAPALM session per device.

``_conn`` is the one seam to the driver (unit tests replace it with recording fakes).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from nornir.core import Nornir
from nornir.core.task import Task
from rich.console import Console
from rich.markup import escape

from netassess.push.backup import BackupSet
from netassess.push.signals import DeferredSignals
from netassess.sanitise import sanitise_config, sanitise_message

if TYPE_CHECKING:
    from netassess.push.outcome import DevicePush


def _conn(task: Task) -> Any:
    return task.host.get_connection("napalm", task.nornir.config)


def prepare(task: Task, plans: Mapping[str, DevicePush], backups: BackupSet | None) -> None:
    """Back up, load the candidate, diff it: nothing on the device changes yet."""
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


def commit(task: Task, plans: Mapping[str, DevicePush], dry_run: bool, signals: DeferredSignals,
           console: Console | None, revert_in: int | None = None) -> None:
    """Commit one device, unless there is nothing to commit or a signal asked the push to stop."""
    plan = plans[task.host.name]
    device = _conn(task)
    if dry_run or not plan.changes or signals.received:
        plan.held = bool(signals.received and plan.changes and not dry_run)
        device.discard_config()
        return
    say(console, f"{plan.host}: committing" + (f" (reverts in {revert_in} s unless confirmed)" if revert_in else "") + " …")
    if revert_in:
        device.commit_config(message=f"netassess push {plan.node}", revert_in=revert_in)
    else:
        device.commit_config(message=f"netassess push {plan.node}")
    plan.committed = True
    say(console, f"{plan.host}: committed")


def fresh_login(task: Task) -> None:
    """Open a new NAPALM session to the device, read its facts, close it: management still works."""
    from napalm import get_network_driver

    params = task.host.get_connection_parameters("napalm")
    optional = dict(params.extras.get("optional_args", {}) if params.extras else {})
    if params.port:
        optional.setdefault("port", params.port)
    driver = get_network_driver(params.platform)(params.hostname, params.username, params.password,
                                                 timeout=int((params.extras or {}).get("timeout", 60)), optional_args=optional)
    driver.open()
    try:
        driver.get_facts()
    finally:
        driver.close()


def verify_and_confirm(task: Task, plans: Mapping[str, DevicePush], console: Console | None) -> None:
    """Commit-confirm's second half: confirm the pending commit only once a fresh login works."""
    plan = plans[task.host.name]
    say(console, f"{plan.host}: verifying with a fresh login …")
    fresh_login(task)
    _conn(task).confirm_commit()
    plan.confirmed = True
    say(console, f"{plan.host}: confirmed")


def discard(task: Task) -> None:
    try:
        _conn(task).discard_config()
    except Exception:  # noqa: BLE001 - best effort: the device was not changed
        pass


def rollback(task: Task, plans: Mapping[str, DevicePush], console: Console | None) -> None:
    plan = plans[task.host.name]
    _conn(task).rollback()
    plan.rolled_back = True
    say(console, f"{plan.host}: rolled back")


def say(console: Console | None, line: str) -> None:
    """A progress line (devices commit in parallel, so each names its device)."""
    if console is not None:
        console.print(f"[dim]{escape(line)}[/]")


def one_line(exc: BaseException | None) -> str:
    """The error in one line, secrets masked: drivers quote the refused line, which may hold a password."""
    text = str(exc) if exc is not None else "failed"
    return sanitise_message(" ".join(text.split())[:400]) or type(exc).__name__


def run_on(nornir: Nornir, names: list[str], func: Callable[..., None], **kwargs: Any) -> dict[str, BaseException | None]:
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


def unreachable(exc: BaseException | None) -> bool:
    """A session that never opened is the environment's problem (exit 4), not a refused change."""
    names = {cls.__name__ for cls in type(exc).__mro__} if exc is not None else set()
    return bool(names & {"ConnectionException", "ConnectionOpen", "NetmikoTimeoutException",
                         "NetmikoAuthenticationException", "ConnectionRefusedError", "TimeoutError", "OSError"})  # fmt: skip
