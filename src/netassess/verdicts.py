"""The outcome, level and grade words every layer shares (``netassess.results`` re-exports them).

Apart from the result models, so that reading a task (``validate``: ``Level``) or declaring a check
(``Status``) does not import the models of a run's results (issue 15, CLI start).
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """Exactly four outcomes. ``fail`` is the candidate's; ``error`` is the tool's or device's."""

    PASS = "pass"
    FAIL = "fail"
    ERROR = "error"
    SKIP = "skip"


class Level(StrEnum):
    """How a check counts: required checks score, optional ones score but never gate, warnings never score."""

    REQUIRED = "required"
    OPTIONAL = "optional"
    WARNING = "warning"


class Grade(StrEnum):
    FAIL = "fail"
    PASS = "pass"
    DISTINCTION = "distinction"
