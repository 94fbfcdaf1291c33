"""The ``table`` format: grouped by check, one line per target, then the score and skills."""

from __future__ import annotations

from datetime import UTC, datetime

from netassess.report.base import REPORTS, ReportContext
from netassess.results import CheckResult, Grade, RunResult, Score, SkillScore, Status, TaskRef

T = datetime(2026, 1, 1, tzinfo=UTC)


def _result(complete: bool = True) -> RunResult:
    rs = [
        CheckResult(check_id="adj", type="ospf_neighbor", target="r1", status=Status.PASS, points_awarded=2,
                    points_possible=2, message="2 neighbours Full", skills=["S2"], started=T, finished=T),
        CheckResult(check_id="adj", type="ospf_neighbor", target="r2", status=Status.FAIL, points_possible=2,
                    message="expected 2 Full, found 1", hint="check the area", skills=["S2"], started=T, finished=T),
        CheckResult(check_id="adj", type="ospf_neighbor", target="r3", status=Status.ERROR, points_possible=2,
                    message="unreachable: r3: Connection refused", hint="check the area", skills=["S2"], started=T, finished=T),
    ]
    return RunResult(task=TaskRef(id="t", version="1", title="Title", sha256="x"), started=T, finished=T, results=rs,
                     skills={"S2": SkillScore(awarded=2, possible=6, minimum=50, met=False)},
                     score=Score(awarded=2, possible=6, percent=33.33, grade=Grade.FAIL, pass_mark=60), complete=complete)


def test_table_groups_results_by_check_with_a_status_per_target() -> None:
    text = REPORTS.get("table")().render(ReportContext(result=_result(False), show_hints=False))
    lines = text.splitlines()
    assert any(line.startswith("[adj] ospf_neighbor  2/6 pts") for line in lines)
    assert any(line.startswith("PASS") and "r1" in line for line in lines)
    assert any(line.startswith("FAIL") and "found 1" in line for line in lines)
    assert any(line.startswith("ERROR") and "unreachable" in line for line in lines)
    assert "grade INCOMPLETE, grade so far FAIL" in text and "hint:" not in text
    assert any(line.split()[:1] == ["S2"] and "NO" in line for line in lines)


def test_practice_mode_shows_hints_for_results_that_did_not_pass() -> None:
    text = REPORTS.get("table")().render(ReportContext(result=_result(), show_hints=True))
    assert text.count("hint: check the area") == 2
