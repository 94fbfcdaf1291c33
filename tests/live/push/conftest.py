"""Labs of our own for the push tests: they rewrite router configs, so they never share the
session-wide labs other live tests read."""

from __future__ import annotations

from pathlib import Path

import pytest

from netassess.lab.state import LabState

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="package")
def triangle(lab_factory) -> LabState:  # type: ignore[no-untyped-def]
    return lab_factory(REPO / "containerlab" / "triangle.clab.yml")


@pytest.fixture(scope="package")
def hub_spoke(lab_factory) -> LabState:  # type: ignore[no-untyped-def]
    return lab_factory(REPO / "containerlab" / "hub-spoke.clab.yml")


@pytest.fixture(scope="package")
def vlans(lab_factory) -> LabState:  # type: ignore[no-untyped-def]
    return lab_factory(REPO / "containerlab" / "vlans.clab.yml")


@pytest.fixture(scope="package")
def access_switch(lab_factory) -> LabState:  # type: ignore[no-untyped-def]
    return lab_factory(REPO / "containerlab" / "access-switch.clab.yml")
