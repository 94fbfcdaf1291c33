"""Running-config backups taken before a push: the raw copy for rollback, a sanitised one to show.

The raw file holds secrets (it must, to restore them), so it is written 0600 inside a 0700
directory; only the sanitised copy is ever printed or attached to a report.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from netassess.sanitise import sanitise_config


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
        self.folder = root / f"{task_id}-{stage}-{stamp}"

    def save(self, device: str, running: str, platform: str) -> Backup:
        folder = _private_dir(self.folder)
        raw = folder / f"{device}.running.cfg"
        fd = os.open(raw, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(running)
        os.chmod(raw, 0o600)
        sanitised = folder / f"{device}.running.sanitised.cfg"
        sanitised.write_text(sanitise_config(running, platform))
        return Backup(raw, sanitised)
