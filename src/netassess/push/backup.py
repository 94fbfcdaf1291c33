"""Running-config backups taken before a push: the raw copy for rollback, a sanitised one to show.

The raw file holds secrets (it must, to restore them), so it is written 0600 inside a 0700
directory; only the sanitised copy is ever printed or attached to a report.

File names come from inventory host names, which an inventory author chooses freely (``../../x``,
``a/b``, ``.``): every name is reduced to a strict slug, with a short hash of the real name when
the slug differs from it (so ``a/b`` and ``a_b`` never share a file), and the resolved path must
stay inside the push's folder.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from netassess.errors import UsageError
from netassess.sanitise import sanitise_config

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")  # no dots either: no "..", no hidden files, no ".cfg" tricks


def safe_name(name: str) -> str:
    """A file-name part made of ``[A-Za-z0-9_-]`` only; names that are already safe stay as they are."""
    slug = _UNSAFE.sub("_", name).strip("_")[:64]
    if slug == name:
        return name
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{slug or 'host'}-{digest}"


def _private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path


@dataclass(frozen=True)
class Backup:
    raw: Path
    sanitised: Path


class BackupSet:
    """One folder per push: ``<root>/<task>-<stage>-<UTC timestamp>/<device>.running{,.sanitised}.cfg``."""

    def __init__(self, root: Path, task_id: str, stage: str, now: datetime | None = None) -> None:
        stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S%fZ")
        self.folder = root / f"{safe_name(task_id)}-{safe_name(stage)}-{stamp}"

    def path_for(self, device: str, suffix: str) -> Path:
        """``<folder>/<safe device name><suffix>``, refused if it would resolve outside the folder."""
        path = self.folder / f"{safe_name(device)}{suffix}"
        if not path.resolve().is_relative_to(self.folder.resolve()):  # belt and braces: safe_name has no '/'
            raise UsageError(f"inventory host {device!r}: its backup file would leave {self.folder}; rename the host")
        return path

    def save(self, device: str, running: str, platform: str) -> Backup:
        _private_dir(self.folder)
        raw = self.path_for(device, ".running.cfg")
        fd = os.open(raw, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(running)
        os.chmod(raw, 0o600)
        sanitised = self.path_for(device, ".running.sanitised.cfg")
        fd = os.open(sanitised, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644)
        with os.fdopen(fd, "w") as handle:
            handle.write(sanitise_config(running, platform))
        return Backup(raw, sanitised)
