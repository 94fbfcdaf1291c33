"""What a push did, device by device: the record the push steps fill in, the confirmation reads
and the CLI prints. Its own module so the steps, the push and the display all read one definition."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class DevicePush:
    host: str
    node: str
    platform: str
    mode: str
    config: str | None = None  # rendered candidate (holds secrets: never printed)
    skip: str | None = None  # why nothing is pushed to this device
    backup: Path | None = None
    backup_sanitised: Path | None = None
    diff: str = ""  # sanitised: what commit types
    committed: bool = False
    confirmed: bool = False  # commit-confirm: a fresh login worked and the pending commit was confirmed
    held: bool = False  # had a change, not committed because a signal stopped the push
    rolled_back: bool = False
    error: str | None = None

    @property
    def changes(self) -> bool:
        return bool(self.diff.strip())


@dataclass
class PushResult:
    task_id: str
    stage: str
    dry_run: bool
    devices: list[DevicePush] = field(default_factory=list)
    backup_folder: Path | None = None
    declined: bool = False  # the confirmation said no: nothing was committed
    diffs_shown: bool = False  # the confirmation already printed every diff

    @property
    def changed(self) -> list[str]:
        return [d.host for d in self.devices if d.committed and not d.rolled_back]


Confirm = Callable[[PushResult], bool]
Show = Callable[[PushResult], None]  # prints the outcome; given by the caller so push never imports a UI
