"""Finding tasks: ``./tasks`` first (a college's own), then the tasks shipped with netassess.

A task found earlier shadows a shipped one with the same id, as netlab searches the lab folder
before the package: a college can adapt a shipped task without forking.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from netassess.errors import UsageError
from netassess.content import content_dir
from netassess.spec.loaded import LoadedTask
from netassess.spec.loader import Analysis, analyse_task

TASK_SUFFIXES = (".yaml", ".yml")


def packaged_tasks_dir() -> Path | None:
    """The shipped ``tasks/`` folder (source checkout, editable install or wheel), if present."""
    return content_dir("tasks")


def search_dirs(extra: Iterable[Path] = ()) -> list[Path]:
    dirs = [*extra, Path.cwd() / "tasks"]
    packaged = packaged_tasks_dir()
    if packaged is not None:
        dirs.append(packaged)
    out: list[Path] = []
    for folder in dirs:
        resolved = folder.resolve()
        if resolved.is_dir() and resolved not in out:
            out.append(resolved)
    return out


def task_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in TASK_SUFFIXES and p.is_file())


@dataclass
class CatalogEntry:
    path: Path
    analysis: Analysis

    @property
    def loaded(self) -> LoadedTask | None:
        return self.analysis.loaded

    @property
    def task_id(self) -> str:
        if self.loaded is not None:
            return self.loaded.task.id
        return self.path.stem


def catalog(extra: Iterable[Path] = ()) -> list[CatalogEntry]:
    """Every task in the search folders; an id seen earlier shadows later ones."""
    seen: set[str] = set()
    out = []
    for folder in search_dirs(extra):
        for path in task_files(folder):
            entry = CatalogEntry(path, analyse_task(path))
            if entry.task_id in seen:
                continue
            seen.add(entry.task_id)
            out.append(entry)
    return out


def find_task(ref: str, extra: Iterable[Path] = ()) -> Path:
    """A task file by path, or by id in the search folders."""
    path = Path(ref)
    if path.suffix in TASK_SUFFIXES or path.exists():
        if not path.is_file():
            raise UsageError(f"task file {ref} not found")
        return path
    for entry in catalog(extra):
        if entry.task_id == ref:
            return entry.path
    known = ", ".join(e.task_id for e in catalog(extra)) or "none"
    raise UsageError(f"no task with id {ref!r} in {', '.join(map(str, search_dirs(extra))) or './tasks'} (known: {known})")
