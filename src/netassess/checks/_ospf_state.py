"""OSPF state in one shape whatever the platform.

FRR answers the typed extension getters of ``napalm_frr`` (``get_ospf_neighbors`` /
``get_ospf_interfaces``). NAPALM's core drivers have no OSPF getter, so for IOS and EOS we parse
``show`` output with the TTP templates in ``checks/ttp/<platform>/`` and read what ``show`` does
not print (passive interfaces, authentication) from the running config. Junos: neighbours only.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any

from netassess.checks._common import (
    GET_CONFIG,
    as_list,
    command_output,
    config_text,
    find_interface,
    matching,
    parse_config,
    parse_ttp,
    sections,
)
from netassess.checks.base import StateUnavailable, StateView, Unsupported
from netassess.snapshot import StateRequest

GET_OSPF_NEIGHBORS = StateRequest.getter("get_ospf_neighbors")
GET_OSPF_INTERFACES = StateRequest.getter("get_ospf_interfaces")

_NEIGHBOR_CMD = {
    "ios": ("show ip ospf neighbor", "ttp/ios/show_ip_ospf_neighbor.ttp"),
    "eos": ("show ip ospf neighbor", "ttp/eos/show_ip_ospf_neighbor.ttp"),
    "junos": ("show ospf neighbor", "ttp/junos/show_ospf_neighbor.ttp"),
}
_INTERFACE_CMD = {
    "ios": ("show ip ospf interface brief", "ttp/ios/show_ip_ospf_interface_brief.ttp"),
    "eos": ("show ip ospf interface brief", "ttp/eos/show_ip_ospf_interface_brief.ttp"),
}
_STATES = {s.lower().replace("-", ""): s for s in ("Down", "Attempt", "Init", "2-Way", "ExStart", "Exchange", "Loading", "Full")}
_BRIEF_NETWORK_TYPE = {"P2P": "point-to-point", "LOOP": "loopback", "DR": "broadcast", "BDR": "broadcast",
                       "DROTH": "broadcast", "DROTHER": "broadcast", "WAIT": "broadcast", "P2MP": "point-to-multipoint"}


def normal_state(state: str) -> str:
    """``FULL``, ``Full/DR``, ``full`` -> ``Full``: one spelling to compare against."""
    head = state.split("/")[0].strip()
    return _STATES.get(head.lower().replace("-", ""), head)


def dotted_area(area: Any) -> str:
    """Area ``0``, ``"0"``, ``"0.0.0.0"`` -> ``"0.0.0.0"``."""
    text = str(area).strip()
    return str(ipaddress.IPv4Address(int(text))) if text.isdigit() else text


def neighbor_requests(platform: str) -> list[StateRequest]:
    if platform == "frr":
        return [GET_OSPF_NEIGHBORS]
    if platform in _NEIGHBOR_CMD:
        return [StateRequest.cmd(_NEIGHBOR_CMD[platform][0])]
    raise Unsupported(f"OSPF neighbours cannot be read on platform {platform!r} (supported: frr, ios, eos, junos)")


def interface_requests(platform: str) -> list[StateRequest]:
    if platform == "frr":
        return [GET_OSPF_INTERFACES]
    if platform in _INTERFACE_CMD:
        return [StateRequest.cmd(_INTERFACE_CMD[platform][0]), GET_CONFIG]
    raise Unsupported(f"OSPF interface details cannot be read on platform {platform!r} (supported: frr, ios, eos)")


def neighbors(state: StateView, device: str, platform: str, vrf: str = "default") -> list[dict[str, Any]]:
    """Adjacencies as ``OSPFNeighbor``-shaped dicts (uptime -1 where the platform does not say)."""
    if platform == "frr":
        data = state.get(device, GET_OSPF_NEIGHBORS)
        return [dict(n, state=normal_state(n["state"])) for n in data.get(vrf, [])]
    cmd, template = _NEIGHBOR_CMD[platform]
    rows = as_list(_parsed(state, device, cmd, template).get("neighbors"))
    out = []
    for row in rows:
        if vrf != "default" and row.get("vrf", "default") != vrf:
            continue
        out.append({
            "neighbor_id": row["neighbor_id"], "address": row["address"], "interface": row["interface"],
            "state": normal_state(row["state"]), "role": "" if row.get("role", "-") == "-" else row.get("role", ""),
            "area": "", "uptime": -1.0, "priority": row.get("priority", 0),
        })
    return out


def interfaces(state: StateView, device: str, platform: str, vrf: str = "default") -> dict[str, dict[str, Any]]:
    """OSPF interfaces as ``OSPFInterface``-shaped dicts; unknown fields are None."""
    if platform == "frr":
        data = state.get(device, GET_OSPF_INTERFACES)
        return {k: dict(v, area=dotted_area(v["area"])) for k, v in data.get(vrf, {}).items()}
    cmd, template = _INTERFACE_CMD[platform]
    rows = as_list(_parsed(state, device, cmd, template).get("interfaces"))
    cfg = parse_config(config_text(state, device), platform)
    out: dict[str, dict[str, Any]] = {}
    for row in rows:
        if vrf != "default" and row.get("vrf", "default") != vrf:
            continue
        out[row["interface"]] = {
            "interface": row["interface"], "address": row["address"], "area": dotted_area(row["area"]),
            "network_type": _BRIEF_NETWORK_TYPE.get(row["state"].upper()), "cost": row["cost"],
            "state": row["state"], "neighbor_count": row.get("neighbors_configured", row.get("neighbors_full")),
            "adjacent_count": row.get("neighbors_full"), "hello_interval": None, "dead_interval": None,
        }
    _add_config_facts(out, cfg)
    return out


def _parsed(state: StateView, device: str, cmd: str, template: str) -> dict[str, Any]:
    request = StateRequest.cmd(cmd)
    parsed = parse_ttp(command_output(state, device, request), template)
    if not isinstance(parsed, dict):
        raise StateUnavailable(device, request.key, f"could not parse the output with {template}")
    return parsed


def _named(names: set[str], ifname: str) -> bool:
    """Is ``ifname`` among ``names`` (abbreviations allowed: Gi0/1 = GigabitEthernet0/1)?"""
    return find_interface(dict.fromkeys(names, 1), ifname) is not None


def _add_config_facts(out: dict[str, dict[str, Any]], cfg: list) -> None:
    """Passive state, network type and authentication from IOS/EOS config (``show … brief`` omits them)."""
    ospf = [line for _, body in sections(cfg, r"router ospf.*") for line in body]
    default_passive = bool(matching(ospf, r"passive-interface default"))
    passive = {m.group(1) for ln in ospf if (m := re.fullmatch(r"passive-interface (\S+)", ln.text)) and m.group(1) != "default"}
    active = {m.group(1) for ln in ospf if (m := re.fullmatch(r"no passive-interface (\S+)", ln.text))}
    area_auth = {}
    for ln in ospf:
        if m := re.fullmatch(r"area (\S+) authentication( message-digest)?", ln.text):
            area_auth[dotted_area(m.group(1))] = "message-digest" if m.group(2) else "simple"
    if_sections = {name.split(" > ")[-1][len("interface "):]: body for name, body in sections(cfg, r"interface \S+")}
    for ifname, info in out.items():
        info["passive"] = (default_passive and not _named(active, ifname)) or _named(passive, ifname)
        key = find_interface(if_sections, ifname)
        body = if_sections.get(key, []) if key else []
        auth = area_auth.get(info["area"], "none")
        for ln in body:
            if m := re.fullmatch(r"ip ospf authentication( message-digest| null| key-chain \S+)?", ln.text):
                kind = (m.group(1) or "").strip()
                auth = {"": "simple", "null": "none"}.get(kind, "message-digest")
            if m := re.fullmatch(r"ip ospf network (\S+)", ln.text):
                info["network_type"] = m.group(1)
        info["authentication"] = auth
