"""lldp_cabling on LLDP tables converted from real lldpd output (tests/fixtures/lldpd): r1 eth1 -- r2 eth1."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from checklab import Lab

from napalm_netassess_linux.lldp import lldpcli_neighbors, neighbors
from netassess.checks.base import LinkEnd, StateUnavailable, Target
from netassess.results import Status

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "lldpd"
LINK = Target.for_link(LinkEnd("r1", "eth1"), LinkEnd("r2", "eth1"))


def table(name: str) -> dict[str, Any]:
    """get_lldp_neighbors as the drivers build it from lldpcli's json0."""
    return neighbors(lldpcli_neighbors(json.loads((FIXTURES / f"neighbors_details_{name}.json").read_text())))


@pytest.fixture
def cabled(lab: Lab) -> Lab:
    lab.put("r1", "getter:get_lldp_neighbors", table("ifname"))  # recorded on r1: r2 eth1 on eth1
    lab.put("r2", "getter:get_lldp_neighbors", table("mac"))  # recorded on r2: r1 eth1 on eth1
    return lab


def test_both_ends_seeing_each_other_pass(cabled: Lab) -> None:
    v = cabled.run("lldp_cabling", {}, LINK)
    assert v.status is Status.PASS and v.message == "cabled as designed: r1 eth1 to r2 eth1"


def test_a_cable_in_the_wrong_port_fails_half_with_what_is_there(cabled: Lab) -> None:
    moved = Target.for_link(LinkEnd("r1", "eth1"), LinkEnd("r2", "eth2"))  # the design says r2 eth2
    v = cabled.run("lldp_cabling", {}, moved)
    assert v.status is Status.FAIL and v.fraction == 0.0
    assert "r1 eth1: expected r2 eth2, found r2 eth1" in v.message
    assert "r2 eth2: expected r1 eth1, found no LLDP neighbour" in v.message
    assert cabled.run("lldp_cabling", {"check_port": False}, moved).fraction == 0.5  # r1 still sees r2


def test_an_end_with_no_neighbour_costs_half(cabled: Lab) -> None:
    cabled.put("r2", "getter:get_lldp_neighbors", table("none"))
    v = cabled.run("lldp_cabling", {}, LINK)
    assert v.status is Status.FAIL and v.fraction == 0.5 and "r2 eth1: expected r1 eth1, found no LLDP neighbour" in v.message


def test_names_compare_without_case_or_domain_and_hostnames_map_them(cabled: Lab) -> None:
    cabled.put("r1", "getter:get_lldp_neighbors", {"eth1": [{"hostname": "R2.lab.example", "port": "eth1"}]})
    assert cabled.run("lldp_cabling", {}, LINK).status is Status.PASS
    cabled.put("r1", "getter:get_lldp_neighbors", {"eth1": [{"hostname": "LON-CORE-02", "port": "eth1"}]})
    assert cabled.run("lldp_cabling", {}, LINK).fraction == 0.5
    assert cabled.run("lldp_cabling", {"hostnames": {"r2": "lon-core-02"}}, LINK).status is Status.PASS


def test_cisco_port_abbreviations_match_the_full_name() -> None:
    lab = Lab(platforms={"e1": "ios", "e2": "ios"})
    lab.put("e1", "getter:get_lldp_neighbors", {"GigabitEthernet0/1": [{"hostname": "e2", "port": "Gi0/2"}]})
    lab.put("e2", "getter:get_lldp_neighbors", {"Gi0/2": [{"hostname": "e1.example.net", "port": "Gi0/1"}]})
    link = Target.for_link(LinkEnd("e1", "Gi0/1"), LinkEnd("e2", "GigabitEthernet0/2"))
    assert lab.run("lldp_cabling", {}, link).status is Status.PASS


def test_no_lldp_on_a_device_is_an_error_not_a_fail(cabled: Lab) -> None:
    cabled.put("r2", "getter:get_lldp_neighbors", error="NotImplementedError: r2: lldpcli is not installed")
    with pytest.raises(StateUnavailable, match="lldpcli is not installed"):
        cabled.run("lldp_cabling", {}, LINK)
