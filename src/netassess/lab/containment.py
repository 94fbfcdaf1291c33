"""What a topology may bring into a lab when nobody vouched for it (``--trust-paths`` not given).

A lab node shares the host's files and its ``exec`` commands run as root, so a downloaded task's
topology could copy ``/etc/shadow`` into a router's config (readable with ``show running``) or run
anything. Unless trusted, files (binds, startup-config, daemons) must resolve inside the
topology's project and ``exec`` may only configure the node's own network.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from netassess.errors import SpecError
from netassess.spec.paths import TRUST_HINT, project_root

# exec runs as root on the host (a lab node shares the host's files). Untrusted topologies may only
# configure the node's own network: these programs, no shell syntax, no file, no other namespace.
EXEC_PROGRAMS = ("ip", "sysctl", "ethtool", "tc", "bridge")
_SHELL_SYNTAX = re.compile(r"[;|&$`<>(){}\\*?!\n]")
_OTHER_PLACE = {"netns", "-n", "-netns", "--netns", "exec", "-b", "-batch", "-force", "-p", "--load", "--system"}


def _exec_problem(cmd: str) -> str | None:
    if _SHELL_SYNTAX.search(cmd):
        return "uses shell syntax"
    try:
        argv = shlex.split(cmd)
    except ValueError:
        return "is not one command"
    if not argv or argv[0] not in EXEC_PROGRAMS:
        return f"runs {argv[0] if argv else 'nothing'!r}, not one of {', '.join(EXEC_PROGRAMS)}"
    for token in argv[1:]:
        if token.startswith(("/", "~")) or ".." in token:
            return f"names a file ({token})"
        if token in _OTHER_PLACE:
            return f"reaches beyond the node ({token})"
        if argv[0] == "sysctl" and not token.startswith(("-", "net.")):
            return f"sets {token.split('=')[0]}, not a net.* setting of the node"
    return None


def contain(path: Path, where: str, files: list[tuple[str, Path | None]], exec_cmds: list[str]) -> None:
    """Files a lab copies in, and commands it runs, stay within the topology's project (symlinks resolved)."""
    root = project_root(path)
    for what, file in files:
        if file is not None and root != file.resolve() and root not in file.resolve().parents:
            raise SpecError(f"{where}: {what} resolves to {file.resolve()}, outside the project {root}; "
                            f"keep lab files inside it or {TRUST_HINT}")
    for index, cmd in enumerate(exec_cmds):
        problem = _exec_problem(cmd)
        if problem:
            raise SpecError(f"{where}.exec[{index}]: {cmd!r} {problem}; an untrusted topology may only "
                            f"configure the node's network ({', '.join(EXEC_PROGRAMS)}) unless you {TRUST_HINT}")
