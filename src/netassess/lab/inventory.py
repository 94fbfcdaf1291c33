"""A running lab as a Nornir SimpleInventory (hosts / groups / defaults dicts).

Logins use the lab's key, so no password is ever written:
* ``netmiko`` logs in as the login user (``admin``), whose shell on a router is vtysh, so
  ``device_type: cisco_ios`` drives it exactly like an IOS-style CLI; on Linux hosts it is bash
  (``device_type: linux``).
* ``napalm`` (drivers ``napalm_frr`` / ``napalm_netassess_linux``) logs in as the automation user, whose
  shell is bash: the driver runs vtysh, ``ip -j`` and ``frr-reload.py`` from there.
Both verify host keys against the lab's ``known_hosts`` file (a node with another key is refused).
Connection options sit in the ``platform_frr`` / ``platform_linux`` groups; role, group, labels,
namespace and FRR pathspace go into each host's ``data``, with ``netassess: {push: allowed, lab: true}``:
the nodes are throwaway lab equipment, so ``netassess push`` may change (and replace) their config.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from netassess.lab.state import LabState
from netassess.platforms import napalm_driver

PLATFORM_GROUPS = {"frr": "platform_frr", "linux": "platform_linux", "ovs": "platform_ovs"}
NETMIKO_DEVICE_TYPE = {"frr": "cisco_ios", "linux": "linux", "ovs": "linux"}  # a switch's login shell is bash


def _ssh_extras(state: LabState) -> dict[str, Any]:
    key = state.credentials.key_file
    if not key:
        return {}
    return {"use_keys": True, "key_file": key, "allow_agent": False}


def _netmiko_host_keys(state: LabState) -> dict[str, Any]:
    """netmiko's own options for trusting only the lab's known_hosts (paramiko RejectPolicy)."""
    known_hosts = state.credentials.known_hosts
    if not known_hosts:
        return {}
    return {"ssh_strict": True, "system_host_keys": False, "alt_host_keys": True, "alt_key_file": known_hosts}


def _napalm_args(state: LabState, platform: str) -> dict[str, Any]:
    napalm_args: dict[str, Any] = dict(_ssh_extras(state))
    if state.credentials.known_hosts:
        napalm_args["known_hosts"] = state.credentials.known_hosts  # napalm_frr/napalm_netassess_linux refuse other keys
    if platform == "frr":
        napalm_args["shell"] = "linux"
    return napalm_args


def _platform_group(state: LabState, platform: str) -> dict[str, Any]:
    extras = _ssh_extras(state)
    napalm_args = _napalm_args(state, platform)
    return {
        "platform": platform,
        "data": {"platform": platform},
        "connection_options": {
            "netmiko": {
                "platform": NETMIKO_DEVICE_TYPE.get(platform, platform),
                "extras": {**extras, **_netmiko_host_keys(state)},
            },
            "napalm": {
                "platform": napalm_driver(platform),  # linux → netassess_linux, for plain nornir_napalm too
                "username": state.credentials.automation_user,
                "extras": {"optional_args": napalm_args},
            },
        },
    }


def nornir_inventory(state: LabState) -> dict[str, dict[str, Any]]:
    """``{"hosts": …, "groups": …, "defaults": …}`` in Nornir SimpleInventory form."""
    hosts: dict[str, Any] = {}
    groups: dict[str, Any] = {}
    for name, node in sorted(state.nodes.items()):
        platform_group = PLATFORM_GROUPS.get(node.platform, f"platform_{node.platform}")
        groups.setdefault(platform_group, _platform_group(state, node.platform))
        host_groups = [platform_group]
        if node.group:
            groups.setdefault(node.group, {"data": {"lab_group": node.group}})
            host_groups.insert(0, node.group)
        host_options: dict[str, Any] = {}
        if node.lldpcli:  # Nornir takes extras whole from the first level that has them: repeat the group's
            host_options["napalm"] = {"extras": {"optional_args": {**_napalm_args(state, node.platform),
                                                                   "lldpcli": node.lldpcli}}}
        if state.runtime == "containerlab" and node.platform == "frr":
            # FRR images run no sshd: the FRR driver reaches the router with `docker exec`
            host_options["napalm"] = {
                "platform": "frr",
                "extras": {"optional_args": {"transport": "docker", "container": node.namespace}},
            }
        hosts[name] = {
            "hostname": node.mgmt_ipv4,
            "port": 22,
            "platform": node.platform,
            "groups": host_groups,
            "data": {
                "role": node.kind,
                "lab": state.name,
                "node": name,
                "group": node.group,
                "labels": dict(node.labels),
                "clab_kind": node.clab_kind,
                "image": node.image,
                "namespace": node.namespace,
                "pathspace": node.pathspace,
                "mgmt_ipv4": node.mgmt_ipv4,
                "interfaces": list(node.interfaces),
                "netassess": {"push": "allowed", "lab": True},  # lab equipment: push may change it (push/policy.py)
                "shell": {
                    "username": state.credentials.automation_user,
                    "key_file": state.credentials.key_file,
                    "netmiko_device_type": "linux",
                },
            },
        }
        if host_options:
            hosts[name]["connection_options"] = host_options
    defaults = {
        "username": state.credentials.login_user,
        "port": 22,
        "data": {
            "lab": state.name,
            "runtime": state.runtime,
            "topology": state.topology,
            "mgmt_subnet": state.mgmt_subnet,
            "known_hosts": state.credentials.known_hosts,
        },
    }
    return {"hosts": hosts, "groups": groups, "defaults": defaults}


def write_inventory(state: LabState, directory: Path | str) -> dict[str, Path]:
    """Write hosts.yaml, groups.yaml and defaults.yaml into ``directory``; return their paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    inv = nornir_inventory(state)
    paths: dict[str, Path] = {}
    for part in ("hosts", "groups", "defaults"):
        path = directory / f"{part}.yaml"
        path.write_text(
            f"# Nornir SimpleInventory for lab {state.name} (written by `netassess lab inventory`)\n"
            + yaml.safe_dump(inv[part], sort_keys=False, default_flow_style=False)
        )
        paths[part] = path
    return paths
