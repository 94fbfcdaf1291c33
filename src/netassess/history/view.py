"""Attempts grouped per candidate and task (the page that charts them is ``report/history_page.py``)."""

from __future__ import annotations

from netassess.history.db import Attempt


def group_attempts(attempts: list[Attempt]) -> dict[tuple[str | None, str], list[Attempt]]:
    """``{(candidate, task): [attempts, oldest first]}`` in candidate, task order."""
    groups: dict[tuple[str | None, str], list[Attempt]] = {}
    for attempt in attempts:
        groups.setdefault((attempt.candidate, attempt.task_id), []).append(attempt)
    return dict(sorted(groups.items(), key=lambda kv: (kv[0][0] or "", kv[0][1])))

