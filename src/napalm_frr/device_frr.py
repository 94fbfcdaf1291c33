"""Candidate checks and diffs with the FRR *on the device*, never the assessor machine's.

`vtysh -m` (which parses a config and refuses the first line it does not know) and frr-reload.py
(which turns two configs into the lines between them) belong to one FRR release: a line FRR 10
knows may be unknown to 8.4, and their `show running-config` forms differ. So, given a Linux shell
on the router (the automation account, or `docker exec`), the candidate is marked by the router's
own vtysh and diffed by the router's own frr-reload.py, copied here once per distinct file. A
vtysh-only login has no such shell: the local FRR may stand in only when it is the same release
as the router's; otherwise the driver says how to connect instead of refusing valid lines.
"""

from __future__ import annotations

import hashlib
import re
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from napalm.base.exceptions import CommitError

from napalm_frr.reload_diff import DEFAULT_FRR_RELOAD, Marker, local_marker

_VERSION = re.compile(r"FRRouting (\d+\.\d+)")
_CACHE = Path(tempfile.gettempdir()) / "napalm_frr-reload"


def release(show_version: str) -> str | None:
    """'10.3' from `show version` (FRRouting 10.3 (r1) on Linux…), else None."""
    found = _VERSION.search(show_version)
    return found.group(1) if found else None


def local_release() -> str | None:
    """The release of the FRR installed here (its dpkg version, e.g. 8.4), if any."""
    try:
        done = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "frr"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    found = re.match(r"(?:\d+:)?(\d+\.\d+)", done.stdout.strip()) if done.returncode == 0 else None
    return found.group(1) if found else None


def device_marker(transport: Any, vtysh: str) -> Marker:
    return lambda text: transport.linux(f"{shlex.quote(vtysh)} -m -f -", stdin=text)


def device_frr_reload(transport: Any, path: str) -> str | None:
    """A local copy of the router's frr-reload.py (cached by content), or None if it has none."""
    rc, text = transport.linux(f"cat {shlex.quote(path)}")
    if rc != 0 or "def compare_context_objects" not in text:
        return None
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    copy = _CACHE / f"frr_reload_{digest}.py"
    if not copy.is_file():
        _CACHE.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = copy.with_suffix(f".tmp{id(text)}")
        tmp.write_text(text)
        tmp.replace(copy)
    return str(copy)


def choose(transport: Any, optional_args: dict[str, Any], hostname: str) -> tuple[Marker, str]:
    """(marker, path of frr-reload.py to load) for this router."""
    reload_path = str(optional_args.get("frr_reload", DEFAULT_FRR_RELOAD))
    if transport.shell == "linux":
        marker = device_marker(transport, str(optional_args.get("vtysh", "vtysh")))
        copy = device_frr_reload(transport, reload_path)
        if copy is None and not Path(reload_path).is_file():
            raise CommitError(f"{hostname}: diffing FRR configs needs frr-reload.py ({reload_path}) on the router "
                              "(package frr-pythontools) or here")
        return marker, copy or reload_path
    local = local_marker()
    theirs = release(transport.show("show version"))
    ours = local_release() if local else None
    if local is None or ours is None or theirs != ours:
        here = f"FRR {ours} here" if ours else "no FRR here"
        raise CommitError(
            f"{hostname}: checking a candidate needs the router's own vtysh (FRR {theirs or '?'} there, {here}): "
            "connect with a Linux shell on the router (the automation account, optional_args shell=linux)"
        )
    return local, reload_path
