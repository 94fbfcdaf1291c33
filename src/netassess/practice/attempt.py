"""When a practice attempt started, kept with the lab so the time limit survives a resume.

Ctrl-C leaves the lab up and ``practice`` attaches again later; if the clock restarted there, a
candidate could stop and resume to earn more time. So the first start of an attempt is written to
``<lab dir>/practice.json`` (keyed by task and candidate: one lab may be practised by several) and
every later start reads it. The file lives in the lab's own directory, so ``lab down`` removes it
with the lab and a fresh lab starts a fresh attempt. ``restart=True`` is a deliberate new attempt.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

RECORD = "practice.json"


class _Started(BaseModel):
    model_config = ConfigDict(extra="forbid")
    started: datetime


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")
    attempts: dict[str, _Started] = Field(default_factory=dict)


@dataclass(frozen=True)
class Attempt:
    started: datetime  # aware, UTC
    resumed: bool  # True: an earlier run of practice started this attempt
    warning: str | None = None  # the record could not be read or written (the clock then counts from now)

    def elapsed_s(self, now: datetime) -> float:
        return max(0.0, (now - self.started).total_seconds())

    def note(self) -> str:
        """What the view says about the clock: only a resumed attempt needs saying."""
        if not self.resumed:
            return ""
        return f"resumed; started {self.started.astimezone().strftime('%H:%M')}"


def attempt_key(task_id: str, candidate: str | None) -> str:
    return f"{task_id}/{candidate or ''}"


def start_attempt(
    lab_dir: Path | None, task_id: str, candidate: str | None, *, restart: bool = False,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> Attempt:
    """The attempt in the lab's record (resumed), or a new one recorded now (first start or ``restart``)."""
    started = now()
    if lab_dir is None:
        return Attempt(started, False, "this lab keeps no practice record: the time limit counts from now")
    path = lab_dir / RECORD
    try:
        with _locked(lab_dir):  # two candidates starting at once on one lab must not drop each other's start
            return _read_or_record(path, attempt_key(task_id, candidate), started, restart)
    except OSError as exc:
        return Attempt(started, False, f"{path}: cannot record the practice start ({exc.strerror or exc}): "
                                       "a resume will restart the clock")


@contextmanager
def _locked(lab_dir: Path) -> Iterator[None]:
    with open(lab_dir / f".{RECORD}.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _read_or_record(path: Path, key: str, started: datetime, restart: bool) -> Attempt:
    try:
        record = _Record.model_validate_json(path.read_text()) if path.exists() else _Record()
    except ValueError as exc:  # pydantic's ValidationError is one
        return Attempt(started, False, f"{path}: unreadable practice record ({type(exc).__name__}): "
                                       "the time limit counts from now")
    if not restart and key in record.attempts:
        return Attempt(record.attempts[key].started, True)
    record.attempts[key] = _Started(started=started)
    tmp = path.with_name(f".{RECORD}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(record.model_dump(mode="json"), indent=2))
    os.replace(tmp, path)
    return Attempt(started, False)
