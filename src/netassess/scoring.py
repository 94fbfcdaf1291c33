"""Score: results → points, per-skill subtotals, percent, grade, completeness.

Rules (documented in docs/engine.md):
- points are per target: each result is worth its check's ``points`` × the verdict's fraction;
- ``required`` results count in both awarded and possible points;
- ``optional`` results only add to awarded points (a bonus: missing one never lowers the percent,
  so it never gates), and the percent is capped at 100;
- ``warning`` results never score; ``skip`` results count nowhere;
- ``error`` results count as possible points with nothing awarded, and make the run incomplete;
- grade: ``distinction`` at or above the distinction mark, ``pass`` at or above the pass mark,
  otherwise ``fail``; a per-skill minimum not met makes the grade ``fail`` whatever the total.

Scoring trusts no number: results may come from a file (``netassess score``, cohort merges), so a
NaN, infinite or negative points value counts as 0, an award is clamped to ``0..possible``, and the
percent is always finite and within 0..100. A NaN must never compare its way to a distinction.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from netassess.errors import ExitCode
from netassess.results import CheckResult, Grade, Level, Score, SkillScore, Status


@dataclass(frozen=True)
class Marks:
    """The task's scoring section, as percentages."""

    pass_mark: float
    distinction_mark: float | None = None
    skill_minimums: Mapping[str, float] | None = None


# No honest result is worth more (a task allows 1000 points per target); the ceiling keeps sums
# of hostile values (1e308 + 1e308) from overflowing to inf.
POINTS_CEILING = 1e9


def _points(value: object) -> float:
    """A points value as a finite float in 0..POINTS_CEILING; NaN, ±inf, negatives and junk are 0."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return 0.0
    return min(number, POINTS_CEILING) if math.isfinite(number) and number > 0 else 0.0


def _percent(awarded: float, possible: float) -> float:
    """Finite and within 0..100 whatever it is given (the comparisons are false for NaN, so guard first)."""
    if not (math.isfinite(awarded) and math.isfinite(possible)) or possible <= 0 or awarded <= 0:
        return 0.0
    return min(100.0, 100.0 * awarded / possible)


def _counts(result: CheckResult) -> tuple[float, float]:
    """(awarded, possible) this result contributes: an error earns nothing, an award never exceeds its worth."""
    if result.level is Level.WARNING or result.status is Status.SKIP:
        return 0.0, 0.0
    possible = _points(result.points_possible)
    awarded = 0.0 if result.status is Status.ERROR else min(_points(result.points_awarded), possible)
    if result.level is Level.OPTIONAL:
        return awarded, 0.0
    return awarded, possible


def skill_scores(results: Iterable[CheckResult], minimums: Mapping[str, float] | None = None) -> dict[str, SkillScore]:
    """Subtotals per skill code; each result counts fully toward every skill it lists."""
    minimums = dict(minimums or {})
    totals: dict[str, list[float]] = {code: [0.0, 0.0] for code in minimums}
    for r in results:
        awarded, possible = _counts(r)
        for code in r.skills:
            t = totals.setdefault(code, [0.0, 0.0])
            t[0] += awarded
            t[1] += possible
    out: dict[str, SkillScore] = {}
    for code in sorted(totals, key=_skill_order):
        awarded, possible = totals[code]
        minimum = minimums.get(code)
        met = minimum is None or possible == 0 or _percent(awarded, possible) >= _mark(minimum)
        out[code] = SkillScore(awarded=round(awarded, 4), possible=round(possible, 4), minimum=minimum, met=met)
    return out


def _mark(value: float | None) -> float:
    """A mark as a percent to compare against; a non-finite one (NaN would pass everyone) demands 100."""
    if value is None or not math.isfinite(value):
        return 100.0
    return min(100.0, max(0.0, value))


def _skill_order(code: str) -> tuple[str, int]:
    digits = "".join(ch for ch in code if ch.isdigit())
    return (code.rstrip("0123456789"), int(digits) if digits else 0)


def score(results: Iterable[CheckResult], marks: Marks) -> tuple[Score, dict[str, SkillScore], bool]:
    """The run's score, per-skill subtotals, and whether it is complete (no error anywhere)."""
    results = list(results)
    awarded = possible = 0.0
    for r in results:
        a, p = _counts(r)
        awarded += a
        possible += p
    skills = skill_scores(results, marks.skill_minimums)
    pct = _percent(awarded, possible)
    pass_mark = _mark(marks.pass_mark)
    distinction = None if marks.distinction_mark is None else _mark(marks.distinction_mark)
    if distinction is not None and pct >= distinction and possible > 0:
        grade = Grade.DISTINCTION
    elif pct >= pass_mark and possible > 0:
        grade = Grade.PASS
    else:
        grade = Grade.FAIL
    if not all(s.met for s in skills.values()):
        grade = Grade.FAIL
    complete = not any(r.status is Status.ERROR for r in results)
    total = Score(
        awarded=round(awarded, 4),
        possible=round(possible, 4),
        percent=round(pct, 2),
        grade=grade,
        pass_mark=pass_mark,
        distinction_mark=distinction,
    )
    return total, skills, complete


def exit_code(grade: Grade, complete: bool) -> ExitCode:
    """0 passed, 1 below the pass mark, 3 incomplete (an incomplete run never reports a plain pass)."""
    if not complete:
        return ExitCode.INCOMPLETE
    return ExitCode.OK if grade is not Grade.FAIL else ExitCode.BELOW_PASS_MARK
