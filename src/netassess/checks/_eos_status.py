"""Arista EOS ``show interfaces status`` → one row per port: its mode and access VLAN.

No real capture of EOS ``show interfaces switchport`` (or ``show interfaces trunk``) was found to
prove a parser against, but real ``show interfaces status`` captures were (tests/fixtures/SOURCES.md).
Its Vlan column says the access VLAN, ``trunk``, ``routed`` or ``in Po49`` (a port-channel member).
EOS has no DTP, so the configured mode is the operating mode. Which VLANs a port is in comes from
the VLAN table (``_switch_state``); the native VLAN of a trunk is shown nowhere here.

The table is fixed-width and its Name column holds free text (``- DISABLED routed (``) or nothing,
so a row cannot be split on spaces: each row is cut at the header's column starts.
"""

from __future__ import annotations

import re
from typing import Any

_HEADER = re.compile(r"^Port\s+Name\s+Status\s+(?P<vlan>Vlan\s+)\S")


def parse_interfaces_status(text: str) -> dict[str, dict[str, Any]] | None:
    """``{port: {admin_mode, oper_mode, access_vlan}}``; None if the text has no status table."""
    lines = text.splitlines()
    found = next(((at, m) for at, line in enumerate(lines) if (m := _HEADER.match(line))), None)
    if found is None:
        return None
    at, header = found
    vlan_from, vlan_to = header.span("vlan")
    rows: dict[str, dict[str, Any]] = {}
    for line in lines[at + 1:]:
        if not line.strip() or line[0].isspace():
            continue
        vlan = line[vlan_from:vlan_to].strip()
        mode = _mode(vlan)
        rows[line.split()[0]] = {"admin_mode": mode, "oper_mode": mode,
                                 "access_vlan": int(vlan) if vlan.isdigit() else None}
    return rows


def _mode(vlan: str) -> str:
    if vlan.isdigit():
        return "access"
    if vlan.startswith("in "):
        return f"member of {vlan[3:]}"
    return vlan  # trunk, routed
