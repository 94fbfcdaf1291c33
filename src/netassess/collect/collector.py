"""Collect: one NAPALM session per device, each planned request fetched once, devices in parallel.

The Nornir threaded runner gives the parallelism (``--workers``). Per device the collector opens
the NAPALM driver once, calls each getter once, sends all CLI commands in one ``cli()`` call, and
closes. Every failure is kept as data (an ``error`` with an ``error_kind``) rather than raised, so
an unreachable router is never silent and never stops the other routers being assessed. Once a
session times out or drops, the device is asked nothing more: a router that stops answering costs
one ``--timeout``, not one per request.

Everything stored is sanitised first (``netassess.sanitise.sanitise_data``): secrets are masked at
collection, so no snapshot, report or log can hold one.
"""

from __future__ import annotations

import re
import socket
import threading
from collections.abc import Callable, Mapping
from typing import Any

from nornir.core import Nornir
from nornir.core.task import Result, Task

from netassess.readonly import CommandRefused, check_command
from netassess.redact import Redactor
from netassess.sanitise import sanitise_data, sanitise_message
from netassess.snapshot import ErrorKind, Snapshot, StateEntry, StateRequest, now

CONNECTION = "napalm"
Progress = Callable[[str, int, int], None]  # device, done, total


def classify_error(exc: BaseException, *, connecting: bool) -> ErrorKind:
    """Name a failure the way the report explains it: unreachable, auth, timeout, unsupported, command."""
    names = {cls.__name__ for cls in type(exc).__mro__}
    if isinstance(exc, NotImplementedError) or names & {"ModuleImportError", "PluginNotRegistered"}:
        return "unsupported"  # no getter, or no NAPALM driver for the platform
    text = str(exc).lower()
    if names & {"ConnectAuthError", "AuthenticationException", "NetmikoAuthenticationException", "BadAuthenticationType"} or (
        "authentication" in text and "fail" in text
    ):
        return "auth"
    if "SessionTimeout" in names:  # logged in, then no prompt within --timeout (napalm_frr): reached, but silent
        return "timeout"
    if connecting:  # refused, no route, no answer within --timeout: the device could not be reached
        return "unreachable"
    if names & {"CommandTimeoutException", "ReadTimeout", "NetmikoTimeoutException"} or isinstance(
        exc, (socket.timeout, TimeoutError)
    ):
        return "timeout"
    if names & {"ConnectionClosedException", "SSHException", "EOFError"} or isinstance(exc, (EOFError, ConnectionError)):
        return "unreachable"
    return "command"


def _one_line(exc: BaseException) -> str:
    """The error in one line for the snapshot and reports, secrets masked (a driver may quote a line)."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return sanitise_message(f"{type(exc).__name__}: {text}"[:300])


class SessionCounter:
    """Counts NAPALM sessions opened per device (the benchmark and tests hold it to one per collection)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.counts: dict[str, int] = {}

    def add(self, device: str) -> None:
        with self._lock:
            self.counts[device] = self.counts.get(device, 0) + 1


SESSION_LOST: frozenset[ErrorKind] = frozenset({"timeout", "unreachable"})


def _session_lost(entries: Mapping[str, StateEntry]) -> StateEntry | None:
    """After a request timed out or the connection dropped, the session cannot answer (and a late
    answer would be read as the next request's), so the rest of the device's requests are recorded
    as not collected instead of each waiting out ``--timeout``: a hung device costs one timeout."""
    for entry in entries.values():
        if entry.error_kind in SESSION_LOST:
            return StateEntry(error=f"not collected, the session was lost: {entry.error}", error_kind=entry.error_kind)
    return None


def _fetch(driver: Any, req: StateRequest) -> Any:
    if req.kind != "getter":
        raise ValueError(f"not a getter request: {req.key}")
    method = getattr(driver, req.name, None)
    # read-only calls only: getters, plus NAPALM's ping/traceroute (the reachability check runs them on the device)
    if method is None or not (req.name.startswith("get_") or req.name in ("ping", "traceroute")):
        raise NotImplementedError(f"{type(driver).__name__} has no getter {req.name}")
    return method(**req.kwargs)


def collect_device(
    task: Task,
    requests: Mapping[str, list[StateRequest]],
    counter: SessionCounter,
    progress: Progress | None = None,
) -> Result:
    """Nornir task: one session to ``task.host``, every request once. Returns ``(error, {key: StateEntry})``."""
    host = task.host
    reqs = list(requests.get(host.name, []))
    platform = str(host.platform)
    sanitise = sanitise_data
    entries: dict[str, StateEntry] = {}
    total = len(reqs)
    try:
        driver = host.get_connection(CONNECTION, task.nornir.config)
    except Exception as exc:  # noqa: BLE001 - any failure to open is a per-device error, never a crash
        kind = classify_error(exc, connecting=True)
        reason = f"{kind}: {_one_line(exc)}"
        when = now()
        for req in reqs:
            entries[req.key] = StateEntry(error=reason, error_kind=kind, collected_at=when)
        if progress:
            progress(host.name, total, total)
        return Result(host=host, result=(reason, entries))
    counter.add(host.name)
    done = 0
    try:
        getters = [r for r in reqs if r.kind == "getter"]
        commands = [r for r in reqs if r.kind == "cmd"]
        for req in getters:
            if (lost := _session_lost(entries)) is not None:
                entries[req.key] = lost
            else:
                try:
                    data = sanitise(_fetch(driver, req), platform)
                    entries[req.key] = StateEntry(data=data)
                except Exception as exc:  # noqa: BLE001
                    entries[req.key] = StateEntry(error=_one_line(exc), error_kind=classify_error(exc, connecting=False))
            done += 1
            if progress:
                progress(host.name, done, total)
        if commands:
            if (lost := _session_lost(entries)) is not None:
                entries.update({req.key: lost for req in commands})
            else:
                _run_commands(driver, commands, entries, sanitise, platform)
            done += len(commands)
            if progress:
                progress(host.name, done, total)
    finally:
        try:
            host.close_connection(CONNECTION)
        except Exception:  # noqa: BLE001 - a failed close must not lose what was collected
            pass
    return Result(host=host, result=(None, entries))


