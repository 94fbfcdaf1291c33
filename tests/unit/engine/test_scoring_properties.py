"""Properties of scoring that must hold for every mix of results, not only the examples we thought of.

Hypothesis is derandomised (the same examples every run) so CI is reproducible; the tests together
try 2,000 cases and take a few seconds.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from netassess.results import CheckResult, Grade, Level, Status
from netassess.scoring import Marks, score

T = datetime(2026, 1, 1, tzinfo=UTC)
EXAMPLES = 400
PROPERTY = settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
SKILLS = ["S2", "S4", "S7", "S13"]
_GRADE_RANK = {Grade.FAIL: 0, Grade.PASS: 1, Grade.DISTINCTION: 2}


@st.composite
def honest_result(draw: st.DrawFn) -> CheckResult:
    """A result as the judge makes it: pass earns all, fail a fraction below 1, error and skip nothing."""
    level = draw(st.sampled_from(list(Level)))
    status = draw(st.sampled_from(list(Status)))
    points = draw(st.floats(min_value=0.25, max_value=1000, allow_nan=False))
    possible = 0.0 if level is Level.WARNING or status is Status.SKIP else points
    fraction = {Status.PASS: 1.0, Status.FAIL: draw(st.floats(0, 0.99)), Status.ERROR: 0.0, Status.SKIP: 0.0}[status]
    return CheckResult(check_id="c", type="t", target="r1", status=status, level=level,
                       points_awarded=round(possible * fraction, 4), points_possible=possible,
                       skills=draw(st.lists(st.sampled_from(SKILLS), min_size=1, max_size=2, unique=True)),
                       started=T, finished=T)


@st.composite
def marks(draw: st.DrawFn) -> Marks:
    pass_mark = draw(st.floats(0, 100))
    distinction = draw(st.none() | st.floats(pass_mark, 100))
    minimums = draw(st.dictionaries(st.sampled_from(SKILLS), st.floats(0, 100), max_size=2))
    return Marks(pass_mark, distinction, minimums)


# Any float a hostile results or snapshot file could hold, NaN and both infinities included.
hostile_number = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from([math.nan, math.inf, -math.inf, -1.0, 1e308])


@st.composite
def hostile_result(draw: st.DrawFn) -> CheckResult:
    """A result read from a tampered file: model_construct skips validation, as a buggy reader might."""
    return CheckResult.model_construct(
        check_id="c", type="t", target="r1", target_kind="device", devices=[],
        status=draw(st.sampled_from(list(Status))), level=draw(st.sampled_from(list(Level))),
        points_awarded=draw(hostile_number), points_possible=draw(hostile_number),
        skills=draw(st.lists(st.sampled_from(SKILLS), min_size=1, max_size=2, unique=True)),
        message="", hint=None, evidence=[], attempts=1, started=T, finished=T,
    )


def _percent_is_sane(percent: float) -> bool:
    return math.isfinite(percent) and 0.0 <= percent <= 100.0


@PROPERTY
@given(st.lists(honest_result(), max_size=12), marks())
def test_percent_is_finite_within_0_and_100_and_awarded_never_exceeds_possible(results: list[CheckResult], m: Marks) -> None:
    total, skills, _ = score(results, m)
    assert _percent_is_sane(total.percent)
    bonus = sum(r.points_awarded for r in results if r.level is Level.OPTIONAL and r.status is not Status.SKIP)
    assert total.awarded <= total.possible + bonus + 1e-6  # only optional checks add beyond the possible total
    for s in skills.values():
        assert s.awarded >= 0 and (s.awarded <= s.possible + 1e-6 or any(r.level is Level.OPTIONAL for r in results))


@PROPERTY
@given(st.lists(honest_result(), min_size=1, max_size=12), marks(), st.data())
def test_turning_one_fail_into_a_pass_never_lowers_percent_or_grade(results: list[CheckResult], m: Marks, data: st.DataObject) -> None:
    fails = [i for i, r in enumerate(results) if r.status is Status.FAIL]
    assume(fails)  # a mix without a fail says nothing here; hypothesis draws another
    i = data.draw(st.sampled_from(fails))
    better = list(results)
    better[i] = results[i].model_copy(update={"status": Status.PASS, "points_awarded": results[i].points_possible})
    before, _, _ = score(results, m)
    after, _, _ = score(better, m)
    assert after.percent >= before.percent
    assert _GRADE_RANK[after.grade] >= _GRADE_RANK[before.grade]


@PROPERTY
@given(st.lists(honest_result(), min_size=1, max_size=12), marks(), st.floats(0.01, 1000))
def test_errors_never_earn_points_whatever_their_record_claims(results: list[CheckResult], m: Marks, claim: float) -> None:
    forged = [r.model_copy(update={"points_awarded": max(claim, r.points_possible)}) if r.status is Status.ERROR else r
              for r in results]
    assert score(forged, m) == score(results, m)


@PROPERTY
@given(st.lists(hostile_result(), max_size=12), marks())
def test_nan_inf_and_negative_points_from_a_file_never_give_a_bad_percent(results: list[CheckResult], m: Marks) -> None:
    total, skills, _ = score(results, m)
    assert _percent_is_sane(total.percent)
    assert math.isfinite(total.awarded) and math.isfinite(total.possible) and total.awarded >= 0
    for s in skills.values():
        assert math.isfinite(s.awarded) and math.isfinite(s.possible)
    if not any(math.isfinite(r.points_possible) and r.points_possible > 0 for r in results):
        assert total.grade is Grade.FAIL  # nothing possible is never a pass, let alone a distinction


@PROPERTY
@given(st.lists(honest_result(), min_size=1, max_size=6), st.sampled_from([math.nan, math.inf, -math.inf]))
def test_a_non_finite_mark_never_passes_a_candidate_who_did_not_score_everything(results: list[CheckResult], mark: float) -> None:
    total, _, _ = score(results, Marks(pass_mark=mark, distinction_mark=mark))
    if total.percent < 100:
        assert total.grade is Grade.FAIL
    assert math.isfinite(total.pass_mark)
