"""OSPF (S2, S4): adjacencies, per-interface settings, authentication, passive interfaces.

State comes from ``_ospf_state``: FRR's typed getters, or IOS/EOS/Junos ``show`` output parsed with
the TTP templates in ``checks/ttp/<platform>/`` (plus the running config for what ``show`` omits).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from netassess.checks import _ospf_state as ospf
from netassess.checks._common import (
    counted,
    find_interface,
    is_loopback_name,
    platform_of,
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

NetworkType = Literal["point-to-point", "broadcast", "non-broadcast", "point-to-multipoint", "loopback"]


@register_check
class OspfNeighbor(CheckType):
    """OSPF adjacencies: the listed peers (router-id or interface address) are in ``state``, and/or the
    number of neighbours in that state is exactly ``count`` (or at least ``min_count``).

    Partial credit per peer (and for the count). FRR: ``get_ospf_neighbors``; IOS/EOS: ``show ip ospf
    neighbor``; Junos: ``show ospf neighbor`` (parsed with TTP).

    ```yaml
    - id: ospf-adjacencies
      type: ospf_neighbor
      targets: [core]
      wait: 40
      args:
        peers: [10.255.0.2, 10.255.0.3]
        state: Full
        count: 2
    ```
    """

    class Args(CheckArgs):
        peers: list[str] = Field(default_factory=list)
        state: str = "Full"
        count: int | None = Field(None, ge=0)
        min_count: int | None = Field(None, ge=0)
        vrf: str = "default"

        @model_validator(mode="after")
        def _something_to_check(self) -> OspfNeighbor.Args:
            if not self.peers and self.count is None and self.min_count is None:
                raise ValueError("give peers, count or min_count")
            return self

    name = "ospf_neighbor"
    skills = ("S2",)

    def requests(self, args: CheckArgs, device: DeviceContext) -> list[StateRequest]:
        return ospf.neighbor_requests(device.platform)

    def evaluate(self, args: Args, target: Target, state: StateView, ctx: EvalContext) -> Verdict:
        device = target.devices[0]
        nbrs = ospf.neighbors(state, device, platform_of(ctx, device), args.vrf)
        want = ospf.normal_state(args.state)
        items = []
        for peer in args.peers:
            found = [n for n in nbrs if peer in (n["neighbor_id"], n["address"])]
            states = ", ".join(sorted({f"{n['state']} on {n['interface']}" for n in found})) or "no adjacency"
            items.append((any(n["state"] == want for n in found), f"peer {peer}: expected {want}, found {states}"))
        in_state = [n for n in nbrs if n["state"] == want]
        listing = ", ".join(f"{n['neighbor_id']}" for n in in_state) or "none"
        if args.count is not None:
            items.append((len(in_state) == args.count,
                          f"expected exactly {counted(args.count, 'neighbour')} {want}, found {len(in_state)} ({listing})"))
        if args.min_count is not None:
            items.append((len(in_state) >= args.min_count,
                          f"expected at least {counted(args.min_count, 'neighbour')} {want}, found {len(in_state)} ({listing})"))
        return tally(items, f"{counted(len(in_state), 'neighbour')} {want}: {listing}")


class OspfInterfaceExpect(CheckArgs):
    area: str | int | None = None
    passive: bool | None = None
    cost: int | None = Field(None, ge=1, le=65535)
    network_type: NetworkType | None = None


@register_check
class OspfInterface(CheckType):
    """Interfaces run OSPF with the expected area, passive state, cost and network type.

    Only the attributes given are judged; partial credit per attribute. An interface missing from
    OSPF fails all of its attributes.

    ```yaml
    - id: ospf-interfaces
      type: ospf_interface
      targets: [edge]
      args:
        interfaces:
          eth1: {area: 0, cost: 10, network_type: point-to-point}
          lo: {area: 0, passive: true}
    ```
    """

    class Args(CheckArgs):
        interfaces: dict[str, OspfInterfaceExpect] = Field(min_length=1)
        interface_fields = ("interfaces",)
        vrf: str = "default"

    name = "ospf_interface"
    skills = ("S2",)

    def requests(self, args: CheckArgs, device: DeviceContext) -> list[StateRequest]:
        return ospf.interface_requests(device.platform)

    def evaluate(self, args: Args, target: Target, state: StateView, ctx: EvalContext) -> Verdict:
        device = target.devices[0]
        table = ospf.interfaces(state, device, platform_of(ctx, device), args.vrf)
        items = []
        for name, expect in args.interfaces.items():
            wanted = expect.model_dump(exclude_none=True)
            if "area" in wanted:
                wanted["area"] = ospf.dotted_area(wanted["area"])
            key = find_interface(table, name)
            if key is None:
                items.append((False, f"{name}: expected in OSPF ({_fmt(wanted)}), not running OSPF"))
                continue
            for attr, value in wanted.items():
                found = table[key].get(attr)
                items.append((found == value, f"{name}: expected {attr} {value}, found {found}"))
            if not wanted:
                items.append((True, f"{name}: in OSPF"))
        return tally(items, f"{', '.join(args.interfaces)} as expected")


def _fmt(values: dict[str, object]) -> str:
    return ", ".join(f"{k} {v}" for k, v in values.items()) or "any settings"


@register_check
class OspfAuthentication(CheckType):
    """OSPF authentication is on where it matters: every listed interface (default: every OSPF
    interface that is not passive or loopback) uses ``mode`` (default ``message-digest``; ``any``
    accepts simple too). Keys are never read (configs are sanitised); only the mode is judged.

    ```yaml
    - id: ospf-md5
      type: ospf_authentication
      targets: [core]
      args:
        mode: message-digest
    ```
    """

    class Args(CheckArgs):
        interfaces: list[str] = Field(default_factory=list)
        interface_fields = ("interfaces",)
        mode: Literal["message-digest", "simple", "any"] = "message-digest"
        vrf: str = "default"

    name = "ospf_authentication"
    skills = ("S4",)

    def requests(self, args: CheckArgs, device: DeviceContext) -> list[StateRequest]:
        return ospf.interface_requests(device.platform)

    def evaluate(self, args: Args, target: Target, state: StateView, ctx: EvalContext) -> Verdict:
        device = target.devices[0]
        table = ospf.interfaces(state, device, platform_of(ctx, device), args.vrf)
        names = args.interfaces or [
            k for k, v in sorted(table.items())
            if not v.get("passive") and v.get("network_type") != "loopback" and not is_loopback_name(k)
        ]
        items = []
        for name in names:
            key = find_interface(table, name)
            found = table[key].get("authentication") if key else "not in OSPF"
            ok = found in ("simple", "message-digest") if args.mode == "any" else found == args.mode
            items.append((ok, f"{name}: expected authentication {args.mode}, found {found}"))
        return tally(items, f"OSPF authentication {args.mode} on {', '.join(names)}",
                     empty="no OSPF interface needing authentication was found")


@register_check
class PassiveInterfaces(CheckType):
    """Routing updates go only where routers are: ``passive`` interfaces are passive, ``active`` are not.

    With ``only_these`` every other OSPF interface must be active (catches ``passive-interface
    default`` that also silenced an uplink).

    ```yaml
    - id: passive-lan
      type: passive_interfaces
      targets: [edge]
      args:
        passive: [eth3, lo]
        active: [eth1, eth2]
    ```
    """

    class Args(CheckArgs):
        passive: list[str] = Field(default_factory=list)
        active: list[str] = Field(default_factory=list)
        interface_fields = ("passive", "active")
        only_these: bool = False
        vrf: str = "default"

        @model_validator(mode="after")
        def _something(self) -> PassiveInterfaces.Args:
            if not self.passive and not self.active:
                raise ValueError("give passive and/or active interfaces")
            return self

    name = "passive_interfaces"
    skills = ("S4",)

    def requests(self, args: CheckArgs, device: DeviceContext) -> list[StateRequest]:
        return ospf.interface_requests(device.platform)

    def evaluate(self, args: Args, target: Target, state: StateView, ctx: EvalContext) -> Verdict:
        device = target.devices[0]
        table = ospf.interfaces(state, device, platform_of(ctx, device), args.vrf)
        expect = {n: True for n in args.passive} | {n: False for n in args.active}
        if args.only_these:
            listed = {find_interface(table, n) for n in expect}
            expect |= {k: False for k in table if k not in listed and table[k].get("network_type") != "loopback"}
        items = []
        for name, want in expect.items():
            key = find_interface(table, name)
            if key is None:
                items.append((False, f"{name}: expected {'passive' if want else 'active'} in OSPF, not running OSPF"))
                continue
            found = table[key].get("passive")
            words = ("passive" if want else "active", "passive" if found else "active")
            items.append((found == want, f"{name}: expected {words[0]}, found {words[1]}"))
        return tally(items, "passive interfaces as expected")
