"""Device identity and interfaces (S2, S4): hostname, state, descriptions, addresses, unused ports shut."""

from __future__ import annotations

import ipaddress
import re
from typing import Literal

from pydantic import Field, field_validator

from netassess.checks._common import (
    GET_FACTS,
    GET_INTERFACES,
    GET_INTERFACES_IP,
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


@register_check
class Hostname(CheckType):
    """The device's hostname is the one the task asks for (default: the device's inventory name,
    which in the built-in lab is the node's name; on a rack give ``hostname`` explicitly).

    Compared case-insensitively (hostnames are), whole name, from NAPALM ``get_facts``. On FRR that
    is the Linux hostname (``hostname`` typed in vtysh lasts only for that vtysh session).

    ```yaml
    - id: hostname
      type: hostname
      targets: [edge]
      args:
        hostname: "{{ site }}-edge-01"   # omit to expect the device's inventory name
    ```
    """

    class Args(CheckArgs):
        hostname: str | None = None

    name = "hostname"
    skills = ("S2",)

    def requests(self, args: CheckArgs, device: DeviceContext) -> list[StateRequest]:
        return [GET_FACTS]

    def evaluate(self, args: Args, target: Target, state: StateView, ctx: EvalContext) -> Verdict:
        device = target.devices[0]
        found = str(state.get(device, GET_FACTS).get("hostname", ""))
        want = args.hostname or device
        if found.lower() == want.lower():
            return Verdict.ok(f"hostname is {found!r}")
        return Verdict.fail(f"expected hostname {want!r}, found {found!r}")


@register_check
class InterfaceUp(CheckType):
    """Interfaces are in the expected state: ``up`` (enabled and line up), ``down``, or ``admin_down`` (shut).

    Partial credit per interface. Uses NAPALM ``get_interfaces``.

    ```yaml
    - id: uplinks-up
      type: interface_up
      targets: [core]
      args:
        interfaces: [eth1, eth2]
        state: up
    ```
    """

    class Args(CheckArgs):
        interfaces: list[str] = Field(min_length=1)
        state: Literal["up", "down", "admin_down"] = "up"
        interface_fields = ("interfaces",)

    name = "interface_up"
    skills = ("S2",)

    def requests(self, args: CheckArgs, device: DeviceContext) -> list[StateRequest]:
        return [GET_INTERFACES]

    def evaluate(self, args: Args, target: Target, state: StateView, ctx: EvalContext) -> Verdict:
        table = state.get(target.devices[0], GET_INTERFACES)
        items = []
        for name in args.interfaces:
            key = find_interface(table, name)
            if key is None:
                items.append((False, f"{name}: expected {args.state}, interface does not exist"))
                continue
            info = table[key]
            found = "up" if info["is_enabled"] and info["is_up"] else "admin_down" if not info["is_enabled"] else "down"
            ok = found == args.state or (args.state == "down" and found == "admin_down")
            items.append((ok, f"{name}: expected {args.state}, found {found}"))
        return tally(items, f"{', '.join(args.interfaces)} {args.state}")


@register_check
class InterfaceDescription(CheckType):
    """Interfaces carry the expected description: each value is a FULL-match regex (``.+`` = any non-empty).

    ```yaml
    - id: descriptions
      type: interface_description
      targets: [edge]
      args:
        descriptions:
          eth1: "(?i)to core.*"
          eth2: ".+"
    ```
    """

    class Args(CheckArgs):
        descriptions: dict[str, str] = Field(min_length=1)
        interface_fields = ("descriptions",)

        @field_validator("descriptions")
        @classmethod
        def _regexes_compile(cls, value: dict[str, str]) -> dict[str, str]:
            for rx in value.values():
                valid_regex(rx)
            return value

    name = "interface_description"
    skills = ("S2",)

    def requests(self, args: CheckArgs, device: DeviceContext) -> list[StateRequest]:
        return [GET_INTERFACES]

    def evaluate(self, args: Args, target: Target, state: StateView, ctx: EvalContext) -> Verdict:
        table = state.get(target.devices[0], GET_INTERFACES)
        items = []
        for name, rx in args.descriptions.items():
            key = find_interface(table, name)
            if key is None:
                items.append((False, f"{name}: interface does not exist"))
                continue
            found = table[key].get("description") or ""
            ok = re.fullmatch(rx, found) is not None
            items.append((ok, f"{name}: expected description matching {rx!r}, found {found!r}"))
        return tally(items, "all descriptions as expected")


@register_check
class InterfaceIp(CheckType):
    """Interfaces hold exactly the expected addresses (address/prefix-length, IPv4 or IPv6).

    With ``exclusive`` (default) an extra address on a listed interface is wrong too; IPv6
    link-local addresses are never counted as extra. Uses NAPALM ``get_interfaces_ip``.

    ```yaml
    - id: addressing
      type: interface_ip
      targets: [edge]
      args:
        addresses:
          eth1: 10.0.12.1/30
          lo: [10.255.0.1/32, "2001:db8::1/128"]
    ```
    """

    class Args(CheckArgs):
        addresses: dict[str, str | list[str]] = Field(min_length=1)
        exclusive: bool = True
        interface_fields = ("addresses",)

        @field_validator("addresses")
        @classmethod
        def _valid(cls, value: dict[str, str | list[str]]) -> dict[str, str | list[str]]:
            for addrs in value.values():
                for a in [addrs] if isinstance(addrs, str) else addrs:
                    if "/" not in a:
                        raise ValueError(f"{a!r}: give address/prefix-length, e.g. 10.0.12.1/30")
                    ipaddress.ip_interface(a)
            return value

    name = "interface_ip"
    skills = ("S2", "S13")

    def requests(self, args: CheckArgs, device: DeviceContext) -> list[StateRequest]:
        return [GET_INTERFACES_IP]

    def evaluate(self, args: Args, target: Target, state: StateView, ctx: EvalContext) -> Verdict:
        device = target.devices[0]
        data = state.get(device, GET_INTERFACES_IP)
        items = []
        for name, want in args.addresses.items():
            wanted = {ipaddress.ip_interface(a) for a in ([want] if isinstance(want, str) else want)}
            key = find_interface(data, name)
            have = {a.address for a in interface_addresses(device, {key: data[key]})} if key else set()
            have = {a for a in have if not (a.version == 6 and a.ip.is_link_local)}
            missing, extra = wanted - have, (have - wanted) if args.exclusive else set()
            found = ", ".join(sorted(a.with_prefixlen for a in have)) or "no address"
            for a in sorted(wanted, key=str):
                items.append((a not in missing, f"{name}: expected {a.with_prefixlen}, found {found}"))
            for a in sorted(extra, key=str):
                items.append((False, f"{name}: unexpected extra address {a.with_prefixlen}"))
        return tally(items, "all addresses as expected")


@register_check
class UnusedInterfacesShutdown(CheckType):
    """Interfaces that carry no link are administratively shut down (an unused port is an open door).

    "Used" means: on a topology link of this device, or listed in ``used``; with no topology
    known, an interface with an IP address counts as used. ``exclude`` (FULL-match regex) names
    interfaces never judged: loopbacks, management, and the kernel's own.

    ```yaml
    - id: unused-shut
      type: unused_interfaces_shutdown
      targets: [access]
      args:
        used: [eth3]                  # beyond the topology's links
    ```
    """

    class Args(CheckArgs):
        used: list[str] = Field(default_factory=list)
        interface_fields = ("used",)
        exclude: str = r"(?i)(lo\d*|loopback.*|mgmt.*|management.*|eth0|null.*|nvi.*|vlan1|bond.*|sit\d*|gre.*|tunl.*|ip6tnl.*)"

        @field_validator("exclude")
        @classmethod
        def _regex(cls, value: str) -> str:
            return valid_regex(value)  # a bad pattern is a spec error at validate, not an 'internal' result

    name = "unused_interfaces_shutdown"
    skills = ("S4",)

    def requests(self, args: CheckArgs, device: DeviceContext) -> list[StateRequest]:
        return [GET_INTERFACES, GET_INTERFACES_IP]

    def evaluate(self, args: Args, target: Target, state: StateView, ctx: EvalContext) -> Verdict:
        device = target.devices[0]
        table = state.get(device, GET_INTERFACES)
        linked = {end.interface for link in ctx.links for end in link if end.device == device}
        if linked:
            used = linked | set(args.used)
        else:
            used = {a.interface for a in interface_addresses(device, state.get(device, GET_INTERFACES_IP))} | set(args.used)
        used_keys = {find_interface(table, u) or u for u in used}
        items = []
        for name, info in sorted(table.items()):
            if name in used_keys or re.fullmatch(args.exclude, name):
                continue
            items.append((not info["is_enabled"], f"{name}: unused, expected shutdown, found enabled"))
        if not items:
            return Verdict.ok("no unused interfaces")
        return tally(items, f"{counted(len(items), 'unused interface')} shut down")
