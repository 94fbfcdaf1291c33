"""The engine's live tests run on both FRR releases: the session's triangle lab, once per release."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from netassess.lab.state import LabState


@pytest.fixture(scope="session")
def triangle_lab(lab_factory, frr_image: str, wait_ospf) -> Iterator[LabState]:  # type: ignore[no-untyped-def]
    state = lab_factory.start(Path(__file__).resolve().parents[3] / "containerlab" / "triangle.clab.yml", frr_image=frr_image)
    wait_ospf(state, 60)
    yield state
    lab_factory.stop(state.name)
