"""Where a task's files live, and the rule that keeps them there.

A task names its topology (relative to the task file) and its stage templates (relative to the
project root: the folder holding ``tasks/``, ``templates/`` and ``containerlab/``). Every path must
resolve inside that project root, so a shared task cannot read ``../../etc/passwd`` into a
rendered config or a report. The same holds for what a topology brings into a lab (binds,
startup-config, exec) and for template includes, symlinks resolved. ``--trust-paths`` (or
``NETASSESS_TRUST_PATHS=1``) lifts the rule for a project the user vouches for.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_MARKERS = ("templates", "containerlab")
TRUST_ENV = "NETASSESS_TRUST_PATHS"
TRUST_HINT = "pass --trust-paths if you trust this project"
_trusted = False  # a process-wide switch (not a contextvar): Nornir's worker threads render too


def trust_paths(enabled: bool = True) -> None:
    """Let task content reach outside its project (the CLI's ``--trust-paths``)."""
    global _trusted
    _trusted = enabled


def paths_trusted() -> bool:
    return _trusted or os.environ.get(TRUST_ENV) == "1"


def project_root(task_path: Path) -> Path:
    """The nearest folder, from the task's own upwards, that holds ``templates/`` or ``containerlab/``.

    Falls back to the task file's folder, so a lone task with its files beside it still works.
    """
    start = task_path.resolve().parent
    for folder in (start, *start.parents):
        if any((folder / marker).is_dir() for marker in PROJECT_MARKERS):
            return folder
    return start


class PathEscape(ValueError):
    """A path points outside the project root."""


def resolve_inside(root: Path, base: Path, relative: str) -> Path:
    """Resolve ``relative`` against ``base``; refuse anything that lands outside ``root``."""
    candidate = Path(relative).expanduser()
    resolved = (candidate if candidate.is_absolute() else base / candidate).resolve()
    root = root.resolve()
    if resolved != root and root not in resolved.parents and not paths_trusted():
        raise PathEscape(f"{relative!r} resolves to {resolved}, outside the project root {root}; keep task files inside it "
                         f"or {TRUST_HINT}")
    return resolved
