"""Switching (S2, S4): VLANs exist, access ports sit in their VLAN, trunks carry the right VLANs,
MAC addresses are learnt where the hosts are.

State comes from ``_switch_state``: NAPALM ``get_vlans`` / ``get_mac_address_table`` and, for
switchport modes, ``show interfaces switchport`` parsed with TTP (IOS) or as JSON (EOS, ``| json``)
(platform table there).

"Hosts in one VLAN reach each other, hosts in different VLANs don't (without a router)" is the
``reachability`` check run on the hosts: ``expect: success`` towards a host of the same VLAN,
``expect: failure`` towards one in another VLAN (see docs/tasks.md).
"""

from __future__ import annotations

from pydantic import Field, field_validator, model_validator

from netassess.checks import _switch_state as sw
from netassess.checks._common import counted, find_interface, platform_of, tally
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


def _vlan_ids(values: list[int]) -> list[int]:
    bad = [v for v in values if not 1 <= v <= 4094]
    if bad:
        raise ValueError(f"VLAN ids are 1-4094, got {', '.join(map(str, bad))}")
    return values


@register_check
class VlanExists(CheckType):
    """The listed VLANs exist, with the given name where one is given (``null``: any name);
    VLANs in ``absent`` must not exist (e.g. a VLAN the task says to delete).

    Names are compared exactly (a switch keeps the case typed). Partial credit per VLAN. Uses NAPALM
    ``get_vlans``.

    ```yaml
    - id: vlans
      type: vlan_exists
      targets: [sw1]
      args:
        vlans: {10: USERS, 20: VOICE, 99: null}
        absent: [30]
    ```
    """

    class Args(CheckArgs):
        vlans: dict[int, str | None] = Field(default_factory=dict)
        absent: list[int] = Field(default_factory=list)

        @model_validator(mode="after")
        def _valid(self) -> VlanExists.Args:
            if not self.vlans and not self.absent:
                raise ValueError("give vlans (id: name) and/or absent VLAN ids")
            _vlan_ids([*self.vlans, *self.absent])
            return self

    name = "vlan_exists"
    skills = ("S2",)

    def requests(self, args: CheckArgs, device: DeviceContext) -> list[StateRequest]:
        return sw.switch_requests(device, "vlans")

    def evaluate(self, args: Args, target: Target, state: StateView, ctx: EvalContext) -> Verdict:
        device = target.devices[0]
        table = sw.vlans(state, device, platform_of(ctx, device))
        items = []
        for vid, want in args.vlans.items():
            if vid not in table:
                items.append((False, f"VLAN {vid}: expected to exist{f' named {want!r}' if want else ''}, not found"))
                continue
            found = table[vid]["name"]
            ok = want is None or found == want
            items.append((ok, f"VLAN {vid}: expected name {want!r}, found {found!r}"))
        for vid in args.absent:
            items.append((vid not in table, f"VLAN {vid}: expected absent, found {table.get(vid, {}).get('name')!r}"))
        return tally(items, f"VLANs as expected ({counted(len(table), 'VLAN')} on the switch)")


@register_check
class AccessPortVlan(CheckType):
    """Access ports sit in the expected VLAN: ``ports`` maps interface → VLAN id.

    With ``require_static`` (default) the port must be configured ``switchport mode access``: a
    port left in a dynamic (DTP) mode that happens to operate as access can be negotiated into a
    trunk by whatever is plugged in (S4). A port whose VLAN does not exist is wrong too.
    IOS: ``show interfaces switchport`` (TTP). EOS: ``show interfaces switchport | json`` (EOS has no
    DTP: the mode shown is the configured one) and ``get_vlans`` for whether the VLAN exists.

    ```yaml
    - id: access-ports
      type: access_port_vlan
      targets: [sw1]
      args:
        ports: {eth2: 10, eth3: 20, eth8: 999}   # eth8 parked in an unused VLAN
    ```
    """

    class Args(CheckArgs):
        ports: dict[str, int] = Field(min_length=1)
        require_static: bool = True
        interface_fields = ("ports",)

        @field_validator("ports")
        @classmethod
        def _ids(cls, value: dict[str, int]) -> dict[str, int]:
            _vlan_ids(list(value.values()))
            return value

    name = "access_port_vlan"
    skills = ("S2", "S4")

    def requests(self, args: CheckArgs, device: DeviceContext) -> list[StateRequest]:
        return sw.switch_requests(device, "switchports")

    def evaluate(self, args: Args, target: Target, state: StateView, ctx: EvalContext) -> Verdict:
        device = target.devices[0]
        ports = sw.switchports(state, device, platform_of(ctx, device))
        items = []
        for name, want in args.ports.items():
            port = sw.find_port(ports, name)
            if port is None:
                items.append((False, f"{name}: expected access port in VLAN {want}, not a switchport"))
                continue
            mode_ok = port.admin_mode == "access" or (not args.require_static and port.oper_mode == "access")
            vlan_ok = port.access_vlan == want and port.access_vlan_name.lower() != "inactive"
            mode = port.admin_mode if port.admin_mode == port.oper_mode else f"{port.admin_mode} (operating as {port.oper_mode})"
            found = f"mode {mode}" + ("" if port.access_vlan is None else f", VLAN {port.access_vlan}")
            if port.access_vlan_name.lower() == "inactive":
                found += " which does not exist"
            expected = "static access" if args.require_static else "access"
            items.append((mode_ok and vlan_ok, f"{name}: expected {expected} in VLAN {want}, found {found}"))
        return tally(items, f"access ports in their VLANs: {', '.join(f'{k}={v}' for k, v in args.ports.items())}")


