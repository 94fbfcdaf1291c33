"""The push itself, in phases across all devices (in parallel, one NAPALM session each):

0. policy: every device to change must be opted in by its inventory (``push/policy.py``), checked
   before any connection opens;
1. prepare: back up the running config, load the rendered candidate (merge or replace), diff it;
   a device that refuses the candidate here has changed nothing, and nothing is committed anywhere;
2. confirm: ``confirm(result)`` sees every device's diff and says yes or no (``assume_yes`` is
   the explicit "--yes" of callers that push to their own throwaway labs);
3. commit every device whose diff is not empty; if any refuses, roll back the devices already
   committed (the refusing device restores itself, per the NAPALM contract) and raise
   ``DeviceError`` (exit 5) naming the device and the line;
4. with ``confirm_timeout`` (commit-confirm): each commit was made with the driver's ``revert_in``,
   so a device reverts by itself unless confirmed; a fresh login to every committed device must
   work before each is confirmed, and if one fails all are rolled back.
SIGINT/SIGTERM are deferred throughout (``push/signals.py``): a signal discards the candidates or
rolls back the committed devices, then raises ``PushInterrupted`` (exit 130).
"""

from __future__ import annotations

import signal
from collections.abc import Mapping
from contextlib import nullcontext
from pathlib import Path

from nornir.core import Nornir
from rich.console import Console

from netassess.collect.assign import assign_nodes
from netassess.errors import DeviceError, ExitCode, NetassessError, UsageError
from netassess.push import steps
from netassess.push.backup import BackupSet
from netassess.push.outcome import Confirm, DevicePush, PushResult, Show
from netassess.push.policy import check_push_allowed
from netassess.push.signals import DeferredSignals, PushInterrupted
from netassess.redact import Redactor
from netassess.spec.loaded import LoadedTask
from netassess.spec.render import RenderError
from netassess.spec.stages import render_stage

DEFAULT_BACKUP_ROOT = Path("backups")


def assume_yes(result: PushResult) -> bool:
    """The confirmation of callers that push to labs they made themselves (demo, validate --live)."""
    return True


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
    confirm: Confirm,
    lab: str | None = None,
    mapping: Mapping[str, list[str]] | None = None,
    dry_run: bool = False,
    backup_root: Path = DEFAULT_BACKUP_ROOT,
    console: Console | None = None,
    show: Show | None = None,
    signals: DeferredSignals | None = None,
    confirm_timeout: int | None = None,
) -> PushResult:
    """Push ``stage`` of ``loaded`` to the devices of ``nornir``; all or nothing (see module doc).

    ``confirm`` is required so that every caller states how the change is approved. ``lab=NAME``
    instead of ``nornir`` builds the Nornir of a running built-in lab (key logins, no prompt). With
    ``console``, progress lines are printed; ``show`` is handed the result (on failure too) to print
    each device's change and outcome: the CLI owns how that looks (``cli._push_display``). Pass ``signals`` to
    keep deferring signals after the push (the CLI does, to its exit); otherwise the push defers
    them itself and re-raises a late one as ``KeyboardInterrupt`` once every device is settled.
    """
    if nornir is None:
        if lab is None:
            raise UsageError("push_stage needs a Nornir object or lab=NAME")
        from netassess.collect.inventory import build_nornir

        nornir = build_nornir(lab=lab, topology=loaded.topology_path, interactive=False)
    redact = Redactor.of(loaded.secret_values())
    guard = signals or DeferredSignals()
    with nullcontext() if signals is not None else guard:
        try:
            result = _redacted(_push(loaded, stage, nornir, mapping, dry_run, backup_root, confirm, guard, console, redact,
                                     confirm_timeout), redact)
        except PushFailed as exc:
            failed = PushFailed(redact.text(str(exc)), _redacted(exc.result, redact), exc.exit_code)
            _show(failed.result, show)
            raise failed from None
        except PushInterrupted as exc:
            interrupted = PushInterrupted(redact.text(str(exc)), _redacted(exc.result, redact))
            _show(interrupted.result, show)
            raise interrupted from None
        except NetassessError as exc:  # a device's error may quote a rendered line holding a secret parameter
            if redact and redact.text(str(exc)) != str(exc):
                raise NetassessError(redact.text(str(exc)), exit_code=exc.exit_code) from None
            raise
        _show(result, show)
    if signals is None and guard.received:
        raise KeyboardInterrupt  # arrived after the last commit: the push stands, the caller stops now
    return result


