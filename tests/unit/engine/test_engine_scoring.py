"""Scoring: partial credit per target, per-skill subtotals and minimums, grade, completeness, exit code."""

from __future__ import annotations

from datetime import UTC, datetime

from netassess.errors import ExitCode
from netassess.results import CheckResult, Grade, Level, Status
from netassess.scoring import Marks, exit_code, score

T = datetime(2026, 1, 1, tzinfo=UTC)


def _r(status: Status, awarded: float, possible: float, skills: list[str], level: Level = Level.REQUIRED) -> CheckResult:
    return CheckResult(check_id="c", type="t", target="r1", status=status, level=level, points_awarded=awarded,
                       points_possible=possible, skills=skills, started=T, finished=T)


def test_percent_and_grades_follow_the_marks() -> None:
    marks = Marks(pass_mark=60, distinction_mark=90)
    s, _, complete = score([_r(Status.PASS, 3, 3, ["S2"]), _r(Status.FAIL, 1, 2, ["S2"])], marks)
    assert (s.awarded, s.possible, s.percent, s.grade) == (4, 5, 80.0, Grade.PASS) and complete
    s, _, _ = score([_r(Status.PASS, 9, 10, ["S2"])], marks)
    assert s.grade is Grade.DISTINCTION
    s, _, _ = score([_r(Status.FAIL, 1, 10, ["S2"])], marks)
    assert s.grade is Grade.FAIL


def test_per_skill_subtotals_and_a_missed_minimum_fails_the_run() -> None:
    results = [_r(Status.PASS, 8, 8, ["S2"]), _r(Status.FAIL, 0, 2, ["S4"])]
    s, skills, _ = score(results, Marks(pass_mark=50, skill_minimums={"S4": 50}))
    assert (skills["S2"].awarded, skills["S2"].possible) == (8, 8)
    assert skills["S4"].met is False and skills["S4"].minimum == 50
    assert s.percent == 80.0 and s.grade is Grade.FAIL


def test_warnings_and_skips_never_score_and_optional_is_a_bonus() -> None:
    results = [
        _r(Status.PASS, 5, 5, ["S2"]),
        _r(Status.FAIL, 0, 0, ["S2"], Level.WARNING),
        _r(Status.SKIP, 0, 0, ["S2"]),
        _r(Status.FAIL, 0, 2, ["S2"], Level.OPTIONAL),
    ]
    s, _, complete = score(results, Marks(pass_mark=100))
    assert (s.awarded, s.possible, s.grade) == (5, 5, Grade.PASS) and complete
    s, _, _ = score([_r(Status.FAIL, 0, 5, ["S2"]), _r(Status.PASS, 2, 2, ["S2"], Level.OPTIONAL)], Marks(pass_mark=40))
    assert s.awarded == 2 and s.possible == 5 and s.grade is Grade.PASS


def test_an_error_earns_nothing_and_makes_the_run_incomplete() -> None:
    s, _, complete = score([_r(Status.PASS, 5, 5, ["S2"]), _r(Status.ERROR, 0, 5, ["S2"])], Marks(pass_mark=50))
    assert s.awarded == 5 and s.possible == 10 and not complete


def test_exit_codes() -> None:
    assert exit_code(Grade.PASS, True) is ExitCode.OK
    assert exit_code(Grade.DISTINCTION, True) is ExitCode.OK
    assert exit_code(Grade.FAIL, True) is ExitCode.BELOW_PASS_MARK
    assert exit_code(Grade.PASS, False) is ExitCode.INCOMPLETE
    assert exit_code(Grade.FAIL, False) is ExitCode.INCOMPLETE


def test_a_check_cannot_return_a_nan_or_infinite_fraction() -> None:
    import math

    import pytest

    from netassess.checks.base import Verdict

    for bad in (math.nan, math.inf, -math.inf):
        with pytest.raises(ValueError, match="fraction must be within 0..1"):
            Verdict(Status.FAIL, "x", bad)


def test_a_failed_check_worth_infinite_points_cannot_grade_a_distinction() -> None:
    """The issue's exploit: `points: .inf` made a failed check score NaN and min(100, nan) graded 100 %."""
    hostile = CheckResult.model_construct(**{**_r(Status.FAIL, 0, 1, ["S2"]).__dict__,
                                             "points_awarded": float("nan"), "points_possible": float("inf")})
    s, _, _ = score([hostile, _r(Status.FAIL, 0, 5, ["S2"])], Marks(pass_mark=50, distinction_mark=80))
    assert (s.percent, s.grade) == (0.0, Grade.FAIL)
