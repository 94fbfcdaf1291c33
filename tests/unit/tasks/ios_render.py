"""Render a shipped task's IOS stages and read them back the way IOS tooling does (hier_config).

There is no IOS device here, so the IOS templates are proven offline: the text must parse into
the expected IOS hierarchy, and the resulting interfaces, OSPF statements and security lines must
carry the plan. ``after_solution`` uses hier_config's ``future()`` to predict the device after the
solution is merged onto the setup; it only models additions reliably, so it is used where the
setup holds no ``no …`` lines.
"""

from __future__ import annotations

import ipaddress
import re
from pathlib import Path

from hier_config import HConfig, Platform, get_hconfig, get_hconfig_view

from netassess.spec.loaded import LoadedTask
from netassess.spec.loader import load_task
from netassess.spec.stages import render_stage

REPO = Path(__file__).resolve().parents[3]
TASKS = REPO / "tasks"

# Interface-level commands that must never appear at the top level (a lost indent or a missing
# "interface" line would apply them to the wrong context, or fail on the device).
SUBCOMMANDS = re.compile(r"^(ip address|ipv6 address|description|ip ospf|no "
    r"shutdown|shutdown|network|passive-interface|router-id|access-class|transport input|login|permit|deny)\b")
IOS_IFNAME = re.compile(r"^(GigabitEthernet\d+/\d+|Loopback\d+)$")


def load(task_id: str) -> LoadedTask:
    return load_task(TASKS / f"{task_id}.yaml")


def render(loaded: LoadedTask, stage: str, node: str) -> str:
    text = render_stage(loaded, stage, node, "ios")
    assert text is not None, f"{loaded.task.id}: no ios template for {stage}"
    return text


def parse(text: str) -> HConfig:
    config = get_hconfig(Platform.CISCO_IOS, text)
    for child in config.children:
        assert not SUBCOMMANDS.match(child.text), f"interface/router sub-command at top level: {child.text!r}"
    return config


def after_solution(loaded: LoadedTask, node: str) -> HConfig:
    """The device's config once setup then solution are merged into it."""
    setup = parse(render(loaded, "setup", node))
    return setup.future(parse(render(loaded, "solution", node)))


def interface_addresses(config: HConfig) -> dict[str, list[ipaddress.IPv4Interface]]:
    view = get_hconfig_view(config)
    out = {}
    for interface in view.interface_views:
        assert IOS_IFNAME.match(interface.name), f"not an IOS interface name: {interface.name}"
        out[interface.name] = [ipaddress.IPv4Interface(str(i)) for i in interface.ipv4_interfaces]
    return out


def ospf_networks(config: HConfig) -> list[tuple[ipaddress.IPv4Network, str]]:
    """``network A.B.C.D WILDCARD area N`` → (network, area), as IOS reads a wildcard."""
    out = []
    for router in config.get_children(startswith="router ospf "):
        for child in router.get_children(startswith="network "):
            _, address, wildcard, _, area = child.text.split()
            # IOS wildcard: 0.0.0.0 matches one address, 0.0.0.3 a /30 (not a netmask).
            length = 32 - bin(int(ipaddress.IPv4Address(wildcard))).count("1")
            out.append((ipaddress.IPv4Network(f"{address}/{length}"), area))
    return out


def covered_by_ospf(config: HConfig, address: ipaddress.IPv4Interface) -> bool:
    return any(address.ip in network for network, _ in ospf_networks(config))
