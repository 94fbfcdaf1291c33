"""Fixtures for check unit tests; the helpers live in ``checklab.py``."""

from __future__ import annotations

import copy

import pytest
from checklab import Lab, LinkEnd, r1_r2_getters


@pytest.fixture
def lab() -> Lab:
    """r1 (frr) -- r2 (frr) over eth1, every getter of the recorded lab collected."""
    lab = Lab(platforms={"r1": "frr", "r2": "frr"},
              links=[(LinkEnd("r1", "eth1"), LinkEnd("r2", "eth1"))])
    for device, entries in r1_r2_getters().items():
        for key, data in entries.items():
            lab.put(device, key, copy.deepcopy(data))
    return lab
