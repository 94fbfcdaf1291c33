"""Attempts grouped per candidate and task, and the standalone history page (charts only)."""

from __future__ import annotations

from netassess.history.chart import progress_svg
from netassess.history.db import Attempt


def group_attempts(attempts: list[Attempt]) -> dict[tuple[str | None, str], list[Attempt]]:
    """``{(candidate, task): [attempts, oldest first]}`` in candidate, task order."""
    groups: dict[tuple[str | None, str], list[Attempt]] = {}
    for attempt in attempts:
        groups.setdefault((attempt.candidate, attempt.task_id), []).append(attempt)
    return dict(sorted(groups.items(), key=lambda kv: (kv[0][0] or "", kv[0][1])))


def history_html(groups: dict[tuple[str | None, str], list[Attempt]]) -> str:
    from netassess.report.html import environment

    charts = [(candidate or "(no candidate id)", task, len(items), progress_svg(items, f"{candidate or ''} {task}"))
              for (candidate, task), items in groups.items()]
    return environment().get_template("history.html.j2").render(charts=charts)
