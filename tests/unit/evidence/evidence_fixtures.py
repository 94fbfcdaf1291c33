"""Constants and builders shared by the evidence tests (a plain module: test dirs are not packages)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from netassess.collect.snapshot import Snapshot
from netassess.report.base import ReportContext
from netassess.results import RunResult

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "results"
TASK = FIXTURES / "ospf-triangle-secure.yaml"
KEY = b"assessment-centre-key-2026"
WHEN = datetime(2026, 3, 2, 10, 0, 0, tzinfo=UTC)


def configs(when: str) -> dict[str, str]:
    return {p.stem: p.read_text() for p in sorted((FIXTURES / "configs" / when).glob("*.cfg"))}


def full_context() -> ReportContext:
    return ReportContext(
        result=RunResult.model_validate_json((FIXTURES / "triangle.results.json").read_text()),
        snapshot=Snapshot.load(FIXTURES / "triangle.snapshot.json"),
        topology=FIXTURES / "triangle.clab.yml",
        task_path=TASK,
        configs_before=configs("before"),
        configs_after=configs("after"),
    )