# FRR's one-line answers to a command it understood but cannot answer: the feature is not configured
# (napalm_frr returns vtysh's "% …" line as is; "Unknown command"-style refusals come as "Invalid command: …").
_FRR_REFUSAL = re.compile(r"%\s*(?P<said>.+)|(?P<daemon>[a-z0-9]+d is not running)|(?P<bgp>(?:Default )?BGP instance not found)")


def device_refusal(platform: str, output: Any) -> str | None:
    """The device's words when it refused a command because the feature is not configured, else None."""
    if platform != "frr" or not isinstance(output, str) or "\n" in output.strip():
        return None
    found = _FRR_REFUSAL.fullmatch(output.strip())
    return next((g for g in found.groups() if g), None) if found else None


def _command_entry(output: Any, sanitise: Callable[[Any, str], Any], platform: str) -> StateEntry:
    """NAPALM's convention (EOS, napalm_frr) is to answer a refused command with the text
    ``Invalid command: …`` instead of raising: store that as a ``command`` error, not as output a
    check would judge (an ``ne`` or ``not_in`` assertion would pass on it). A feature the device
    says is not configured is a ``refused`` error carrying its words, which the ``command`` check
    judges as the candidate's fail."""
    if isinstance(output, str) and output.lstrip().startswith("Invalid command"):
        return StateEntry(error=sanitise_message(" ".join(output.split())[:300]), error_kind="command")
    if said := device_refusal(platform, output):
        return StateEntry(error=sanitise_message(said[:300]), error_kind="refused")
    return StateEntry(data=sanitise(output, platform))


def _run_commands(
    driver: Any,
    requests: list[StateRequest],
    entries: dict[str, StateEntry],
    sanitise: Callable[[Any, str], Any],
    platform: str,
) -> None:
    """All commands in one ``cli()`` call; if that fails, retry one by one to pin the error on its command.

    Each command passes the read-only policy for ``platform`` again first (the task was checked
    against the topology's platforms; a rack device may run another): a refused one is never sent."""
    commands = []
    for req in requests:
        try:
            check_command(platform, req.name)
        except CommandRefused as exc:
            entries[req.key] = StateEntry(error=f"not sent: not read-only on {platform}: {exc}", error_kind="command")
        else:
            commands.append(req)
    if not commands:
        return
    names = [r.name for r in commands]
    try:
        out = driver.cli(names)
        for req in commands:
            entries[req.key] = _command_entry(out.get(req.name), sanitise, platform)
        return
    except Exception as exc:  # noqa: BLE001
        kind = classify_error(exc, connecting=False)
        if kind in SESSION_LOST:  # asking again, one by one, would only wait out the timeout once per command
            entries.update({req.key: StateEntry(error=_one_line(exc), error_kind=kind) for req in commands})
            return
    for req in commands:
        if (lost := _session_lost(entries)) is not None:
            entries[req.key] = lost
            continue
        try:
            out = driver.cli([req.name])
            entries[req.key] = _command_entry(out.get(req.name), sanitise, platform)
        except Exception as exc:  # noqa: BLE001
            entries[req.key] = StateEntry(error=_one_line(exc), error_kind=classify_error(exc, connecting=False))


def collect(
    nr: Nornir,
    requests: Mapping[str, list[StateRequest]],
    snapshot: Snapshot | None = None,
    progress: Progress | None = None,
    redact: Redactor | None = None,
) -> Snapshot:
    """Collect ``requests`` (device -> requests) into ``snapshot`` (a new one unless given, e.g. a retry).

    Devices with nothing requested are not contacted. Sessions opened are added to ``snapshot.sessions``.
    ``redact`` masks the values of the task's secret parameters in everything stored, as secrets are.
    """
    redact = redact or Redactor()
    snap = snapshot or Snapshot()
    wanted = [d for d, r in requests.items() if r]
    targets = nr.filter(filter_func=lambda h: h.name in requests and bool(requests[h.name]))
    counter = SessionCounter()
    for name in wanted:
        host = nr.inventory.hosts.get(name)
        if host is not None:
            snap.platforms[name] = str(host.platform)
    results = targets.run(task=collect_device, requests=requests, counter=counter, progress=progress, on_failed=True)
    for name in wanted:
        if name not in nr.inventory.hosts:
            snap.device_errors[name] = "unreachable: not in the inventory"
            continue
        multi = results.get(name)
        if multi is None or not len(multi):
            snap.device_errors[name] = "internal: the collector returned nothing"
            continue
        res = multi[0]
        if res.exception is not None or not isinstance(res.result, tuple):
            snap.device_errors[name] = f"internal: {_one_line(res.exception) if res.exception else 'no result'}"
            continue
        error, entries = res.result
        if error:
            snap.device_errors[name] = error
        else:
            snap.device_errors.pop(name, None)  # a retry that reaches the device clears an earlier error
        for key, entry in entries.items():
            if redact:
                entry = entry.model_copy(update={"data": redact.data(entry.data),
                                                 "error": redact.text(entry.error) if entry.error else None})
            snap.put(name, key, entry)
    for name, n in counter.counts.items():
        snap.sessions[name] = snap.sessions.get(name, 0) + n
    if redact:
        snap.device_errors = {name: redact.text(why) for name, why in snap.device_errors.items()}
    snap.finished = now()
    return snap
