"""The ``csv`` report, and reading a results.json that a newer netassess wrote."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from pydantic import ValidationError
from report_fixtures import FIXTURES, full_context
from typer.testing import CliRunner

from netassess.cli import app
from netassess.errors import UsageError
from netassess.report.base import render
from netassess.report.csv_report import COLUMNS
from netassess.results import RESULTS_SCHEMA_VERSION, RunResult, read_run_result

runner = CliRunner()


def test_csv_has_the_fixed_header_and_one_row_per_result() -> None:
    ctx = full_context()
    rows = list(csv.DictReader(io.StringIO(render("csv", ctx))))
    assert tuple(rows[0]) == COLUMNS and len(rows) == len(ctx.result.results)
    first = ctx.result.results[0]
    assert (rows[0]["check_id"], rows[0]["target"], rows[0]["status"]) == (first.check_id, first.target, first.status.value)
    assert {r["task"] for r in rows} == {ctx.result.task.id} and {r["filtered"] for r in rows} == {"false"}


def test_csv_cells_a_spreadsheet_would_run_as_formulas_are_quoted_as_text() -> None:
    ctx = full_context()
    ctx.result.results[0].message = "=HYPERLINK(\"http://evil\")"
    ctx.result.candidate = "@candidate"
    row = next(csv.DictReader(io.StringIO(render("csv", ctx))))
    assert row["message"].startswith("'=") and row["candidate"] == "'@candidate"


def _raw() -> dict:
    return json.loads((FIXTURES / "triangle.results.json").read_text())


def test_a_newer_minor_version_with_unknown_fields_still_reads() -> None:
    raw = _raw()
    major = RESULTS_SCHEMA_VERSION.split(".")[0]
    raw.update(schema_version=f"{major}.99", shiny_new_field={"x": 1})
    raw["results"][0]["confidence"] = 0.9
    raw["score"]["curve"] = "bell"
    result = read_run_result(raw)
    assert result.task.id == _raw()["task"]["id"] and len(result.results) == len(raw["results"])
    with pytest.raises(ValidationError):  # what netassess itself builds still forbids unknown fields
        RunResult.model_validate(raw)


def test_a_newer_major_version_is_refused_in_one_line(tmp_path: Path) -> None:
    raw = _raw()
    raw["schema_version"] = f"{int(RESULTS_SCHEMA_VERSION.split('.')[0]) + 1}.0"
    path = tmp_path / "results.json"
    path.write_text(json.dumps(raw))
    res = runner.invoke(app, ["report", "render", str(path), "-o", str(tmp_path / "out"), "-f", "json"])
    assert isinstance(res.exception, UsageError) and res.exception.exit_code == 2
    assert str(res.exception).startswith(f"{path}: written by a newer netassess") and "upgrade" in str(res.exception)


def test_render_reads_unknown_fields_and_writes_only_known_ones(tmp_path: Path) -> None:
    raw = _raw()
    raw["from_the_future"] = True
    path = tmp_path / "results.json"
    path.write_text(json.dumps(raw))
    res = runner.invoke(app, ["report", "render", str(path), "-o", str(tmp_path / "out"), "-f", "json,csv"])
    assert res.exit_code == 0, res.output
    assert "from_the_future" not in (tmp_path / "out" / "results.json").read_text()
    assert (tmp_path / "out" / "results.csv").exists()
