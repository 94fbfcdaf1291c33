"""LLDP from lldpd, for both drivers: on an FRR router as on a Linux host, LLDP is lldpd's job
(FRR does not speak it), so one reader serves ``napalm_frr`` and ``napalm_netassess_linux``.

The data is ``lldpcli -f json0 show neighbors details``. json0 is lldpd's stable JSON form: every
value is a list of objects, so one neighbour and many read the same way
(``lldp[0].interface[*].chassis[0].name[0].value``).

``optional_args.lldpcli`` names the command that reaches the node's lldpd (a path, plus ``-u
SOCKET`` when lldpd listens somewhere other than its default); without it ``lldpcli`` is looked
up on the node's PATH and in /usr/sbin.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

SHOW_NEIGHBORS = "-f json0 show neighbors details"
COMMAND_NOT_FOUND = 127

# lldpd's capability names → NAPALM's (napalm.base.constants.LLDP_CAPAB_TRANFORM_TABLE's values)
_CAPABILITIES = {
    "bridge": "bridge", "router": "router", "wlan": "wlan-access-point", "station": "station",
    "repeater": "repeater", "tel": "telephone", "docsis": "docsis-cable-device", "other": "other",
}


def lldpcli_command(optional_args: Mapping[str, Any]) -> str:
    """The shell line that prints this node's LLDP neighbours as json0."""
    configured = str(optional_args.get("lldpcli") or "").strip()
    if configured:
        return f"{configured} {SHOW_NEIGHBORS}"
    # an unprivileged login's PATH often lacks /usr/sbin, where Debian puts lldpcli
    return f'PATH="$PATH:/usr/sbin:/sbin" lldpcli {SHOW_NEIGHBORS}'


def read_lldpcli(run: Callable[[str], tuple[int, str]], host: str, optional_args: Mapping[str, Any]) -> dict[str, Any]:
    """Run lldpcli through ``run`` (a Linux shell); NotImplementedError says why LLDP is unavailable."""
    rc, out = run(lldpcli_command(optional_args))
    if rc == COMMAND_NOT_FOUND:
        raise NotImplementedError(
            f"{host}: lldpcli is not installed on the node, so there is no LLDP data (FRR itself does not "
            "speak LLDP; install lldpd, or in the built-in lab start it with `netassess lab up --lldp`)"
        )
    if rc != 0:
        detail = next((ln.strip() for ln in reversed(out.splitlines()) if ln.strip()), f"exit {rc}")
        raise NotImplementedError(f"{host}: lldpd is not running or not reachable: {detail[:200]}")
    try:
        data = json.loads(out or "{}")
    except json.JSONDecodeError as exc:
        raise NotImplementedError(f"{host}: lldpcli printed no JSON ({exc}); is it lldpd ≥ 0.9 with json0?") from None
    return data if isinstance(data, dict) else {}


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
    names = {_CAPABILITIES.get(str(c.get("type", "")).lower(), "other") for c in caps
             if not enabled_only or c.get("enabled")}
    return sorted(names)


def _remote_port(port: list[dict[str, Any]]) -> str:
    """The port ID, as other drivers report it; lldpd's default ID for a port is its MAC address,
    and then the description (the interface name, for lldpd) is what names the port."""
    port_id = _first(port, "id", "value")
    if _first(port, "id", "type") == "mac" and _first(port, "descr", "value"):
        return _first(port, "descr", "value")
    return port_id


def lldpcli_neighbors(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """json0 → ``get_lldp_neighbors_detail``'s shape (interfaces with no neighbour are absent)."""
    result: dict[str, list[dict[str, Any]]] = {}
    for lldp in data.get("lldp", []):
        if not isinstance(lldp, dict):
            continue
        for iface in lldp.get("interface", []):
            chassis = iface.get("chassis", [])
            port = iface.get("port", [])
            result.setdefault(str(iface.get("name", "")), []).append({
                "parent_interface": "",
                "remote_port": _remote_port(port),
                "remote_port_description": _first(port, "descr", "value"),
                "remote_chassis_id": _first(chassis, "id", "value"),
                "remote_system_name": _first(chassis, "name", "value"),
                "remote_system_description": _first(chassis, "descr", "value"),
                "remote_system_capab": _capabilities(chassis, enabled_only=False),
                "remote_system_enable_capab": _capabilities(chassis, enabled_only=True),
            })
    return result


def neighbors(detail: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, str]]]:
    """``get_lldp_neighbors``'s shape from the detail."""
    return {
        ifname: [{"hostname": n["remote_system_name"], "port": n["remote_port"]} for n in found]
        for ifname, found in detail.items()
    }


class LLDPMixin:
    """get_lldp_neighbors[_detail] for a driver that can run Linux commands (``_lldp_run``)."""

    hostname: str
    optional_args: dict[str, Any]

    def _lldp_run(self, command: str) -> tuple[int, str]:
        raise NotImplementedError

    def get_lldp_neighbors_detail(self, interface: str = "") -> dict[str, Any]:
        detail = lldpcli_neighbors(read_lldpcli(self._lldp_run, self.hostname, self.optional_args))
        return {k: v for k, v in detail.items() if not interface or k == interface}

    def get_lldp_neighbors(self) -> dict[str, Any]:
        return neighbors(self.get_lldp_neighbors_detail())
