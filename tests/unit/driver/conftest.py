"""Fixtures of the offline driver tests (see driver_replay for where the output comes from)."""

from __future__ import annotations

import pytest
from driver_replay import ReplayTransport

from napalm_frr import FRRDriver


@pytest.fixture
def replay() -> ReplayTransport:
    return ReplayTransport()


@pytest.fixture
def frr(replay: ReplayTransport) -> FRRDriver:
    driver = FRRDriver("r1", "netassess", "", timeout=5)
    driver.transport = replay
    return driver
