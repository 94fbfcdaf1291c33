"""A throwaway built-in lab: up on a free subnet, handed to the caller, always torn down.

``netassess demo`` and the live proof (``validate --live``) both need one: root daemons left
running after a failure, a Ctrl-C or a CI timeout's SIGTERM would outlive the command, so the
whole lifecycle lives here once.

    with throwaway_lab(loaded.topology_path, prefix="demo", say=print) as state:
        ...  # push, assess; the lab goes away when the block ends, however it ends
"""

from __future__ import annotations

import secrets
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, cast

from netassess.errors import EnvironmentProblem

if TYPE_CHECKING:
    from netassess.lab.runtimes.netns import NetnsRuntime
    from netassess.lab.state import LabState

Say = Callable[[str], None]
_UP_LOCK = threading.Lock()  # labs started in parallel: one picks its subnet and comes up at a time


def _free_subnet() -> str:
    from netassess.lab.subnets import free_mgmt_subnet

    return free_mgmt_subnet()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@contextmanager
def _sigterm_unwinds() -> Iterator[None]:
    """SIGTERM raises KeyboardInterrupt meanwhile, so the ``finally`` below runs (main thread only:
    elsewhere Python cannot set handlers, and the main thread's own handler decides)."""
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        yield
        return
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


@contextmanager
def throwaway_lab(
    topology: Path,
    *,
    prefix: str,
    say: Say,
    subnet: Callable[[], str] = _free_subnet,
    keep: bool = False,
    frr_image: str | None = None,
) -> Iterator[LabState]:
    """Bring ``topology`` up as lab ``<prefix>-<random>`` (netns runtime) on ``subnet()``, yield its
    state, and tear it down on the way out, unless ``keep``. A teardown failure is said, not raised:
    the error that ended the block matters more, and the line tells how to finish by hand."""
    from netassess.lab.runtime import get_runtime
    from netassess.lab.state import state_path

    runtime = cast("NetnsRuntime", get_runtime("netns"))  # asked for by name: frr_image is netns's
    problem = runtime.problem()
    if problem:
        raise EnvironmentProblem(f"a throwaway lab needs the built-in lab runtime: {problem}")
    name = f"{prefix}-{secrets.token_hex(3)}"
    up = False
    with _sigterm_unwinds():
        try:
            with _UP_LOCK:
                chosen = subnet()
                say(f"bringing up {Path(topology).name} as lab {name} on {chosen} …")
                state = runtime.up(topology, name=name, mgmt_subnet=chosen, frr_image=frr_image)
            up = True
            yield state
        finally:
            if not (up or state_path(name).exists()):
                pass  # `up` removes what it made when it fails: nothing left to do
            elif keep:
                say(f"lab {name} left running (--keep); stop it with `netassess lab down {name}`")
            else:
                say(f"tearing down lab {name} …")
                try:
                    runtime.down(name)
                except Exception as exc:  # noqa: BLE001 - keep the original error; say how to finish by hand
                    say(f"teardown of lab {name} failed ({exc}); run `netassess lab down {name}`")
