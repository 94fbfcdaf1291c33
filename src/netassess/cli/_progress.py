"""Collection progress: one overall bar on a terminal, plain lines otherwise (CI logs see them).

The collector reports ``(device, requests done, requests total)`` per device; a device is done when
its count reaches its total (also when its session never opened). ``expect`` is told the plan first,
so the bar knows how many devices and requests are coming.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sized
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


class CollectionProgress:
    """``[12/32] r7 collected at 0.4s`` per device when not on a terminal; one rich bar when on one."""

    def __init__(self, console: Console, verb: str = "collecting") -> None:
        self.console = console
        self.verb = verb
        self.terminal = console.is_terminal
        self.devices_total = 0
        self.requests_total = 0
        self.requests: dict[str, int] = {}  # device -> requests done
        self.finished: set[str] = set()
        self.started = time.monotonic()
        self.bar: Any = None
        self.task: Any = None

    def expect(self, requests: Mapping[str, Sized]) -> None:
        """The plan: how many devices and requests this collection will see."""
        self.devices_total = len(requests)
        self.requests_total = sum(len(r) for r in requests.values())
        self.started = time.monotonic()
        if self.terminal and self.bar is not None:
            self.bar.update(self.task, total=self.devices_total or None)

    def __enter__(self) -> CollectionProgress:
        if self.terminal:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(
                TextColumn(f"{self.verb}"), BarColumn(), MofNCompleteColumn(), TextColumn("devices"),
                TextColumn("[dim]{task.fields[requests]}[/]"), TimeElapsedColumn(),
                console=self.console, transient=True,
            )
            self.task = self.bar.add_task(self.verb, total=self.devices_total or None, requests="")
            self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()

    def __call__(self, device: str, done: int, total: int) -> None:
        self.requests[device] = done
        newly_done = done >= total and device not in self.finished
        if newly_done:
            self.finished.add(device)
        devices_total = max(self.devices_total, len(self.requests))
        if self.bar is not None:
            requests = f"{sum(self.requests.values())}/{self.requests_total} requests" if self.requests_total else ""
            self.bar.update(self.task, completed=len(self.finished), total=devices_total, requests=requests)
        elif newly_done:
            elapsed = time.monotonic() - self.started
            self.console.print(f"[{len(self.finished)}/{devices_total}] {device} collected at {elapsed:.1f}s",
                               markup=False, highlight=False, soft_wrap=True)
