"""SIGINT/SIGTERM during a push: recorded, not raised, until no device is half-changed.

A signal that raised ``KeyboardInterrupt`` in the main thread while Nornir's worker threads were
typing a commit would leave those commits running unsupervised and skip the rollback. So while a
push runs, the two signals only set ``received``; the push looks at it between phases (after the
backups and diffs, before each device's commit, after the commits) and, if set, discards the
candidates and rolls back every device already committed, then raises ``PushInterrupted`` (exit
130). Only where nothing has been changed yet (the confirmation question) does a signal raise at
once. SIGKILL cannot be caught: the backups are the way back then.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class PushInterrupted(KeyboardInterrupt):
    """A push stopped by a signal after undoing its changes; ``result`` tells each device's outcome.

    A ``KeyboardInterrupt`` so that callers which carry on after a ``NetassessError`` (validate
    --live moves to the next task) still stop; the CLI prints the message and exits 130.
    """

    def __init__(self, message: str, result: Any) -> None:
        super().__init__(message)
        self.result = result


class DeferredSignals:
    """Context manager: record SIGINT/SIGTERM instead of raising (a no-op outside the main thread,
    where Python cannot install handlers; the caller's thread then has its own arrangements)."""

    def __init__(self, notify: Callable[[str], None] | None = None) -> None:
        """``notify`` is called from the signal handler; the default writes one line to stderr."""
        self.received: int | None = None
        self._notify = notify or _stderr_line
        self._raise_now = False
        self._previous: dict[int, Any] = {}

    @property
    def name(self) -> str:
        return signal.Signals(self.received).name if self.received else ""

    def __enter__(self) -> DeferredSignals:
        if threading.current_thread() is threading.main_thread():
            for signum in SIGNALS:
                self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        self._previous.clear()

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        first = self.received is None
        if first:
            self.received = signum
        if self._raise_now:
            raise KeyboardInterrupt
        self._notify(f"{signal.Signals(signum).name} received: " + (
                "finishing the device operations under way, then undoing every change (do not kill -9)" if first
                else "still undoing; wait for it (do not kill -9)"))

    @contextmanager
    def interruptible(self) -> Iterator[None]:
        """A stretch where nothing has changed yet (a question to the user): a signal raises at once."""
        if self.received:
            raise KeyboardInterrupt
        self._raise_now = True
        try:
            yield
        finally:
            self._raise_now = False


def _stderr_line(line: str) -> None:
    """A plain write: a handler must not take a rich console's lock, which the main thread may hold."""
    os.write(2, f"{line}\n".encode())
