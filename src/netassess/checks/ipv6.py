"""IPv6 addressing conventions (S13): /64 on LANs, /127 (or /64) on point-to-point links, link-local.

Reads NAPALM ``get_interfaces_ip``. With no interfaces listed, the device's topology links are
judged as point-to-point links.
"""

from __future__ import annotations

import ipaddress

from pydantic import Field

from netassess.checks._common import (
    GET_INTERFACES_IP,
    find_interface,
    interface_addresses,
    tally,
)
from netassess.checks.base import (
    CheckArgs,
    CheckType,
    DeviceContext,
    EvalContext,
    StateView,
    Target,
    Verdict,
    register_check,
)
from netassess.snapshot import StateRequest


@register_check
class Ipv6Addressing(CheckType):
    """Each LAN interface has a global /64, each point-to-point interface a global /127 (or a
    prefix length in ``p2p_lengths``), and every listed interface has a link-local address.
    Partial credit per rule and interface.

    ```yaml
    - id: v6
      type: ipv6_addressing
      targets: [edge]
      args:
        lan_interfaces: [eth3]
        p2p_interfaces: [eth1, eth2]
    ```
    """

    class Args(CheckArgs):
        lan_interfaces: list[str] = Field(default_factory=list)
        p2p_interfaces: list[str] = Field(default_factory=list)
        interface_fields = ("lan_interfaces", "p2p_interfaces")
        p2p_lengths: list[int] = Field(default_factory=lambda: [127, 64])
        require_link_local: bool = True

    name = "ipv6_addressing"
    skills = ("S13",)

    def requests(self, args: CheckArgs, device: DeviceContext) -> list[StateRequest]:
        return [GET_INTERFACES_IP]

    def evaluate(self, args: Args, target: Target, state: StateView, ctx: EvalContext) -> Verdict:
        device = target.devices[0]
        data = state.get(device, GET_INTERFACES_IP)
        p2p = args.p2p_interfaces
        if not args.lan_interfaces and not p2p:
            p2p = sorted({end.interface for link in ctx.links for end in link if end.device == device})
        roles = [(name, "lan", [64]) for name in args.lan_interfaces] + [(name, "p2p", args.p2p_lengths) for name in p2p]
        items = []
        for name, role, lengths in roles:
            key = find_interface(data, name)
            v6 = [a.address for a in interface_addresses(device, {key: data[key]} if key else {}, "ipv6")]
            glob = [a for a in v6 if not a.ip.is_link_local]
            found = ", ".join(a.with_prefixlen for a in v6) or "no IPv6 address"
            want = " or ".join(f"/{n}" for n in lengths)
            items.append((bool(glob) and all(a.network.prefixlen in lengths for a in glob),
                          f"{name} ({role}): expected a global {want}, found {found}"))
            if args.require_link_local:
                has_ll = any(a.ip in ipaddress.ip_network("fe80::/10") for a in v6)
                items.append((has_ll, f"{name}: expected a link-local address, found {found}"))
        return tally(items, "IPv6 addressing follows the conventions",
                     empty="no interfaces to judge: list lan_interfaces/p2p_interfaces or give the topology")
