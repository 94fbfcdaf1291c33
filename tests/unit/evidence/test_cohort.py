"""report merge: one row per candidate, per-skill columns, CSV and HTML."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from evidence_fixtures import FIXTURES
from typer.testing import CliRunner

from netassess.cli import app
from netassess.errors import UsageError
from netassess.evidence.cohort import build_cohort, cohort_csv, write_cohort
from netassess.results import Grade, RunResult

BASE = RunResult.model_validate_json((FIXTURES / "triangle.results.json").read_text())


def _variant(tmp_path: Path, name: str, candidate: str | None, *, percent: float, grade: Grade, s4: float,
             later: int = 0, task: str | None = None) -> Path:
    r = BASE.model_copy(deep=True)
    r.candidate = candidate
    r.score = r.score.model_copy(update={"percent": percent, "grade": grade, "awarded": percent / 5, "possible": 20})
    r.skills["S4"] = r.skills["S4"].model_copy(update={"awarded": s4})
    r.finished = r.finished + timedelta(minutes=later)
    if task:
        r.task = r.task.model_copy(update={"id": task})
    path = tmp_path / f"{name}.json"
    path.write_text(r.model_dump_json())
    return path


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_one_row_per_candidate_with_skill_columns(tmp_path: Path) -> None:
    paths = [
        _variant(tmp_path, "a", "alice", percent=80, grade=Grade.PASS, s4=8),
        _variant(tmp_path, "b", "bob", percent=40, grade=Grade.FAIL, s4=2),
    ]
    rows = _rows(cohort_csv(build_cohort([(p, RunResult.model_validate_json(p.read_text())) for p in paths])))
    assert [r["candidate"] for r in rows] == ["alice", "bob"]
    assert list(rows[0]) == ["candidate", "tasks", "attempts", "awarded", "possible", "percent", "grade", "complete",
                             "S2_percent", "S4_percent", "S7_percent", "S13_percent"]
    assert (rows[0]["percent"], rows[0]["grade"], rows[0]["S4_percent"]) == ("80", "pass", "80")
    assert (rows[1]["grade"], rows[1]["S4_percent"], rows[1]["S7_percent"]) == ("fail", "20", "")


def test_latest_attempt_of_a_task_counts(tmp_path: Path) -> None:
    paths = [
        _variant(tmp_path, "first", "carol", percent=40, grade=Grade.FAIL, s4=2),
        _variant(tmp_path, "retake", "carol", percent=90, grade=Grade.DISTINCTION, s4=10, later=60),
    ]
    row = _rows(cohort_csv(build_cohort([(p, RunResult.model_validate_json(p.read_text())) for p in paths])))[0]
    assert (row["attempts"], row["percent"], row["grade"]) == ("2", "90", "distinction")


def test_several_tasks_add_up_and_the_weakest_grade_counts(tmp_path: Path) -> None:
    paths = [
        _variant(tmp_path, "t1", "dan", percent=90, grade=Grade.DISTINCTION, s4=10),
        _variant(tmp_path, "t2", "dan", percent=50, grade=Grade.FAIL, s4=5, task="acl-basics"),
    ]
    row = _rows(cohort_csv(build_cohort([(p, RunResult.model_validate_json(p.read_text())) for p in paths])))[0]
    got = (row["tasks"], row["grade"], row["percent"], row["S4_percent"])
    assert got == ("acl-basics;ospf-triangle-secure", "fail", "70", "75")


def test_merge_command_writes_csv_and_escaped_html(tmp_path: Path) -> None:
    paths = [_variant(tmp_path, "x", "<b>eve</b>", percent=70, grade=Grade.PASS, s4=6), _variant(tmp_path, "y", None,
             percent=10, grade=Grade.FAIL, s4=0)]
    res = CliRunner().invoke(app, ["report", "merge", *map(str, paths), "-o", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    html = (tmp_path / "out" / "cohort.html").read_text()
    assert "&lt;b&gt;eve&lt;/b&gt;" in html and "<b>eve" not in html
    assert "(no candidate id: y.json)" in (tmp_path / "out" / "cohort.csv").read_text()


def test_merge_rejects_a_file_that_is_not_results(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"hello": 1}')
    with pytest.raises(UsageError, match="bad.json: not a netassess results.json"):
        write_cohort([bad], tmp_path / "out")


def test_an_incomplete_run_is_not_counted_as_passed(tmp_path: Path) -> None:
    from netassess.evidence.cohort import cohort_html

    done = tmp_path / "a.json"
    alice = BASE.model_copy(deep=True, update={"candidate": "alice", "complete": True})
    alice.score = alice.score.model_copy(update={"percent": 80, "grade": Grade.PASS})
    done.write_text(alice.model_dump_json())
    partial = BASE.model_copy(deep=True)
    partial.candidate, partial.complete = "dave", False
    partial.score = partial.score.model_copy(update={"percent": 85, "grade": Grade.PASS})
    (tmp_path / "d.json").write_text(partial.model_dump_json())
    cohort = build_cohort([(p, RunResult.model_validate_json(p.read_text())) for p in (done, tmp_path / "d.json")])
    assert "2 candidate(s), 1 passed" in cohort_html(cohort)



@pytest.mark.parametrize("number", [float("nan"), float("inf"), -1.0])
def test_merge_rejects_a_results_file_with_non_finite_or_negative_points(tmp_path: Path, number: float) -> None:
    import json

    data = json.loads(BASE.model_dump_json())
    data["results"][0]["points_awarded"] = number  # json writes NaN / Infinity, as a tampered file would hold
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(data))
    with pytest.raises(UsageError, match="forged.json: not a netassess results.json"):
        write_cohort([forged], tmp_path / "out")


def test_a_filtered_run_is_never_a_complete_attempt_in_the_cohort(tmp_path: Path) -> None:
    from netassess.results import RunFilters

    full = BASE.model_copy(deep=True, update={"complete": True, "candidate": "dana"})
    part = full.model_copy(update={"candidate": "erin", "filters": RunFilters(devices=["r1"])})
    rows = _rows(cohort_csv(build_cohort([(tmp_path / "d.json", full), (tmp_path / "e.json", part)])))
    assert [(r["candidate"], r["complete"]) for r in rows] == [("dana", "yes"), ("erin", "no")]
