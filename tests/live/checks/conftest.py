"""Fixtures for the live check tests (helpers live in live_judge.py, importable by the tests).

One triangle lab of our own (we change its config: break, assert FAIL, fix, assert PASS) is
shared by every test here; the shared ``hub_spoke_lab`` is only read (pings from a Linux host).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from live_judge import LiveJudge

from netassess.lab.state import LabState
from netassess.results import Status

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def checks_lab(lab_factory: Any) -> LabState:
    """Our own triangle (r1, r2, r3; OSPF p2p; loopbacks 10.255.0.N; lldpd in each), free to break and fix."""
    return lab_factory.start(REPO / "containerlab" / "triangle.clab.yml", lldp_all=True)


@pytest.fixture(scope="session")
def judge(checks_lab: LabState) -> LiveJudge:
    live = LiveJudge(checks_lab)
    for router in ("r1", "r2", "r3"):
        live.eventually(Status.PASS, "ospf_neighbor", {"count": 2}, router, timeout=60)
    # Full adjacencies come before SPF has installed the routes: wait for those too.
    for prefix, hop in (("10.255.0.2/32", "10.0.12.2"), ("10.255.0.3/32", "10.0.13.2")):
        live.eventually(Status.PASS, "route", {"prefix": prefix, "protocol": "ospf", "next_hop": hop}, "r1", timeout=60)
    return live


@pytest.fixture
def converged(judge: LiveJudge) -> Iterator[LiveJudge]:
    """Each test starts, and must leave the lab, with all three adjacencies Full and r3's loopback routed."""
    yield judge
    for router in ("r1", "r2", "r3"):
        judge.eventually(Status.PASS, "ospf_neighbor", {"count": 2}, router, timeout=60)
    judge.eventually(Status.PASS, "route", {"prefix": "10.255.0.3/32", "protocol": "ospf", "next_hop": "10.0.13.2"}, "r1")
