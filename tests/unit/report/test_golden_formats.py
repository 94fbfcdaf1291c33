"""Golden tests: each format rendered from the fixed triangle run is byte-stable."""

from __future__ import annotations

import pytest

from netassess.report.base import REPORTS, ReportContext, render


@pytest.mark.parametrize(("fmt", "golden_name"), [("json", "triangle.json"), ("junit", "triangle.xml"),
                                                  ("md", "triangle.md"), ("html", "triangle.html"),
                                                  ("csv", "triangle.csv")])
def test_format_matches_its_golden(fmt: str, golden_name: str, full_ctx: ReportContext, golden) -> None:
    golden(golden_name, render(fmt, full_ctx))


@pytest.mark.parametrize("fmt", ["json", "junit", "md", "html", "csv"])
def test_rendering_twice_gives_identical_bytes(fmt: str, full_ctx: ReportContext) -> None:
    assert render(fmt, full_ctx) == render(fmt, full_ctx)


def test_every_issue_format_is_registered_with_its_extension() -> None:
    extensions = {name: REPORTS.get(name).extension for name in ("json", "junit", "md", "html", "csv")}
    assert extensions == {"json": "json", "junit": "xml", "md": "md", "html": "html", "csv": "csv"}


def test_json_report_round_trips_to_the_same_result(full_ctx: ReportContext) -> None:
    from netassess.results import RunResult

    assert RunResult.model_validate_json(render("json", full_ctx)) == full_ctx.result
