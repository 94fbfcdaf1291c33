"""`ip -j` (iproute2 JSON) into NAPALM's getter shapes. Pure functions: unit-tested offline."""

from __future__ import annotations

import json
from typing import Any

from napalm.base.helpers import mac as napalm_mac

IP_LINK = "ip -j -s link show"
IP_ADDR = "ip -j addr show"
IP_NEIGH4 = "ip -j -4 -s neigh show"
IP_NEIGH6 = "ip -j -6 -s neigh show"
# Neighbour states that hold a usable link-layer address (FAILED/INCOMPLETE have none).
_RESOLVED = {"REACHABLE", "STALE", "DELAY", "PROBE", "PERMANENT", "NOARP"}


def loads(text: str) -> list[dict[str, Any]]:
    return json.loads(text) if text.strip() else []


def _mac(value: str | None) -> str:
    return napalm_mac(value) if value and value != "00:00:00:00:00:00" else ""


def interfaces(links: list[dict[str, Any]], speeds: dict[str, float] | None = None) -> dict[str, Any]:
    """get_interfaces from `ip -j link`: is_up is the carrier (LOWER_UP), is_enabled the admin flag."""
    result: dict[str, Any] = {}
    for link in links:
        flags = set(link.get("flags", []))
        name = link["ifname"]
        result[name] = {
            "is_up": "LOWER_UP" in flags or ("UP" in flags and link.get("link_type") == "loopback"),
            "is_enabled": "UP" in flags,
            "description": str(link.get("ifalias", "")),
            "last_flapped": -1.0,
            "speed": float((speeds or {}).get(name, 0.0)),
            "mtu": int(link.get("mtu", 0)),
            "mac_address": _mac(link.get("address")) if link.get("link_type") != "loopback" else "",
        }
    return result


def interfaces_ip(addrs: list[dict[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for link in addrs:
        for info in link.get("addr_info", []):
            family = {"inet": "ipv4", "inet6": "ipv6"}.get(info.get("family", ""))
            if family is None:
                continue
            entry = result.setdefault(link["ifname"], {})
            entry.setdefault(family, {})[info["local"]] = {"prefix_length": int(info["prefixlen"])}
    return result


def interfaces_counters(links: list[dict[str, Any]]) -> dict[str, Any]:
    """Linux counts multicast received only; broadcast is not counted apart (-1, NAPALM's 'unknown')."""
    result: dict[str, Any] = {}
    for link in links:
        stats = link.get("stats64") or link.get("stats") or {}
        rx, tx = stats.get("rx", {}), stats.get("tx", {})
        rx_mc = int(rx.get("multicast", 0))
        result[link["ifname"]] = {
            "tx_errors": int(tx.get("errors", 0)),
            "rx_errors": int(rx.get("errors", 0)),
            "tx_discards": int(tx.get("dropped", 0)),
            "rx_discards": int(rx.get("dropped", 0)),
            "tx_octets": int(tx.get("bytes", 0)),
            "rx_octets": int(rx.get("bytes", 0)),
            "tx_unicast_packets": int(tx.get("packets", 0)),
            "rx_unicast_packets": int(rx.get("packets", 0)) - rx_mc,
            "tx_multicast_packets": -1,
            "rx_multicast_packets": rx_mc,
            "tx_broadcast_packets": -1,
            "rx_broadcast_packets": -1,
        }
    return result


def _resolved(entry: dict[str, Any]) -> bool:
    return bool(entry.get("lladdr")) and bool(_RESOLVED.intersection(entry.get("state", [])))


def _age(entry: dict[str, Any]) -> float:
    # with -s, "updated" is seconds since the entry was last confirmed/updated
    return float(entry["updated"]) if "updated" in entry else -1.0


def arp_table(neigh: list[dict[str, Any]], interface: str = "") -> list[dict[str, Any]]:
    return [
        {"interface": e["dev"], "mac": _mac(e["lladdr"]), "ip": e["dst"], "age": _age(e)}
        for e in neigh
        if _resolved(e) and (not interface or e["dev"] == interface)
    ]


def ipv6_neighbors(neigh: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "interface": e["dev"],
            "mac": _mac(e["lladdr"]),
            "ip": e["dst"],
            "age": _age(e),
            "state": str(e.get("state", [""])[0]),
        }
        for e in neigh
        if _resolved(e)
    ]
