"""Shared fixtures for the report tests: the fixed triangle run and a golden-file helper.

Regenerate goldens after an intended change with ``NETASSESS_UPDATE_GOLDENS=1 pytest tests/unit/report``
and review the diff like code.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from netassess.collect.snapshot import Snapshot
from netassess.report.base import ReportContext
from netassess.results import RunResult

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "results"
GOLDENS = Path(__file__).resolve().parent / "goldens"
UPDATE_ENV = "NETASSESS_UPDATE_GOLDENS"


def load_result() -> RunResult:
    return RunResult.model_validate_json((FIXTURES / "triangle.results.json").read_text())


def load_configs(when: str) -> dict[str, str]:
    return {p.stem: p.read_text() for p in sorted((FIXTURES / "configs" / when).glob("*.cfg"))}


@pytest.fixture
def result() -> RunResult:
    return load_result()


@pytest.fixture
def full_ctx() -> ReportContext:
    """Everything a run hands the reports: results, snapshot, topology, task, both config sets."""
    return ReportContext(
        result=load_result(),
        snapshot=Snapshot.load(FIXTURES / "triangle.snapshot.json"),
        topology=FIXTURES / "triangle.clab.yml",
        task_path=FIXTURES / "ospf-triangle-secure.yaml",
        configs_before=load_configs("before"),
        configs_after=load_configs("after"),
    )


@pytest.fixture
def golden():
    """``golden(name, text)``: compare with goldens/<name>, or rewrite it when NETASSESS_UPDATE_GOLDENS=1."""

    def check(name: str, text: str) -> None:
        path = GOLDENS / name
        if os.environ.get(UPDATE_ENV) == "1":
            path.write_text(text)
            return
        assert path.exists(), f"missing golden {path}; create it with {UPDATE_ENV}=1"
        assert text == path.read_text(), f"{name} differs from its golden; if intended, regenerate with {UPDATE_ENV}=1"

    return check
