"""Finding tasks: ``./tasks`` first (a college's own), then the tasks shipped with netassess.

A task found earlier shadows a shipped one with the same id, as netlab searches the lab folder
before the package: a college can adapt a shipped task without forking. Looking a task up by id
reads only each file's ``id`` (bounded YAML, nothing rendered), so a broken or hostile sibling in
``./tasks`` cannot stop ``run <other-id>``: it is skipped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from netassess.content import content_dir
from netassess.errors import UsageError
from netassess.safe_yaml import LOAD_ERRORS, safe_load_file
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


def peek_id(path: Path) -> str | None:
    """The ``id`` a task file declares, without validating or rendering it; None if unreadable."""
    try:
        data = safe_load_file(path)
    except LOAD_ERRORS:
        return None
    task_id = data.get("id") if isinstance(data, dict) else None
    return task_id if isinstance(task_id, str) else None


def find_task(ref: str, extra: Iterable[Path] = ()) -> Path:
    """A task file by path, or by id in the search folders (the first folder declaring it wins)."""
    path = Path(ref)
    if path.suffix in TASK_SUFFIXES or path.exists():
        if not path.is_file():
            raise UsageError(f"task file {ref} not found")
        return path
    known: list[str] = []
    unreadable: list[Path] = []
    for folder in search_dirs(extra):
        # a file named after the id is the likely one: read it first
        for candidate in sorted(task_files(folder), key=lambda p: p.stem != ref):
            task_id = peek_id(candidate)
            if task_id == ref:
                return candidate
            if task_id is None:
                unreadable.append(candidate)
            elif task_id not in known:
                known.append(task_id)
    named = [p for p in unreadable if p.stem == ref]
    hint = f"; {named[0]} is not a readable task file (netassess validate {named[0]} says why)" if named else ""
    raise UsageError(f"no task with id {ref!r} in {', '.join(map(str, search_dirs(extra))) or './tasks'} "
                     f"(known: {', '.join(known) or 'none'}){hint}")