@register_check
class TrunkVlans(CheckType):
    """Trunks are trunking, carry the VLANs in ``carries`` (allowed AND existing on the switch), do not
    carry those in ``not_carries``, and use ``native`` as the native VLAN.

    Partial credit per interface and item. ``show interfaces switchport`` (IOS: TTP; EOS: ``| json``)
    for mode, allowed list and native VLAN, NAPALM ``get_vlans`` for which VLANs exist.

    ```yaml
    - id: uplink-trunk
      type: trunk_vlans
      targets: [sw1]
      args:
        interfaces: [eth1]
        carries: [10, 20]
        not_carries: [30]
        native: 999
    ```
    """

    class Args(CheckArgs):
        interfaces: list[str] = Field(min_length=1)
        carries: list[int] = Field(default_factory=list)
        not_carries: list[int] = Field(default_factory=list)
        native: int | None = Field(None, ge=1, le=4094)
        interface_fields = ("interfaces",)

        @model_validator(mode="after")
        def _valid(self) -> TrunkVlans.Args:
            _vlan_ids([*self.carries, *self.not_carries])
            if both := set(self.carries) & set(self.not_carries):
                raise ValueError(f"VLAN {', '.join(map(str, sorted(both)))} is in both carries and not_carries")
            return self

    name = "trunk_vlans"
    skills = ("S2",)

    def requests(self, args: CheckArgs, device: DeviceContext) -> list[StateRequest]:
        return sw.switch_requests(device, "switchports", "vlans")

    def evaluate(self, args: Args, target: Target, state: StateView, ctx: EvalContext) -> Verdict:
        device = target.devices[0]
        platform = platform_of(ctx, device)
        ports = sw.switchports(state, device, platform)
        existing = set(sw.vlans(state, device, platform))
        items = []
        for name in args.interfaces:
            port = sw.find_port(ports, name)
            if port is None or port.oper_mode != "trunk":
                found = "not a switchport" if port is None else f"mode {port.admin_mode}, operating as {port.oper_mode}"
                items.append((False, f"{name}: expected trunking, found {found}"))
                continue
            carried = port.allowed & existing
            for vid in args.carries:
                why = ("allowed" if vid in port.allowed else "not allowed") + ("" if vid in existing else ", VLAN does not exist")
                items.append((vid in carried, f"{name}: expected to carry VLAN {vid}, found {why}"))
            for vid in args.not_carries:
                items.append((vid not in carried, f"{name}: expected not to carry VLAN {vid}, found it carried"))
            if args.native is not None:
                items.append((port.native_vlan == args.native,
                              f"{name}: expected native VLAN {args.native}, found {port.native_vlan}"))
            if not (args.carries or args.not_carries or args.native):
                items.append((True, f"{name}: trunking"))
        return tally(items, f"{', '.join(args.interfaces)} trunking as expected")


@register_check
class MacLearnt(CheckType):
    """The switch learnt each MAC address on the expected port (and VLAN, if ``vlan`` is given):
    ``ports`` maps interface → MAC address or list of them (any common spelling).

    Proves where a host is really plugged in. Partial credit per MAC. Uses NAPALM
    ``get_mac_address_table``; entries age out, so give the hosts a reason to talk first (e.g. a
    ``reachability`` check ordered before this one).

    ```yaml
    - id: pc1-on-eth2
      type: mac_learnt
      targets: [sw1]
      args:
        ports: {eth2: "aa:c1:ab:00:00:10"}
        vlan: 10
    ```
    """

    class Args(CheckArgs):
        ports: dict[str, str | list[str]] = Field(min_length=1)
        vlan: int | None = Field(None, ge=1, le=4094)
        interface_fields = ("ports",)

        @field_validator("ports")
        @classmethod
        def _macs(cls, value: dict[str, str | list[str]]) -> dict[str, list[str]]:
            return {k: [sw.normal_mac(m) for m in ([v] if isinstance(v, str) else v)] for k, v in value.items()}

    name = "mac_learnt"
    skills = ("S2",)

    def requests(self, args: CheckArgs, device: DeviceContext) -> list[StateRequest]:
        return sw.switch_requests(device, "macs")

    def evaluate(self, args: Args, target: Target, state: StateView, ctx: EvalContext) -> Verdict:
        device = target.devices[0]
        entries = sw.mac_table(state, device, platform_of(ctx, device))
        items = []
        for port, macs in args.ports.items():
            for mac in macs:  # type: ignore[union-attr]  # normalised to lists by the validator
                seen = [e for e in entries if _same_mac(e.get("mac", ""), mac)]
                hits = [e for e in seen if find_interface({e.get("interface", ""): 1}, port)
                        and (args.vlan is None or e.get("vlan") == args.vlan)]
                where = f"{port}" + (f" in VLAN {args.vlan}" if args.vlan else "")
                found = "; ".join(f"{e.get('interface') or 'CPU'} VLAN {e.get('vlan')}" for e in seen) or "not learnt"
                items.append((bool(hits), f"{mac}: expected on {where}, found {found}"))
        return tally(items, "MAC addresses learnt on the expected ports")


def _same_mac(found: str, want: str) -> bool:
    try:
        return sw.normal_mac(found) == want
    except ValueError:
        return False
