"""Containerlab ``links``: the brief form (``endpoints: ["r1:eth1", "r2:eth1"]``) and the
extended veth form (``type: veth`` with ``{node, interface}`` endpoints), checked so that a bad
link fails before any namespace exists."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from netassess.errors import SpecError

# Linux interface names: at most 15 bytes, no '/', ':' or whitespace. eth0 is the management port.
_IFNAME = re.compile(r"^[A-Za-z0-9_.\-]{1,15}$")
_RESERVED = {"eth0": "eth0 is the management interface", "lo": "lo is the loopback"}
_SPECIAL_NODES = {"host", "mgmt-net", "macvlan", "ovs-bridge", "bridge"}


class Endpoint(BaseModel):
    """One end of a link: a node and the interface name it sees."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    device: str
    interface: str

    def __str__(self) -> str:
        return f"{self.device}:{self.interface}"


class Link(BaseModel):
    """A point-to-point link (one veth pair in the netns runtime)."""

    model_config = ConfigDict(extra="forbid")
    a: Endpoint
    b: Endpoint

    @property
    def endpoints(self) -> tuple[Endpoint, Endpoint]:
        return (self.a, self.b)


def _endpoint(value: Any, nodes: set[str], path: Path, loc: str) -> Endpoint:
    if isinstance(value, dict):
        node, iface = value.get("node"), value.get("interface")
        text = f"{node}:{iface}"
    elif isinstance(value, str):
        text = value
        node, sep, iface = value.partition(":")
        if not sep:
            raise SpecError(f"{path}: {loc}: endpoint {value!r} must be 'node:interface', e.g. 'r1:eth1'")
    else:
        raise SpecError(f"{path}: {loc}: endpoint {value!r} must be 'node:interface'")
    if node in _SPECIAL_NODES and node not in nodes:
        raise SpecError(f"{path}: {loc}: endpoint {text!r} uses containerlab's special node {node!r}; use --runtime containerlab")
    if not node or node not in nodes:
        known = ", ".join(sorted(nodes))
        raise SpecError(f"{path}: {loc}: endpoint {text!r} names unknown node {node!r} (nodes: {known})")
    if not iface or not _IFNAME.match(str(iface)):
        raise SpecError(
            f"{path}: {loc}: endpoint {text!r} has a bad interface name; use 1-15 letters, digits, '_', '.', '-' (e.g. eth1)"
        )
    if iface in _RESERVED:
        raise SpecError(f"{path}: {loc}: endpoint {text!r}: {_RESERVED[iface]}; use eth1 and up for links")
    return Endpoint(device=str(node), interface=str(iface))


def parse_links(raw: Any, nodes: set[str], path: Path) -> list[Link]:
    """Parse and check every link; raise SpecError naming the first bad one."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise SpecError(f"{path}: topology.links must be a list")
    seen: dict[Endpoint, str] = {}
    links: list[Link] = []
    for i, item in enumerate(raw):
        loc = f"topology.links[{i}]"
        if not isinstance(item, dict) or "endpoints" not in item:
            raise SpecError(f"{path}: {loc} must have 'endpoints: [\"node:iface\", \"node:iface\"]'")
        link_type = item.get("type", "veth")
        if link_type != "veth":
            raise SpecError(f"{path}: {loc}: link type {link_type!r} is not supported by the netns runtime (veth only)")
        eps = item["endpoints"]
        if not isinstance(eps, list) or len(eps) != 2:
            raise SpecError(f"{path}: {loc}: a link needs exactly two endpoints")
        pair = [_endpoint(e, nodes, path, loc) for e in eps]
        for ep in pair:
            if ep in seen:
                raise SpecError(f"{path}: {loc}: endpoint {ep} is already used by {seen[ep]}; each interface joins one link")
            seen[ep] = loc
        links.append(Link(a=pair[0], b=pair[1]))
    return links
