"""The practice loop: cheap change detection, full re-assessment only on a change.

Each interval every device answers one command over a session kept open between polls (FRR:
``show running-config``) and we keep only its hash. Only when a hash moves is the task assessed
in full (one NAPALM session per device, as ``netassess check``). A config change often takes a
few seconds to show in the state checks read (an OSPF adjacency forming), so a change also
schedules a few follow-up assessments (``settle``) while nothing else changes.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

from netassess.practice.view import Frame, View
from netassess.results import RunResult

# One command per platform whose output changes exactly when the device's configuration does.
FINGERPRINT_COMMANDS = {
    "frr": "show running-config",
    "linux": "ip -o addr show; ip -o route show",
    "junos": "show configuration | display set",
}
DEFAULT_COMMAND = "show running-config"
SETTLE = (3.0, 10.0, 30.0)  # seconds after a change at which to look again (convergence)


class Poller(Protocol):
    def poll(self) -> dict[str, str]: ...


class ConfigFingerprints:
    """Per device, the hash of one command's output, over NAPALM sessions kept open between polls.

    Uses its own Nornir object, so the full collections (which open and close their own sessions)
    never close these. A device that stops answering gets an ``unreachable`` fingerprint and a
    fresh session on the next poll."""

    def __init__(self, nornir: Any, devices: Iterable[str] | None = None) -> None:
        self.nr = nornir
        self.devices = sorted(devices if devices is not None else nornir.inventory.hosts)
        self.commands_sent = 0

    def _one(self, name: str) -> tuple[str, str]:
        host = self.nr.inventory.hosts[name]
        command = FINGERPRINT_COMMANDS.get(str(host.platform), DEFAULT_COMMAND)
        try:
            output = host.get_connection("napalm", self.nr.config).cli([command])[command]
        except Exception as exc:  # any failure: report it as a fingerprint, reconnect next time
            try:
                host.close_connection("napalm")
            except Exception:  # noqa: S110 - the session is already broken; nothing to close cleanly
                pass
            return name, f"unreachable: {type(exc).__name__}"
        self.commands_sent += 1
        return name, hashlib.sha256(output.encode()).hexdigest()

    def poll(self) -> dict[str, str]:
        with ThreadPoolExecutor(max_workers=min(16, max(1, len(self.devices)))) as pool:
            return dict(pool.map(self._one, self.devices))

    def close(self) -> None:
        self.nr.close_connections(on_good=True, on_failed=True)


def practise(
    assess: Callable[[], RunResult],
    poller: Poller,
    view: View,
    *,
    stop: threading.Event,
    interval: float = 2.0,
    time_limit_s: float | None = None,
    settle: tuple[float, ...] = SETTLE,
    clock: Callable[[], float] = time.monotonic,
    on_result: Callable[[RunResult], None] | None = None,
    elapsed_before: float = 0.0,
    note: str = "",
) -> RunResult:
    """Assess once, then poll every ``interval`` and re-assess on a change, until ``stop`` is set
    (or Ctrl-C). Every state goes to ``view``; the last result is returned (also on Ctrl-C, through
    ``on_result`` as each arrives). ``elapsed_before``: seconds the attempt had already run when this
    loop started (a resumed attempt, ``practice.attempt``), so time left counts from its real start;
    ``note`` goes with every frame ("resumed; started 14:02")."""
    started = clock() - elapsed_before
    rounds = 0

    def frame(kind: str, reason: str, result: RunResult | None, changed: list[str] | None = None) -> Frame:
        elapsed = clock() - started
        left = None if time_limit_s is None else time_limit_s - elapsed
        return Frame(kind=kind, round=rounds, reason=reason, result=result, changed=changed or [],
                     elapsed_s=elapsed, time_left_s=left, note=note)

    def assess_now(reason: str, changed: list[str] | None = None) -> RunResult:
        nonlocal rounds
        rounds += 1
        view.show(frame("assessing", reason, last, changed))
        result = assess()
        if on_result is not None:
            on_result(result)
        view.show(frame("assessed", reason, result, changed))
        return result

    last: RunResult | None = None
    fingerprints = poller.poll()
    last = assess_now("start")
    follow_ups: list[float] = []
    while not stop.wait(interval):
        now = clock()
        current = poller.poll()
        changed = sorted(d for d in current.keys() | fingerprints.keys() if current.get(d) != fingerprints.get(d))
        fingerprints = current
        if changed:
            follow_ups = [now + s for s in settle]
            last = assess_now("changed: " + ", ".join(changed), changed)
        elif follow_ups and now >= follow_ups[0]:
            follow_ups = [t for t in follow_ups if t > now]
            last = assess_now("settling after the last change")
        else:
            view.show(frame("tick", "no change", last))
    return last
