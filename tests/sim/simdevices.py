"""Simulated switches for FakeNOS: each command answers with a recorded real capture (tests/fixtures/SOURCES.md).

A device here is a set of captures from several real devices (cited file by file), so the
expectations in the tests follow each file's content, not one consistent switch. Only the
session commands netmiko sends itself answer with the text netmiko waits for.
"""

from __future__ import annotations

import json
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

# IOS's real answer to a command it does not know; NAPALM's ios driver falls back on it
IOS_INVALID = "% Invalid input detected at '^' marker."
EOS_INVALID = "% Invalid input"

IOS_HOSTNAME = "NS2903-ASW-01"  # the hostname in ios/show_version__c2960.raw (the prompt must match it)
EOS_HOSTNAME = "localhost"      # eos/show_hostname.json
JUNOS_HOSTNAME = "vmx1"

IOS_COMMANDS = {
    "show version": "ios/show_version__c2960.raw",
    "show hosts": "ios/show_hosts__c2960.raw",
    "show ip interface brief": "ios/show_ip_interface_brief__c2960.raw",
    "show interfaces": "ios/show_interfaces.raw",
    "show vlan all-ports": "ios/show_vlan_all_ports.raw",
    "show mac address-table": "ios/show_mac_address_table__3560.raw",
    "show interfaces switchport": "ios/show_interfaces_switchport.raw",
    "show ip ospf neighbor": "ios/show_ip_ospf_neighbor__p2p.raw",
}
EOS_COMMANDS = {
    "show version | json": "eos/show_version.json",
    "show hostname | json": "eos/show_hostname.json",
    "show interfaces | json": "eos/show_interfaces.json",
    "show vlan | json": "eos/show_vlan.json",
    "show mac address-table | json": "eos/show_mac_address_table.json",
    "show interfaces switchport | json": "eos/show_interfaces_switchport__eapi.json",
    "show ip ospf neighbor": "eos/show_ip_ospf_neighbor.raw",
}

JUNOS_COMMANDS = {"show ospf neighbor": "junos/show_ospf_neighbor.raw"}


def _answer(rel: str) -> str:
    """The file's text; a recorded eAPI JSON-RPC reply answers with its last result, as the CLI prints it."""
    text = (FIXTURES / rel).read_text().rstrip("\n")
    if rel.endswith("__eapi.json"):
        return json.dumps(json.loads(text)["result"][-1], indent=2)
    return text


def _commands(files: dict[str, str], session: dict[str, str | None], invalid: str) -> dict[str, dict]:
    cmds: dict[str, dict] = {k: {"output": _answer(v)} for k, v in files.items()}
    cmds.update({k: {"output": v} for k, v in session.items()})
    cmds["enable"] = {"output": None, "new_prompt": "{base_prompt}#"}
    cmds["_default_"] = {"output": invalid}
    return cmds


def ios_nos() -> dict:
    """netmiko cisco_ios sends ``terminal width 511`` / ``terminal length 0``; IOS prints nothing back."""
    return {"name": "netassess_ios", "initial_prompt": "{base_prompt}>",
            "commands": _commands(IOS_COMMANDS, {"terminal width 511": "", "terminal length 0": ""}, IOS_INVALID)}


def eos_nos() -> dict:
    """netmiko arista_eos waits for ``Width set to`` and ``Pagination disabled`` after its session commands."""
    session = {"terminal width 511": "Width set to 511 columns.", "terminal length 0": "Pagination disabled."}
    return {"name": "netassess_eos", "initial_prompt": "{base_prompt}>",
            "commands": _commands(EOS_COMMANDS, session, EOS_INVALID)}


def junos_nos() -> dict:
    """netmiko juniper_junos sets width, complete-on-space and length, waiting for Junos's replies."""
    session = {"set cli screen-width 511": "Screen width set to 511",
               "set cli complete-on-space off": "Disabling complete-on-space",
               "set cli screen-length 0": "Screen length set to 0"}
    return {"name": "netassess_junos", "initial_prompt": "netassess@{base_prompt}>",
            "commands": _commands(JUNOS_COMMANDS, session, "unknown command.")}
