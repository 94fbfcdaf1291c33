"""Typed shapes of the OSPF extension getters.

NAPALM has no OSPF getter, so these follow ``napalm.base.models``: one TypedDict per
record, so checks (and ``napalm.base.test.helpers.test_model``) can rely on exact keys.
The check library codes against these names; change them only with the lead's agreement.
"""

from typing import TypedDict

# No `from __future__ import annotations` and no subscripted generics in fields: NAPALM's
# test_model() checks each field with isinstance() against these annotations.


class OSPFNeighbor(TypedDict):
    """One adjacency as seen from this router (``get_ospf_neighbors()[vrf][i]``)."""

    neighbor_id: str  # router-id of the neighbour, dotted
    address: str  # neighbour's interface address
    interface: str  # local Linux ifname, e.g. "eth1"
    state: str  # FRR state without the role: "Full", "2-Way", "Init", "ExStart", ...
    role: str  # "DR", "Backup", "DROther", or "" on point-to-point links
    area: str  # dotted area id, "0.0.0.0"
    uptime: float  # seconds the adjacency has been up, -1.0 if unknown
    priority: int


class OSPFInterface(TypedDict):
    """OSPF view of one interface (``get_ospf_interfaces()[vrf][ifname]``)."""

    interface: str
    address: str  # "10.0.12.1/30"
    area: str  # dotted
    network_type: str  # point-to-point | broadcast | non-broadcast | point-to-multipoint | loopback
    cost: int
    passive: bool
    hello_interval: int
    dead_interval: int
    authentication: str  # none | simple | message-digest
    state: str  # FRR interface state: "DR", "Backup", "DROther", "Point-To-Point", "Loopback", "Down"...
    neighbor_count: int
    adjacent_count: int


class OSPFNextHop(TypedDict):
    address: str  # "" when directly attached
    interface: str


class OSPFRoute(TypedDict):
    """One OSPF route (``get_ospf_routes()[vrf][prefix]``)."""

    prefix: str  # "10.0.23.0/30"
    area: str  # dotted; "" for external routes
    route_type: str  # intra-area | inter-area | external-1 | external-2
    cost: int
    next_hops: list  # of OSPFNextHop (bare `list` so test_model can isinstance() it)


OSPFNeighborsDict = dict[str, list[OSPFNeighbor]]
OSPFInterfacesDict = dict[str, dict[str, OSPFInterface]]
OSPFRoutesDict = dict[str, dict[str, OSPFRoute]]

NETWORK_TYPES = ("point-to-point", "broadcast", "non-broadcast", "point-to-multipoint", "loopback")
AUTHENTICATION_TYPES = ("none", "simple", "message-digest")
ROUTE_TYPES = ("intra-area", "inter-area", "external-1", "external-2")
