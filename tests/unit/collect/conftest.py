"""Tests here run on the fake device farm (tests/unit/farm)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "farm"))

from farm_fixtures import devices, fake_checks  # noqa: E402, F401 - the farm's fixtures, for this folder
