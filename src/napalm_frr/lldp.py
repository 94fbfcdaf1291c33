"""lldpd's `lldpcli -f json0 show neighbors details` into NAPALM's LLDP shape.

json0 is lldpd's stable JSON form: every value is a list of objects, so one neighbour and many
read the same way (path lldp[0].interface[*].chassis[0].name[0].value).
"""

from __future__ import annotations

from typing import Any


def _first(node: Any, *path: str, default: str = "") -> str:
    for key in path:
        if not isinstance(node, list) or not node:
            return default
        node = node[0].get(key) if isinstance(node[0], dict) else None
        if node is None:
            return default
    if isinstance(node, list):
        node = node[0] if node else default
    return str(node) if node is not None else default


def _capabilities(chassis: list[dict[str, Any]], enabled_only: bool) -> list[str]:
    caps = chassis[0].get("capability", []) if chassis else []
    return [str(c["type"]).lower() for c in caps if not enabled_only or c.get("enabled")]


def lldpcli_neighbors(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    result: dict[str, list[dict[str, Any]]] = {}
    for lldp in data.get("lldp", []):
        for iface in lldp.get("interface", []):
            chassis = iface.get("chassis", [])
            port = iface.get("port", [])
            result.setdefault(str(iface.get("name", "")), []).append({
                "parent_interface": "",
                "remote_port": _first(port, "id", "value"),
                "remote_port_description": _first(port, "descr", "value"),
                "remote_chassis_id": _first(chassis, "id", "value"),
                "remote_system_name": _first(chassis, "name", "value"),
                "remote_system_description": _first(chassis, "descr", "value"),
                "remote_system_capab": _capabilities(chassis, enabled_only=False),
                "remote_system_enable_capab": _capabilities(chassis, enabled_only=True),
            })
    return result
