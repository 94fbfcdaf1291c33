"""The ``csv`` format: one row per check and target, for spreadsheets and quick scripts.

Columns are fixed (``COLUMNS``) so a marker's spreadsheet keeps working as netassess grows; the
run's own facts (task, candidate, grade, complete, filtered) repeat on every row, so one file of
many runs concatenated still says whose row is whose. A cell that a spreadsheet would run as a
formula (device text starting ``=``, ``+``, ``-``, ``@``) is prefixed with ``'``.
"""

from __future__ import annotations

import csv
import io
from typing import ClassVar

from netassess.report.base import ReportContext, register_report

COLUMNS = (
    "task", "task_version", "candidate", "mode", "grade", "complete", "filtered",
    "check_id", "type", "target", "target_kind", "devices", "status", "level",
    "points_awarded", "points_possible", "skills", "attempts", "message",
)  # fmt: skip
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


@register_report
class CsvReport:
    """Every result as a CSV row (RFC 4180, header first)."""

    name: ClassVar[str] = "csv"
    extension: ClassVar[str] = "csv"

    def render(self, ctx: ReportContext) -> str:
        result = ctx.result
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(COLUMNS)
        run = (result.task.id, result.task.version, result.candidate or "", result.mode, result.score.grade.value,
               str(result.complete).lower(), str(result.filters is not None).lower())
        for r in result.results:
            row = (*run, r.check_id, r.type, r.target, r.target_kind, " ".join(r.devices), r.status.value, r.level.value,
                   f"{r.points_awarded:g}", f"{r.points_possible:g}", " ".join(r.skills), r.attempts, r.message)
            writer.writerow([_cell(v) for v in row])
        return buf.getvalue()
