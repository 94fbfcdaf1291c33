"""Switching state (VLANs, switchports, MAC table) in one shape whatever the platform.

``SWITCH_PLATFORMS`` is the one place that says where each kind of state comes from on each
platform: a NAPALM getter (``get_vlans``, ``get_mac_address_table``), or a ``show`` command parsed
with a TTP template from ``checks/ttp/<platform>/`` (or a parser where no template fits).
Supporting a new switch platform (the lab's ``ovs`` switch) is one entry there; a getter named as
``switchports`` must answer ``{interface: {admin_mode, oper_mode, access_vlan, native_vlan,
trunk_vlans}}`` as the TTP templates do.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Literal

from netassess.checks._common import as_list, command_output, find_interface, parse_ttp
from netassess.checks._eos_switchport import parse_switchport_json
from netassess.checks.base import DeviceContext, StateUnavailable, StateView, Unsupported
from netassess.snapshot import StateRequest

GET_VLANS = StateRequest.getter("get_vlans")
GET_MAC_TABLE = StateRequest.getter("get_mac_address_table")
ALL_VLANS = frozenset(range(1, 4095))

Kind = Literal["vlans", "macs", "switchports"]


@dataclass(frozen=True)
class Source:
    """Where one kind of state comes from: a getter, or a command parsed with a TTP template or a parser."""

    request: StateRequest
    template: str | None = None
    parse: Callable[[str], Any] | None = None


@dataclass(frozen=True)
class SwitchPlatform:
    vlans: Source | None = None
    macs: Source | None = None
    switchports: Source | None = None
    # the switchport source does not mark an access VLAN that does not exist (IOS says "Inactive"):
    # the VLAN table (``get_vlans``) is read with it to tell
    access_vlans_from_table: bool = False


SWITCH_PLATFORMS: dict[str, SwitchPlatform] = {
    "ios": SwitchPlatform(
        vlans=Source(GET_VLANS), macs=Source(GET_MAC_TABLE),
        switchports=Source(StateRequest.cmd("show interfaces switchport"), "ttp/ios/show_interfaces_switchport.ttp"),
    ),
    "eos": SwitchPlatform(vlans=Source(GET_VLANS), macs=Source(GET_MAC_TABLE),
                          switchports=Source(StateRequest.cmd("show interfaces switchport | json"),
                                             parse=parse_switchport_json),
                          access_vlans_from_table=True),
    "junos": SwitchPlatform(vlans=Source(GET_VLANS), macs=Source(GET_MAC_TABLE)),
    # the built-in lab's Open vSwitch: napalm_ovs answers switchports in the TTP templates' shape
    "ovs": SwitchPlatform(vlans=Source(GET_VLANS), macs=Source(GET_MAC_TABLE),
                          switchports=Source(StateRequest.getter("get_switchports"))),
}

_WHAT = {"vlans": "the VLAN table", "macs": "the MAC address table", "switchports": "switchport modes"}


@dataclass(frozen=True)
class Switchport:
    """One switchport: modes are ``access``, ``trunk``, ``dynamic auto``… (``static access`` → ``access``)."""

    interface: str
    admin_mode: str
    oper_mode: str
    access_vlan: int | None
    access_vlan_name: str
    native_vlan: int | None
    allowed: frozenset[int]


def _source(platform: str, kind: Kind) -> Source:
    source = getattr(_platform(platform), kind)
    if source is None:
        able = ", ".join(p for p, s in SWITCH_PLATFORMS.items() if getattr(s, kind) is not None)
        raise Unsupported(f"{_WHAT[kind]} cannot be read on platform {platform!r} (supported: {able})")
    return source


def _platform(platform: str) -> SwitchPlatform:
    return SWITCH_PLATFORMS.get(platform, SwitchPlatform())


def switch_requests(device: DeviceContext, *kinds: Kind) -> list[StateRequest]:
    """The requests for ``kinds`` on this device's platform; ``Unsupported`` names what is missing."""
    if "switchports" in kinds and _platform(device.platform).access_vlans_from_table:
        kinds = (*kinds, "vlans")
    return list(dict.fromkeys(_source(device.platform, kind).request for kind in kinds))


