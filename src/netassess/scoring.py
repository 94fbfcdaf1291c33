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
"""

from __future__ import annotations

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


def _percent(awarded: float, possible: float) -> float:
    return min(100.0, 100.0 * awarded / possible) if possible > 0 else 0.0


def _counts(result: CheckResult) -> tuple[float, float]:
    """(awarded, possible) this result contributes."""
    if result.level is Level.WARNING or result.status is Status.SKIP:
        return 0.0, 0.0
    if result.level is Level.OPTIONAL:
        return result.points_awarded, 0.0
    return result.points_awarded, result.points_possible


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
        met = minimum is None or possible == 0 or _percent(awarded, possible) >= minimum
        out[code] = SkillScore(awarded=round(awarded, 4), possible=round(possible, 4), minimum=minimum, met=met)
    return out


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
    if marks.distinction_mark is not None and pct >= marks.distinction_mark and possible > 0:
        grade = Grade.DISTINCTION
    elif pct >= marks.pass_mark and possible > 0:
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
        pass_mark=marks.pass_mark,
        distinction_mark=marks.distinction_mark,
    )
    return total, skills, complete


def exit_code(grade: Grade, complete: bool) -> ExitCode:
    """0 passed, 1 below the pass mark, 3 incomplete (an incomplete run never reports a plain pass)."""
    if not complete:
        return ExitCode.INCOMPLETE
    return ExitCode.OK if grade is not Grade.FAIL else ExitCode.BELOW_PASS_MARK
