"""IP addressing (S13): the plan, uniqueness across the lab, links sharing a subnet, gateways.

All read NAPALM ``get_interfaces_ip``. Management interfaces (``eth0`` in containerlab, ``mgmt*``,
``Management*``) are out of the plan by default: ``exclude`` is a FULL-match regex on the name.
"""

from __future__ import annotations

import ipaddress
import re
from itertools import combinations
from typing import Literal

from pydantic import Field, field_validator

from netassess.checks._common import (
    GET_INTERFACES_IP,
    IfAddress,
    counted,
    find_interface,
    interface_addresses,
    tally,
    valid_regex,
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

MGMT = r"(?i)(eth0|mgmt.*|management.*|fxp0|em0|me0)"
Net = ipaddress.IPv4Network | ipaddress.IPv6Network


def usable_hosts(net: Net) -> int:
    if net.version == 4 and net.prefixlen >= 31:
        return 2 if net.prefixlen == 31 else 1
    if net.version == 6 and net.prefixlen >= 127:
        return 2 if net.prefixlen == 127 else 1
    return net.num_addresses - (2 if net.version == 4 else 1)


def lab_addresses(state: StateView, devices: tuple[str, ...], exclude: str, family: str | None) -> list[IfAddress]:
    """Every address in the lab, minus excluded interfaces, IPv6 link-local and host loopback."""
    out = []
    for device in devices:
        for a in interface_addresses(device, state.get(device, GET_INTERFACES_IP), family):
            if re.fullmatch(exclude, a.interface) or a.address.ip.is_loopback or a.address.ip.is_link_local:
                continue
            out.append(a)
    return out


class _PlanArgs(CheckArgs):
    exclude: str = Field(MGMT, description="FULL-match regex of interface names left out")

    @field_validator("exclude")
    @classmethod
    def _rx(cls, value: str) -> str:
        return valid_regex(value)


@register_check
class AddressingPlan(CheckType):
    """Every interface prefix lies inside one of the allocated ``blocks``; each subnet in ``hosts``
    (``device:interface: hosts needed``) is big enough; and no two different subnets overlap.
    One result for the lab; partial credit per address, per sizing rule and per overlap.

    ```yaml
    - id: plan
      type: addressing_plan
      targets: [all]
      args:
        blocks: [10.0.0.0/16, 10.255.0.0/24]
        hosts: {"r1:eth2": 50, "r2:eth2": 100}
    ```
    """

    class Args(_PlanArgs):
        blocks: list[str] = Field(min_length=1)
        hosts: dict[str, int] = Field(default_factory=dict)
        family: Literal["ipv4", "ipv6"] = "ipv4"

        @field_validator("blocks")
        @classmethod
        def _blocks(cls, value: list[str]) -> list[str]:
            return [ipaddress.ip_network(v).with_prefixlen for v in value]

        @field_validator("hosts")
        @classmethod
        def _hosts(cls, value: dict[str, int]) -> dict[str, int]:
            for key in value:
                if ":" not in key:
                    raise ValueError(f"{key!r}: write hosts keys as device:interface, e.g. r1:eth2")
            return value

    name = "addressing_plan"
    scope = "lab"
    skills = ("S13",)

    def requests(self, args: CheckArgs, device: DeviceContext) -> list[StateRequest]:
        return [GET_INTERFACES_IP]

    def evaluate(self, args: Args, target: Target, state: StateView, ctx: EvalContext) -> Verdict:
        blocks = [ipaddress.ip_network(b) for b in args.blocks]
        addrs = lab_addresses(state, target.devices, args.exclude, args.family)
        items = []
        for a in addrs:
            inside = any(a.address.network.subnet_of(b)  # type: ignore[arg-type]  # same IP version: filtered here
                         for b in blocks if b.version == a.address.version)
            items.append((inside, f"{a}: expected inside {', '.join(args.blocks)}, it is not"))
        for key, needed in args.hosts.items():
            device, ifname = key.split(":", 1)
            table = {x.interface: x for x in addrs if x.device == device}
            name = find_interface(table, ifname)
            if name is None:
                items.append((False, f"{key}: expected a subnet for {needed} hosts, no address"))
                continue
            net = table[name].address.network
            items.append((usable_hosts(net) >= needed,
                          f"{key}: expected room for {needed} hosts, {net} has {usable_hosts(net)}"))
        nets: dict[Net, list[IfAddress]] = {}
        for a in addrs:
            nets.setdefault(a.address.network, []).append(a)
        for n1, n2 in combinations(sorted(nets, key=lambda n: (n.version, n)), 2):
            if n1.version == n2.version and n1.overlaps(n2):
                items.append((False, f"{n1} ({nets[n1][0]}) overlaps {n2} ({nets[n2][0]})"))
        return tally(items, f"{counted(len(addrs), 'address', 'addresses')} inside the plan, sized, no overlaps",
                     empty="no interface addresses found in the lab")


@register_check
class UniqueAddresses(CheckType):
    """No address is configured twice anywhere in the lab (IPv6 link-local excepted).

    ```yaml
    - id: unique
      type: unique_addresses
      targets: [all]
    ```
    """

    class Args(_PlanArgs):
        family: Literal["ipv4", "ipv6", "both"] = "both"

    name = "unique_addresses"
    scope = "lab"
    skills = ("S13",)

    def requests(self, args: CheckArgs, device: DeviceContext) -> list[StateRequest]:
        return [GET_INTERFACES_IP]

    def evaluate(self, args: Args, target: Target, state: StateView, ctx: EvalContext) -> Verdict:
        family = None if args.family == "both" else args.family
        owners: dict[str, list[str]] = {}
        for a in lab_addresses(state, target.devices, args.exclude, family):
            owners.setdefault(str(a.address.ip), []).append(f"{a.device}:{a.interface}")
        items = [(len(where) == 1, f"{ip} configured {len(where)} times: {', '.join(where)}")
                 for ip, where in sorted(owners.items())]
        return tally(items, f"{counted(len(owners), 'address', 'addresses')}, all unique", empty="no interface addresses found in the lab")


@register_check
class LinkSubnetMatch(CheckType):
    """Both ends of every topology link are addressed in the same subnet (same network and length).
    One result per link.

    ```yaml
    - id: links
      type: link_subnet_match
      targets: [all]          # every link between these devices
      args:
        family: ipv4
    ```
    """

    class Args(CheckArgs):
        family: Literal["ipv4", "ipv6", "both"] = "ipv4"

    name = "link_subnet_match"
    scope = "link"
    skills = ("S13",)

    def requests(self, args: CheckArgs, device: DeviceContext) -> list[StateRequest]:
        return [GET_INTERFACES_IP]

    def evaluate(self, args: Args, target: Target, state: StateView, ctx: EvalContext) -> Verdict:
        assert target.link is not None, "link_subnet_match is a link-scoped check"
        families = ("ipv4", "ipv6") if args.family == "both" else (args.family,)
        items = []
        for fam in families:
            nets = []
            for end in target.link:
                data = state.get(end.device, GET_INTERFACES_IP)
                key = find_interface(data, end.interface)
                found = [a.address for a in interface_addresses(end.device, {key: data[key]} if key else {}, fam)
                         if not a.address.ip.is_link_local]
                nets.append((f"{end.device}:{end.interface}", found))
            (a_name, a_addrs), (b_name, b_addrs) = nets
            shared = {x.network for x in a_addrs} & {x.network for x in b_addrs}
            shown = f"{a_name} {_fmt(a_addrs)}, {b_name} {_fmt(b_addrs)}"
            items.append((bool(shared), f"expected both ends in one {fam} subnet, found {shown}"))
        return tally(items, f"both ends share {', '.join(families)} subnets")


def _fmt(addrs: list[ipaddress.IPv4Interface | ipaddress.IPv6Interface]) -> str:
    return ", ".join(a.with_prefixlen for a in addrs) or "no address"


@register_check
class GatewayFirstUsable(CheckType):
    """The router's address on each LAN interface is the first usable host of its subnet (the
    common gateway convention), or the last with ``position: last``.

    ```yaml
    - id: gateways
      type: gateway_first_usable
      targets: [edge]
      args:
        interfaces: [eth2, eth3]
    ```
    """

    class Args(CheckArgs):
        interfaces: list[str] = Field(min_length=1)
        interface_fields = ("interfaces",)
        position: Literal["first", "last"] = "first"

    name = "gateway_first_usable"
    skills = ("S13",)

    def requests(self, args: CheckArgs, device: DeviceContext) -> list[StateRequest]:
        return [GET_INTERFACES_IP]

    def evaluate(self, args: Args, target: Target, state: StateView, ctx: EvalContext) -> Verdict:
        device = target.devices[0]
        data = state.get(device, GET_INTERFACES_IP)
        items = []
        for name in args.interfaces:
            key = find_interface(data, name)
            addrs = [a.address for a in interface_addresses(device, {key: data[key]} if key else {}, "ipv4")]
            if not addrs:
                items.append((False, f"{name}: expected the {args.position} usable address, no IPv4 address"))
                continue
            for addr in addrs:
                net = addr.network
                want = (net.network_address + 1) if args.position == "first" else (net.broadcast_address - 1)
                if net.prefixlen >= 31:
                    want = net.network_address if args.position == "first" else net.broadcast_address
                items.append((addr.ip == want, f"{name}: expected {want}/{net.prefixlen}, found {addr.with_prefixlen}"))
        return tally(items, f"gateways on the {args.position} usable address")
