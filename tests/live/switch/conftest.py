"""A lab of our own with two OVS switches, a router and four hosts (containerlab/vlans.clab.yml),
with lldpd everywhere so the switch driver's LLDP getter has neighbours to report."""

from __future__ import annotations

from pathlib import Path

import pytest

from netassess.lab.state import LabState

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def switch_lab(lab_factory) -> LabState:  # type: ignore[no-untyped-def]
    return lab_factory(REPO / "containerlab" / "vlans.clab.yml", lldp_all=True)
