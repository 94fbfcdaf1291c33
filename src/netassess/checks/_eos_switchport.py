"""Arista EOS ``show interfaces switchport | json`` → the rows the IOS TTP template gives.

EOS prints the same model for ``| json`` on the CLI as eAPI returns, and NAPALM's eos driver reads
everything else as JSON too, so this is parsed as JSON rather than as text. It was proved against a
real capture of a 52-port switch whose trunks carry VLAN 999 untagged (tests/fixtures/SOURCES.md:
eos/show_interfaces_switchport__eapi.json). EOS has no DTP: the configured mode is the operating one.
A port with switching turned off (``no switchport``) is listed with ``enabled: false``.
"""

from __future__ import annotations

from typing import Any

from netassess import safe_json


def parse_switchport_json(text: str) -> dict[str, dict[str, Any]] | None:
    """``{port: {admin_mode, oper_mode, access_vlan, access_vlan_name, native_vlan, trunk_vlans}}``;
    None if the text is not EOS's switchport model (an error message, another command's answer)."""
    try:
        data = safe_json.loads(text)
    except ValueError:
        return None
    ports = data.get("switchports") if isinstance(data, dict) else None
    if not isinstance(ports, dict):
        return None
    rows: dict[str, dict[str, Any]] = {}
    for name, port in ports.items():
        info = port.get("switchportInfo") if isinstance(port, dict) else None
        if not isinstance(info, dict):
            return None
        mode = str(info.get("mode", "")) if port.get("enabled", True) else "switchport disabled"
        rows[name] = {"admin_mode": mode, "oper_mode": mode,
                      "access_vlan": info.get("accessVlanId"), "access_vlan_name": info.get("accessVlanName", ""),
                      "native_vlan": info.get("trunkingNativeVlanId"), "trunk_vlans": info.get("trunkAllowedVlans")}
    return rows
