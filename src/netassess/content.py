"""Where the shipped content lives: tasks, templates, check templates/packs, topologies.

In a source checkout (or editable install) that is the repository root; a wheel carries a copy
under ``netassess/content/`` (see setup.py). Callers search the user's own folders first.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def content_root() -> Path | None:
    """The folder holding the shipped ``tasks/``, ``templates/``, ``checks/`` and ``containerlab/``."""
    for candidate in (_PACKAGE.parents[1], _PACKAGE / "content"):
        if (candidate / "tasks").is_dir() and (candidate / "templates").is_dir():
            return candidate
    return None


def content_dir(name: str) -> Path | None:
    """A shipped content folder by name (``tasks``, ``checks`` …), if this install has it."""
    root = content_root()
    folder = root / name if root else None
    return folder if folder is not None and folder.is_dir() else None
