"""Management subnets for throwaway labs (demo, validate --live): a /24 (or a larger block for a lab
of more than 253 nodes) that overlaps no host route and no running lab, so such a lab never disturbs
this machine or another lab."""

from __future__ import annotations

import ipaddress
import random

from netassess.errors import LabError
from netassess.lab.iproute import host_routes, overlapping_route
from netassess.lab.state import list_labs

THROWAWAY_POOL = ipaddress.IPv4Network("172.29.0.0/16")  # clear of the shipped topologies' 172.20.x.0/24


def subnet_taken(subnet: str | ipaddress.IPv4Network, ignore: str | None = None) -> str | None:
    """What already uses ``subnet`` (``the host route X`` or ``lab Y``, other than lab ``ignore``), or None."""
    net = ipaddress.IPv4Network(subnet)
    route = overlapping_route(net)
    if route is not None:
        return f"the host route {route}"
    lab = next((s.name for s in list_labs() if s.name != ignore and net.overlaps(ipaddress.IPv4Network(s.mgmt_subnet))), None)
    return f"lab {lab}" if lab else None


def prefix_for(nodes: int) -> int:
    """The longest prefix whose hosts hold ``nodes`` addresses plus the gateway: /24 up to 253 nodes."""
    prefix = 24
    while prefix > 16 and 2 ** (32 - prefix) - 3 < nodes:
        prefix -= 1
    return prefix


def free_mgmt_subnet(pool: ipaddress.IPv4Network = THROWAWAY_POOL, prefixlen: int = 24) -> str:
    taken = host_routes() + [ipaddress.IPv4Network(s.mgmt_subnet) for s in list_labs()]
    candidates = list(pool.subnets(new_prefix=prefixlen))
    random.shuffle(candidates)
    for net in candidates:
        if not any(net.overlaps(r) for r in taken):
            return str(net)
    raise LabError(f"no free management /{prefixlen} left in {pool}; tear down old labs with `netassess lab down NAME`")
