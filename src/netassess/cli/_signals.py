"""SIGTERM (a CI job's timeout, `kill`) unwinds like Ctrl-C, so commands that start labs remove
what they made in their ``finally`` blocks instead of dying with root daemons left running."""

from __future__ import annotations

import signal


def _terminate(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def terminate_like_ctrl_c() -> None:
    signal.signal(signal.SIGTERM, _terminate)
