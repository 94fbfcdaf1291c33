"""Starting and stopping the window's probes on the nodes, over the automation account's shell.

Each probe is ``ping -n -D -O -i INTERVAL`` under ``timeout MAX`` (so a window nobody stops ends by
itself), nohup'd inside the node with its output in a folder private to this window under the
account's home; its PID is recorded there and in ``WindowRun``. Stopping kills exactly those PIDs,
reads back only the reply timestamps, and removes the folder.
"""

from __future__ import annotations

import secrets
import shlex
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from netassess.errors import LabError, UsageError
from netassess.window_measure import ProbeSeries, WindowMeasurement, longest_outage, probe_span, reply_times

WINDOW_FILE = "window.json"
SHELL_TIMEOUT = 30.0


class RunningProbe(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source: str
    host: str  # the inventory device playing ``source``
    target: str
    pid: int | None = None
    error: str | None = None


class WindowRun(BaseModel):
    """A started window: enough to stop it and collect its probes, from this or another process."""

    model_config = ConfigDict(extra="forbid")
    task: str
    token: str
    started: datetime
    interval: float
    probes: list[RunningProbe] = Field(default_factory=list)
    adjacencies_start: dict[str, list[dict[str, Any]]] = Field(default_factory=dict)

    def save(self, path: Path) -> None:
        path.write_text(self.model_dump_json(indent=2))


def load_window_file(path: Path) -> WindowRun | WindowMeasurement:
    """A window file: a running window (from ``baseline --window``) or a measured one (from ``watch``)."""
    from netassess.safe_json import load_file

    data = load_file(path)
    try:
        return WindowRun.model_validate(data) if isinstance(data, dict) and "token" in data else WindowMeasurement.model_validate(data)
    except ValueError as exc:
        raise UsageError(f"{path}: not a netassess window file: {str(exc).splitlines()[0]}") from None


def _folder(token: str) -> str:
    return f"$HOME/.netassess-window/{token}"


def _shell(driver: Any, command: str) -> tuple[int, str]:
    """A Linux command in the node: FRR routers through the driver's Linux transport, hosts directly."""
    if hasattr(driver, "transport"):
        return driver.transport.linux(command, timeout=SHELL_TIMEOUT)  # type: ignore[no-any-return]
    return driver.session.run(command, SHELL_TIMEOUT)  # type: ignore[no-any-return]


def _on_hosts(nr: Any, hosts: list[str], func: Any) -> dict[str, Any]:
    """``func(driver, host)`` on each host's NAPALM session in parallel; ``{host: value or exception}``."""
    chosen = set(hosts)

    def task(task: Any) -> Any:
        return func(task.host.get_connection("napalm", task.nornir.config), task.host.name)

    target = nr.filter(filter_func=lambda h: h.name in chosen)
    try:
        result = target.run(task=task, raise_on_error=False)
    finally:
        target.close_connections(on_good=True, on_failed=True)
    return {host: (multi.exception or LabError("failed")) if multi.failed else multi[0].result for host, multi in result.items()}


def _adjacencies(loaded: Any, nr: Any, hosts: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    """OSPF neighbours of the FRR routers (id, state, uptime), as one sample."""
    from netassess.checks import _ospf_state as ospf
    from netassess.checks.base import StateView
    from netassess.collect.collector import collect

    routers = [h for n, h in hosts.items() if loaded.topology.nodes[n].role == "router"
               and str(nr.inventory.hosts[h].platform) == "frr"]
    snap = collect(nr, {h: [ospf.GET_OSPF_NEIGHBORS] for h in routers})
    out: dict[str, list[dict[str, Any]]] = {}
    for host in routers:
        try:
            rows = ospf.neighbors(StateView(snap), host, "frr")
        except Exception:  # noqa: BLE001 - a sample that failed is an empty sample, never a crash
            rows = []
        out[host] = [{"neighbor_id": r.get("neighbor_id"), "state": r.get("state"), "uptime": r.get("uptime")} for r in rows]
    return out


def start_window(loaded: Any, nr: Any, *, mapping: Any = None) -> WindowRun:
    """Start every probe of the task's window; sample adjacencies. LabError if no probe could start."""
    from netassess.collect.assign import assign_nodes

    window = loaded.window
    if window is None:
        raise UsageError(f"task {loaded.id} declares no window; add window: {{probes: …}} to measure a change")
    hosts = assign_nodes(loaded, nr.inventory, mapping)
    missing = [p.source for p in window.probes if p.source not in hosts]
    if missing:
        raise UsageError(f"no device plays {', '.join(missing)}, where the window's probes run; add --map")
    run = WindowRun(task=loaded.id, token=secrets.token_hex(4), started=datetime.now(UTC), interval=window.interval)
    run.adjacencies_start = _adjacencies(loaded, nr, hosts)
    folder = _folder(run.token)
    by_host: dict[str, list[RunningProbe]] = {}
    for probe in window.probes:
        for target in probe.targets:
            by_host.setdefault(hosts[probe.source], []).append(RunningProbe(source=probe.source, host=hosts[probe.source], target=target))

    def launch(driver: Any, host: str) -> list[str]:
        lines = [f'd="{folder}"', 'mkdir -p "$d" && chmod 700 "$d"']
        for p in by_host[host]:
            ping = f"timeout {int(window.max_duration)} ping -n -D -O -i {window.interval:g} -W 1 {shlex.quote(p.target)}"
            lines.append(f'nohup {ping} > "$d/{p.target}.log" 2>&1 < /dev/null & echo $! | tee -a "$d/pids"')
        rc, out = _shell(driver, "; ".join(lines))
        return out.split()

    started = _on_hosts(nr, list(by_host), launch)
    for host, probes in by_host.items():
        answer = started.get(host)
        for index, probe in enumerate(probes):
            if isinstance(answer, BaseException) or answer is None or len(answer) <= index or not answer[index].isdigit():
                probe.error = f"could not start: {' '.join(str(answer).split())[:200]}"
            else:
                probe.pid = int(answer[index])
            run.probes.append(probe)
    if all(p.error for p in run.probes):
        stop_window(loaded, nr, run)
        raise LabError(f"no probe of the window started: {run.probes[0].error}")
    return run


def stop_window(loaded: Any, nr: Any, run: WindowRun) -> WindowMeasurement:
    """Stop the window's probes (its PIDs only), collect their replies, compute each outage."""
    finished = datetime.now(UTC)
    folder = _folder(run.token)
    by_host: dict[str, list[RunningProbe]] = {}
    for probe in run.probes:
        by_host.setdefault(probe.host, []).append(probe)

    def collect_replies(driver: Any, host: str) -> dict[str, str]:
        pids = " ".join(str(p.pid) for p in by_host[host] if p.pid)
        _shell(driver, f"kill {pids} 2>/dev/null; sleep 0.3" if pids else "true")
        out = {}
        for p in by_host[host]:
            if p.pid:
                _, text = _shell(driver, f"awk '/bytes from/ {{print $1\" reply\"}} /no answer/ {{print $1\" no answer\"}}' "
                                         f"\"{folder}/{p.target}.log\"")
                out[p.target] = text
        _shell(driver, f'rm -rf "{folder}"')
        return out

    answers = _on_hosts(nr, list(by_host), collect_replies)
    hosts = {p.source: p.host for p in run.probes}
    measured = WindowMeasurement(started=run.started, finished=finished, interval=run.interval,
                                 adjacencies={"start": run.adjacencies_start, "end": _adjacencies(loaded, nr, hosts)})
    start, end = run.started.timestamp(), finished.timestamp()
    for probe in run.probes:
        answer = answers.get(probe.host)
        series = ProbeSeries(source=probe.source, device=probe.host, target=probe.target)
        if probe.error:
            series.error = probe.error
        elif isinstance(answer, BaseException) or answer is None:
            series.error = f"replies not collected: {' '.join(str(answer).split())[:200]}"
        else:
            text = answer.get(probe.target, "")
            replies = reply_times(text)
            series.replies = len(replies)
            first, last = probe_span(text, run.interval, start, end)
            series.longest_outage, began = longest_outage(replies, first, last, run.interval)
            series.outage_from = datetime.fromtimestamp(began, UTC)
        measured.probes.append(series)
    return measured
