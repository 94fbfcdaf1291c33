"""Engine test fixtures: the fake device farm (see ``engine_fakes``)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from engine_fakes import FakeDevices, install_fake_checks, reset_devices  # noqa: E402


@pytest.fixture
def devices() -> FakeDevices:
    return reset_devices()


@pytest.fixture(autouse=True)
def fake_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    install_fake_checks(monkeypatch)
