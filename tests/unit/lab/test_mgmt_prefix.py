"""A throwaway lab's management block grows with the node count: a /24 holds 253 nodes (gateway
and broadcast aside); 256 routers need a /23, and the benchmark's ring addressing must not overflow."""

from __future__ import annotations

import importlib.util
import ipaddress
import sys
from pathlib import Path

import pytest

from netassess.lab.subnets import prefix_for


@pytest.mark.parametrize(("nodes", "prefix"), [(1, 24), (253, 24), (254, 23), (256, 23), (509, 23), (510, 22)])
def test_management_prefix_holds_every_node_and_the_gateway(nodes: int, prefix: int) -> None:
    assert prefix_for(nodes) == prefix
    assert ipaddress.IPv4Network(f"10.0.0.0/{prefix}").num_addresses - 3 >= nodes


def _run_scale():  # type: ignore[no-untyped-def]
    path = Path(__file__).resolve().parents[3] / "benchmarks" / "run_scale.py"
    if str(path.parent) not in sys.path:
        sys.path.insert(0, str(path.parent))  # run_scale imports its scale_lib package as a sibling
    spec = importlib.util.spec_from_file_location("run_scale_under_test", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_ring_of_256_gets_distinct_link_and_loopback_addresses() -> None:
    rs = _run_scale()
    links = {rs.link_address(i, side) for i in range(1, 257) for side in (1, 2)}
    loops = {rs.loopback(i) for i in range(1, 257)}
    assert len(links) == 512 and len(loops) == 256
    assert rs.loopback(1) == "10.255.0.1"  # the checks ping and route to r1's loopback
    assert all(ipaddress.IPv4Address(a) in ipaddress.IPv4Network("10.1.0.0/16") for a in links)
