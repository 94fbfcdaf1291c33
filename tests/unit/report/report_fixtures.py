"""Builders shared by the report tests (a plain module: test dirs are not packages)."""

from __future__ import annotations

from pathlib import Path

from netassess.report.base import ReportContext
from netassess.results import RunResult
from netassess.snapshot import Snapshot

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "results"


def load_result() -> RunResult:
    return RunResult.model_validate_json((FIXTURES / "triangle.results.json").read_text())


def load_configs(when: str) -> dict[str, str]:
    return {p.stem: p.read_text() for p in sorted((FIXTURES / "configs" / when).glob("*.cfg"))}


def full_context() -> ReportContext:
    """Everything a run hands the reports: results, snapshot, topology, task, both config sets."""
    return ReportContext(
        result=load_result(),
        snapshot=Snapshot.load(FIXTURES / "triangle.snapshot.json"),
        topology=FIXTURES / "triangle.clab.yml",
        task_path=FIXTURES / "ospf-triangle-secure.yaml",
        configs_before=load_configs("before"),
        configs_after=load_configs("after"),
    )
