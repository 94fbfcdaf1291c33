"""Shared fixtures for the report tests: the fixed triangle run and a golden-file helper.

Regenerate goldens after an intended change with ``NETASSESS_UPDATE_GOLDENS=1 pytest tests/unit/report``
and review the diff like code.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from report_fixtures import full_context, load_result

from netassess.report.base import ReportContext
from netassess.results import RunResult

GOLDENS = Path(__file__).resolve().parent / "goldens"
UPDATE_ENV = "NETASSESS_UPDATE_GOLDENS"


@pytest.fixture
def result() -> RunResult:
    return load_result()


@pytest.fixture
def full_ctx() -> ReportContext:
    return full_context()

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
