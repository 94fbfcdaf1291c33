"""Topology interface names → a device's own: tasks are written against the containerlab topology
(``eth1``), racks name the same port ``GigabitEthernet0/1``. Stage templates (``ifname()``), link
ends and check arguments all translate through this one function, so they always agree.

Per device: its ``data.interface_map`` in the inventory, else the platform's containerlab default
(vrnetlab's vIOS maps ``ethN`` to ``GigabitEthernet0/N``, cEOS to ``EthernetN``, vJunos to
``ge-0/0/N-1``), else the name unchanged (FRR and Linux use the topology's names).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

_DEFAULT_IFNAMES: dict[str, str] = {"ios": "GigabitEthernet0/{n}", "eos": "Ethernet{n}", "junos": "ge-0/0/{m}"}
_DEFAULT_LOOPBACK: dict[str, str] = {"ios": "Loopback0", "eos": "Loopback0", "junos": "lo0"}
_ETH = re.compile(r"^eth(\d+)$")


def interface_namer(platform: str, interface_map: Mapping[str, str] | None = None) -> Callable[[str], str]:
    """A function topology-interface-name → this device's interface name."""
    mapping = dict(interface_map or {})
    pattern = _DEFAULT_IFNAMES.get(platform)

    def ifname(name: str) -> str:
        if name in mapping:
            return mapping[name]
        if name == "lo" and platform in _DEFAULT_LOOPBACK:
            return _DEFAULT_LOOPBACK[platform]
        match = _ETH.match(name)
        if pattern and match and int(match.group(1)) > 0:  # eth0 is containerlab's management port
            n = int(match.group(1))
            return pattern.format(n=n, m=n - 1)
        return name

    return ifname


def renames(platform: str, interface_map: Mapping[str, str] | None = None) -> bool:
    """Does this device name any interface differently from the topology?"""
    return bool(interface_map) or platform in _DEFAULT_IFNAMES
