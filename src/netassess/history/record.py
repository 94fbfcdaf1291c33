"""Record a finished run in the history without ever costing the run its results.

A broken, locked or unwritable database prints one warning line; the caller writes its results
files either way (the run is the product, the history is a convenience)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from netassess.errors import NetassessError
from netassess.history.db import Attempt, HistoryDB
from netassess.results import RunResult


def attempt_of(result: RunResult, params_hash: str, evidence: Path | None, output: Path | None) -> Attempt:
    return Attempt(
        started=result.started, duration_s=round((result.finished - result.started).total_seconds(), 3),
        mode=result.mode, candidate=result.candidate, task_id=result.task.id, task_version=result.task.version,
        task_sha256=result.task.sha256, params_hash=params_hash, awarded=result.score.awarded,
        possible=result.score.possible, percent=result.score.percent, grade=result.score.grade.value,
        complete=result.complete, skills={k: (v.awarded, v.possible) for k, v in result.skills.items()},
        evidence=str(evidence) if evidence else None, output=str(output) if output else None,
        tool_version=result.tool_version,
    )


def record_attempt(
    db_path: Path | None, result: RunResult, params: Mapping[str, Any], *, evidence: Path | None = None,
    output: Path | None = None, warn: Callable[[str], None] = print,
) -> list[Attempt]:
    """Add the run to the database at ``db_path`` (None: history off) and return this candidate's
    attempts at this task, oldest first, for the report's progress chart; [] on any database trouble."""
    if db_path is None:
        return []
    db = HistoryDB(db_path)
    try:
        db.add(attempt_of(result, db.params_hash(params), evidence, output))
        return [a for a in db.attempts(task=result.task.id) if a.candidate == result.candidate]
    except (sqlite3.Error, OSError, ValueError, NetassessError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        warn(f"history not recorded in {db_path}: {first} (the results are written as usual)")
        return []
