"""The fuzz suite reuses the spec tests' small task project (tasks/, templates/, containerlab/)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "spec"))

from spec_project import Project  # noqa: E402


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path / "proj")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    from harness import TALLY

    if TALLY:
        parts = ", ".join(f"{what}: {count}" for what, count in sorted(TALLY.items()))
        terminalreporter.write_line(f"fuzz inputs: {sum(TALLY.values())} ({parts})")
