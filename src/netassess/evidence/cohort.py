"""Cohort summary: many results files → one row per candidate, per-skill columns (CSV and HTML).

A candidate may have several results files: retakes of one task (the latest attempt counts,
the number of attempts is shown) and different tasks (points add up across tasks; the overall
grade is the weakest task grade, since every task must be passed).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from netassess.errors import UsageError
from netassess.report.cohort_stats import distribution_svg, most_failed, score_bins
from netassess.report.html import environment
from netassess.report.outcomes import fmt_points, percent
from netassess.results import Grade, RunResult, read_run_result
from netassess.safe_json import load_file

_GRADE_ORDER = {Grade.FAIL: 0, Grade.PASS: 1, Grade.DISTINCTION: 2}


def _skill_sort(code: str) -> tuple[str, int]:
    return (code[:1], int(code[1:]) if code[1:].isdigit() else 0)


@dataclass
class CandidateRow:
    candidate: str
    results: dict[str, RunResult] = field(default_factory=dict)  # task id -> latest attempt
    attempts: int = 0

    @property
    def awarded(self) -> float:
        return sum(r.score.awarded for r in self.results.values())

    @property
    def possible(self) -> float:
        return sum(r.score.possible for r in self.results.values())

    @property
    def percent(self) -> float | None:
        return percent(self.awarded, self.possible)

    @property
    def grade(self) -> Grade:
        return min((r.score.grade for r in self.results.values()), key=_GRADE_ORDER.__getitem__)

    @property
    def complete(self) -> bool:
        # a filtered run (--device/--check/--tag) judged part of a task: not a complete assessment either
        return all(r.complete and r.filters is None for r in self.results.values())

    def skill(self, code: str) -> tuple[float, float]:
        awarded = sum(r.skills[code].awarded for r in self.results.values() if code in r.skills)
        possible = sum(r.skills[code].possible for r in self.results.values() if code in r.skills)
        return awarded, possible


@dataclass
class Cohort:
    rows: list[CandidateRow]
    skills: list[str]
    tasks: list[str]


def load_results(paths: list[Path]) -> list[tuple[Path, RunResult]]:
    loaded = []
    for path in paths:
        try:
            loaded.append((path, read_run_result(load_file(path), str(path))))
        except FileNotFoundError:
            raise UsageError(f"{path}: results file not found") from None
        except (ValueError, OSError) as exc:
            first = str(exc).splitlines()[0]
            raise UsageError(f"{path}: not a netassess results.json ({first}); give files written by `netassess run`") from None
    return loaded


def build_cohort(loaded: list[tuple[Path, RunResult]]) -> Cohort:
    rows: dict[str, CandidateRow] = {}
    for path, result in loaded:
        name = result.candidate or f"(no candidate id: {path.name})"
        row = rows.setdefault(name, CandidateRow(name))
        row.attempts += 1
        current = row.results.get(result.task.id)
        if current is None or result.finished >= current.finished:
            row.results[result.task.id] = result
    skills = sorted({code for _, r in loaded for code in r.skills}, key=_skill_sort)
    tasks = sorted({r.task.id for _, r in loaded})
    return Cohort(sorted(rows.values(), key=lambda r: r.candidate), skills, tasks)


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def cohort_csv(cohort: Cohort) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["candidate", "tasks", "attempts", "awarded", "possible", "percent", "grade", "complete",
                     *(f"{code}_percent" for code in cohort.skills)])
    for row in cohort.rows:
        writer.writerow([
            row.candidate, ";".join(sorted(row.results)), row.attempts, fmt_points(row.awarded),
            fmt_points(row.possible), _pct(row.percent), row.grade.value, "yes" if row.complete else "no",
            *(_pct(percent(*row.skill(code))) for code in cohort.skills),
        ])
    return buf.getvalue()


def cohort_html(cohort: Cohort) -> str:
    # an incomplete run (exit 3) never counts as passed, whatever its grade on the checks it could judge
    passed = sum(1 for row in cohort.rows if row.grade is not Grade.FAIL and row.complete)
    latest = [r for row in cohort.rows for r in row.results.values()]
    marks = {r.score.pass_mark for r in latest}
    distribution = distribution_svg(score_bins(row.percent for row in cohort.rows), marks.pop() if len(marks) == 1 else None)
    return environment().get_template("cohort.html.j2").render(
        cohort=cohort, passed=passed, pct=percent, pts=fmt_points, fmt_pct=_pct, distribution=distribution,
        most_failed=most_failed(latest),
    )


def write_cohort(paths: list[Path], outdir: Path) -> list[Path]:
    """Write ``cohort.csv`` and ``cohort.html`` into ``outdir``; returns both paths."""
    if not paths:
        raise UsageError("report merge: give at least one results.json")
    cohort = build_cohort(load_results(paths))
    outdir.mkdir(parents=True, exist_ok=True)
    csv_path, html_path = outdir / "cohort.csv", outdir / "cohort.html"
    csv_path.write_text(cohort_csv(cohort))
    html_path.write_text(cohort_html(cohort))
    return [csv_path, html_path]
