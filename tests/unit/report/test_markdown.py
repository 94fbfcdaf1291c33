"""Markdown summary: header, skills, every result, hints; untrusted text escaped."""

from __future__ import annotations

from netassess.report.base import ReportContext, render
from netassess.report.markdown import cell
from netassess.results import RunResult


def test_summary_leads_with_grade_and_score(result: RunResult) -> None:
    md = render("md", ReportContext(result=result))
    assert md.splitlines()[0] == "# Secure OSPF on the triangle: INCOMPLETE, grade so far FAIL (52.5%)"
    assert "| Score | 10.5 / 20 (52.5%), pass mark 60% |" in md
    assert "| S4 | 4.5 / 10 | 45% | 50% | **no** |" in md


def test_each_result_is_one_table_row(result: RunResult) -> None:
    md = render("md", ReportContext(result=result))
    rows = [line for line in md.splitlines() if line.startswith(("| ✅", "| ❌", "| ⚠️", "| ⏭️"))]
    assert len(rows) == len(result.results)


def test_cells_escape_pipes_newlines_and_html() -> None:
    assert cell("a|b\nc <script>") == "a\\|b<br>c &lt;script&gt;"


def test_hints_only_when_asked(result: RunResult) -> None:
    assert "### Hints" in render("md", ReportContext(result=result))
    assert "### Hints" not in render("md", ReportContext(result=result, show_hints=False))


def test_a_complete_run_headlines_its_bare_grade(result: RunResult) -> None:
    complete = result.model_copy(update={"complete": True})
    assert render("md", ReportContext(result=complete)).splitlines()[0] == "# Secure OSPF on the triangle: FAIL (52.5%)"