def _show(result: PushResult, show: Show | None) -> None:
    if show is not None:
        show(result)


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
    confirm: Confirm,
    signals: DeferredSignals,
    console: Console | None,
    redact: Redactor,
    confirm_timeout: int | None = None,
) -> PushResult:
    plans = plan_push(loaded, stage, nornir, mapping)
    result = PushResult(loaded.id, stage, dry_run, plans)
    by_host = {p.host: p for p in plans}
    active = [p.host for p in plans if p.skip is None]
    if not dry_run:  # before any connection: a dry run changes nothing and needs no opt-in
        check_push_allowed(nornir.inventory, [(by_host[h].host, by_host[h].mode) for h in active], stage)
    backups = None if dry_run else BackupSet(backup_root, loaded.id, stage)
    result.backup_folder = backups.folder if backups else None
    untouched = "nothing was changed on any device"
    steps.say(console, f"{len(active)} device(s): backing up, loading the candidate, diffing …")
    try:
        failed = steps.run_on(nornir, active, steps.prepare, plans=by_host, backups=backups)
        if failed:
            steps.run_on(nornir, [h for h in active if h not in failed], steps.discard)
            for host, exc in failed.items():
                by_host[host].error = steps.one_line(exc)
            host, exc = next(iter(failed.items()))
            code = ExitCode.ENVIRONMENT if steps.unreachable(exc) else ExitCode.DEVICE
            raise PushFailed(f"{host}: {steps.one_line(exc)}; {untouched}", result, code)
        _redacted(result, redact)  # before the confirmation shows the diffs
        if not dry_run and any(p.changes for p in plans) and not _approved(confirm, result, signals):
            steps.run_on(nornir, active, steps.discard)
            if signals.received:
                raise PushInterrupted(f"push {stage} interrupted by {signals.name} before any commit; {untouched}", result)
            result.declined = True
            return result
        failed = steps.run_on(nornir, active, steps.commit, plans=by_host, dry_run=dry_run, signals=signals, console=console,
                              revert_in=confirm_timeout)
        committed = [p.host for p in plans if p.committed]
        if confirm_timeout and committed and not failed and not signals.received:
            failed = steps.run_on(nornir, committed, steps.verify_and_confirm, plans=by_host, console=console)
            for host in failed:  # committed but unverified: it must be rolled back too (nornir skips failed hosts)
                nornir.data.recover_host(host)
        if failed or (signals.received and committed):
            for host, exc in failed.items():
                by_host[host].error = steps.one_line(exc)
            undo = steps.run_on(nornir, committed, steps.rollback, plans=by_host, console=console)
            restored = "rolled back " + (", ".join(committed) if committed else "no other device")
            if undo:
                restored += f"; ROLLBACK FAILED on {', '.join(undo)}: restore from {result.backup_folder}"
            if failed:
                host, exc = next(iter(failed.items()))
                raise PushFailed(f"{host}: {steps.one_line(exc)}; {restored}", result)
            if undo:
                raise PushFailed(f"push {stage} interrupted by {signals.name}; {restored}", result)
            raise PushInterrupted(f"push {stage} interrupted by {signals.name}; {restored}; nothing else was changed", result)
        if signals.received and not dry_run:
            raise PushInterrupted(f"push {stage} interrupted by {signals.name} before any commit; {untouched}", result)
    except (NetassessError, KeyboardInterrupt):
        raise
    except Exception as exc:  # a bug or an unexpected library error: still one line, still exit 5
        raise NetassessError(f"push {stage}: {steps.one_line(exc)}", exit_code=ExitCode.DEVICE) from exc
    finally:
        nornir.close_connections(on_good=True, on_failed=True)
    return result


def _approved(confirm: Confirm, result: PushResult, signals: DeferredSignals) -> bool:
    """Ask; a signal before or during the question is an answer of no (nothing has changed yet)."""
    if signals.received:
        return False
    try:
        with signals.interruptible():
            return bool(confirm(result))
    except KeyboardInterrupt:
        signals.received = signals.received or signal.SIGINT  # Ctrl-C at the question
        return False
    except EOFError:  # the terminal closed: no answer is not a yes
        return False