def _data(state: StateView, device: str, platform: str, kind: Kind) -> Any:
    source = _source(platform, kind)
    if source.parse is not None:
        parsed = source.parse(command_output(state, device, source.request))
        how = "(not the switchport model this platform prints)"
    elif source.template is not None:
        parsed = parse_ttp(command_output(state, device, source.request), source.template)
        how = f"with {source.template}"
    else:
        return state.get(device, source.request)
    if not isinstance(parsed, dict):
        raise StateUnavailable(device, source.request.key, f"could not parse the output {how}", "command")
    return parsed


def vlan_set(text: str | None) -> frozenset[int]:
    """``ALL``, ``none``, ``1,12,31-36`` (IOS/EOS allowed-list spellings) → the VLAN ids."""
    words = (text or "").strip().lower()
    if words in ("all", "1-4094"):
        return ALL_VLANS
    out: set[int] = set()
    for item in re.split(r"[,\s]+", words):
        if m := re.fullmatch(r"(\d+)(?:-(\d+))?", item):
            lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
            out.update(range(lo, hi + 1))
    return frozenset(out)


def vlans(state: StateView, device: str, platform: str) -> dict[int, dict[str, Any]]:
    """VLAN id → ``{name, interfaces}`` (NAPALM ``VlanDict``), ids as ints whatever the driver used."""
    data = _data(state, device, platform, "vlans") or {}
    return {int(k): {"name": str(v.get("name", "")), "interfaces": list(v.get("interfaces") or [])}
            for k, v in data.items() if str(k).isdigit()}


def mac_table(state: StateView, device: str, platform: str) -> list[dict[str, Any]]:
    """NAPALM ``MACAdressTable`` entries (mac, interface, vlan, static, active…)."""
    return list(_data(state, device, platform, "macs") or [])


def _mode(text: Any) -> str:
    words = " ".join(str(text or "").lower().split())
    return "access" if words == "static access" else words


def switchports(state: StateView, device: str, platform: str) -> dict[str, Switchport]:
    data = _data(state, device, platform, "switchports")
    rows = as_list(data.get("ports")) if "ports" in data else [dict(v, interface=k) for k, v in data.items()]
    table = vlans(state, device, platform) if _platform(platform).access_vlans_from_table else None
    out: dict[str, Switchport] = {}
    for row in rows:
        access, native = str(row.get("access_vlan", "")), str(row.get("native_vlan", ""))
        port = Switchport(
            interface=row["interface"], admin_mode=_mode(row.get("admin_mode")), oper_mode=_mode(row.get("oper_mode")),
            access_vlan=int(access) if access.isdigit() else None, access_vlan_name=str(row.get("access_vlan_name", "")),
            native_vlan=int(native) if native.isdigit() else None, allowed=vlan_set(row.get("trunk_vlans")),
        )
        if table is not None and port.access_vlan is not None and port.access_vlan not in table:
            port = replace(port, access_vlan_name="inactive")
        out[row["interface"]] = port
    return out


def find_port(ports: dict[str, Switchport], name: str) -> Switchport | None:
    key = find_interface(ports, name)  # Gi0/1 = GigabitEthernet0/1
    return ports[key] if key else None


def normal_mac(text: str) -> str:
    """``0018.b974.528f``, ``00-18-B9-74-52-8F`` → ``00:18:b9:74:52:8f``; ValueError if not 48 bits."""
    digits = re.sub(r"[.:\-\s]", "", text).lower()
    if not re.fullmatch(r"[0-9a-f]{12}", digits):
        raise ValueError(f"{text!r} is not a MAC address (e.g. 00:18:b9:74:52:8f or 0018.b974.528f)")
    return ":".join(digits[i:i + 2] for i in range(0, 12, 2))
