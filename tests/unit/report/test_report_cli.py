"""``netassess report render`` and ``netassess schema results``."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from netassess.cli import app
from netassess.errors import UsageError
from netassess.results import CheckResult, DeviceInfo, RunFilters, RunResult, Score, SkillScore, TaskRef

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "results"
DOCS = Path(__file__).resolve().parents[3] / "docs" / "results-schema.md"
runner = CliRunner()


def test_render_writes_each_requested_format(tmp_path: Path) -> None:
    res = runner.invoke(app, ["report", "render", str(FIXTURES / "triangle.results.json"), "-o", str(tmp_path),
                              "--format", "json,junit,md,html", "--topology", str(FIXTURES / "triangle.clab.yml"),
                              "--snapshot", str(FIXTURES / "triangle.snapshot.json")])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results.html", "results.json", "results.md", "results.xml"]
    html = (tmp_path / "results.html").read_text()
    assert 'data-node="r3"' in html and "+ passive-interface lo" in html and "Seeded" not in html


def test_render_rejects_unknown_format(tmp_path: Path) -> None:
    res = runner.invoke(app, ["report", "render", str(FIXTURES / "triangle.results.json"), "-o", str(tmp_path), "-f", "pdf"])
    assert isinstance(res.exception, UsageError) and "unknown report format 'pdf'" in str(res.exception)


def test_render_rejects_a_file_that_is_not_results(tmp_path: Path) -> None:
    res = runner.invoke(app, ["report", "render", str(FIXTURES / "triangle.snapshot.json"), "-o", str(tmp_path)])
    assert isinstance(res.exception, UsageError) and "not a netassess results.json" in str(res.exception)


def test_schema_results_prints_the_run_result_json_schema() -> None:
    res = runner.invoke(app, ["schema", "results"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output) == RunResult.model_json_schema()


def test_results_schema_doc_documents_every_field() -> None:
    """docs/results-schema.md names every field of every model in results.json."""
    doc = DOCS.read_text()
    documented = set(re.findall(r"^\| `([a-z0-9_]+)`", doc, re.M))
    for model in (RunResult, TaskRef, DeviceInfo, CheckResult, SkillScore, Score, RunFilters):
        missing = set(model.model_fields) - documented
        assert not missing, f"{model.__name__} fields missing from docs/results-schema.md: {sorted(missing)}"


def test_render_finds_the_topology_the_results_name_next_to_them(tmp_path: Path) -> None:
    import shutil

    shutil.copy(FIXTURES / "triangle.results.json", tmp_path / "results.json")
    shutil.copy(FIXTURES / "triangle.clab.yml", tmp_path / "triangle.clab.yml")  # results.topology == "triangle.clab.yml"
    (tmp_path / "triangle.clab.yml").write_text((tmp_path / "triangle.clab.yml").read_text().replace(
        '    - endpoints: ["r2:eth2", "r3:eth2"]\n', ""))
    res = runner.invoke(app, ["report", "render", str(tmp_path / "results.json"), "-o", str(tmp_path / "out"), "-f", "html"])
    assert res.exit_code == 0, res.output
    html = (tmp_path / "out" / "results.html").read_text()
    assert html.count('<g class="link ') == 2  # drawn from that file, which has only two links
