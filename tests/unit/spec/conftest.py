"""Fixtures for the spec tests: a fresh task project per test."""

from __future__ import annotations

from pathlib import Path

import pytest
from spec_project import Project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path / "proj")
