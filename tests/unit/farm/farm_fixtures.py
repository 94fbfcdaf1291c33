"""The fake device farm's fixtures (see ``engine_fakes``), for every folder whose tests run the engine on it.

Each such folder's conftest.py puts this folder on ``sys.path`` and imports these fixtures."""

from __future__ import annotations

import pytest
from engine_fakes import FakeDevices, install_fake_checks, reset_devices


@pytest.fixture
def devices() -> FakeDevices:
    return reset_devices()


@pytest.fixture(autouse=True)
def fake_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    install_fake_checks(monkeypatch)
