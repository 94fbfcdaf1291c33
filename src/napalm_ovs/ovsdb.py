"""Open vSwitch's database as the switch's state: read with one ``ovs-vsctl`` call, written with one
``ovs-vsctl`` transaction (every ``--``-separated command of one call commits together or not at all).

Where each part of the configuration lives:

* a port's VLANs: the Port row's ``vlan_mode``/``tag``/``trunks`` (access: ``vlan_mode=access tag=V``;
  trunk: ``vlan_mode=native-untagged tag=NATIVE trunks=ALLOWED``, empty trunks meaning every VLAN);
* VLAN names: the bridge's ``external_ids:netassess-vlan-ID=NAME`` (OVS itself has no VLAN table);
* ``shutdown``: the Port's ``external_ids:netassess-shutdown=true``, made effective with
  ``ovs-ofctl mod-port BRIDGE PORT down`` (the kernel link goes down, as a shut switchport's does).
"""

from __future__ import annotations

import json
import re
import shlex
from typing import Any

from napalm_ovs.candidate import DEFAULT_VLAN, DEFAULT_VLAN_NAME, PortConfig, SwitchConfig

BRIDGE = "br0"
VLAN_KEY = "netassess-vlan-"
SHUTDOWN_KEY = "netassess-shutdown"

READ_COMMAND = (
    "ovs-vsctl --format=json --data=json"
    " -- --columns=name,vlan_mode,tag,trunks,external_ids list Port"
    " -- --columns=name,ofport,admin_state,link_state,mac_in_use list Interface"
    " -- --columns=name,external_ids,datapath_type list Bridge"
)
FDB_COMMAND = f"ovs-appctl fdb/show {BRIDGE}"


def _atom(value: Any) -> Any:
    """OVSDB JSON → Python: ``["set", [...]]`` → list, ``["map", [[k, v]…]]`` → dict, ``["uuid", u]`` → u."""
    if isinstance(value, list) and len(value) == 2 and isinstance(value[0], str):
        kind, body = value
        if kind == "set":
            return [_atom(v) for v in body]
        if kind == "map":
            return {_atom(k): _atom(v) for k, v in body}
        if kind in ("uuid", "named-uuid"):
            return body
    return value


def as_list(value: Any) -> list[Any]:
    """A one-element OVSDB set is printed as its bare atom; an empty one as ``[]``."""
    return value if isinstance(value, list) else [value]


def tables(text: str) -> list[list[dict[str, Any]]]:
    """The output of one ``ovs-vsctl --format=json`` call (one JSON table per command) → rows per table."""
    decoder = json.JSONDecoder()
    out: list[list[dict[str, Any]]] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        doc, pos = decoder.raw_decode(text, pos)
        while pos < len(text) and text[pos].isspace():
            pos += 1
        heads = doc.get("headings", [])
        out.append([{h: _atom(v) for h, v in zip(heads, row, strict=False)} for row in doc.get("data", [])])
    return out


def running_config(ports: list[dict[str, Any]], bridges: list[dict[str, Any]]) -> SwitchConfig:
    """The switch's configuration as recorded in its database."""
    cfg = SwitchConfig()
    for bridge in bridges:
        for key, name in (bridge.get("external_ids") or {}).items():
            if key.startswith(VLAN_KEY) and key[len(VLAN_KEY):].isdigit():
                cfg.vlans[int(key[len(VLAN_KEY):])] = str(name)
    cfg.vlans[DEFAULT_VLAN] = DEFAULT_VLAN_NAME
    bridge_names = {b["name"] for b in bridges}
    for row in ports:
        if row["name"] in bridge_names:  # the bridge's own internal port is not a switchport
            continue
        tag = as_list(row.get("tag"))
        trunks = frozenset(int(t) for t in as_list(row.get("trunks")))
        mode = as_list(row.get("vlan_mode"))
        shutdown = (row.get("external_ids") or {}).get(SHUTDOWN_KEY) == "true"
        vid = int(tag[0]) if tag else DEFAULT_VLAN
        if mode == ["access"] or (not mode and tag):
            cfg.ports[row["name"]] = PortConfig(mode="access", access_vlan=vid, shutdown=shutdown)
        else:
            cfg.ports[row["name"]] = PortConfig(mode="trunk", native=vid, allowed=trunks or None, shutdown=shutdown)
    return cfg


def transaction(running: SwitchConfig, target: SwitchConfig) -> list[str]:
    """The ``ovs-vsctl`` arguments (one transaction) that turn ``running`` into ``target``."""
    args: list[str] = []
    for vid in sorted(set(running.vlans) - set(target.vlans)):
        args += ["--", "remove", "Bridge", BRIDGE, "external_ids", f"{VLAN_KEY}{vid}"]
    for vid, name in sorted(target.vlans.items()):
        if vid != DEFAULT_VLAN and running.vlans.get(vid) != name:
            args += ["--", "set", "Bridge", BRIDGE, f"external_ids:{VLAN_KEY}{vid}={name}"]
    for name, port in sorted(target.ports.items()):
        old = running.ports.get(name)
        if old is not None and (old.mode, old.access_vlan, old.allowed, old.native) != (
                port.mode, port.access_vlan, port.allowed, port.native):
            args += ["--", "set", "Port", name, *port_columns(port)]
        if old is not None and old.shutdown != port.shutdown:
            args += (["--", "set", "Port", name, f"external_ids:{SHUTDOWN_KEY}=true"] if port.shutdown
                     else ["--", "remove", "Port", name, "external_ids", SHUTDOWN_KEY])
    return args


def port_columns(port: PortConfig) -> list[str]:
    if port.mode == "access":
        return ["vlan_mode=access", f"tag={port.access_vlan}", "trunks=[]"]
    trunks = "[]" if port.allowed is None else ",".join(str(v) for v in sorted(port.allowed))
    return ["vlan_mode=native-untagged", f"tag={port.native}", f"trunks={trunks}"]


def link_commands(running: SwitchConfig, target: SwitchConfig, everything: bool = False) -> list[str]:
    """``ovs-ofctl mod-port`` lines that make each port's admin state what ``target`` says (only
    the ports whose ``shutdown`` changed, unless ``everything``: the lab's boot sets them all)."""
    out = []
    for name, port in sorted(target.ports.items()):
        old = running.ports.get(name)
        if everything or (old is not None and old.shutdown != port.shutdown):
            out.append(f"ovs-ofctl mod-port {BRIDGE} {shlex.quote(name)} {'down' if port.shutdown else 'up'}")
    return out


def vsctl_line(args: list[str]) -> str:
    return "ovs-vsctl " + shlex.join(args)


_FDB_ROW = re.compile(r"^\s*(\S+)\s+(\d+)\s+([0-9a-fA-F:]{17})\s+(\d+)\s*$")


def mac_table(fdb_text: str, ofports: dict[int, str]) -> list[dict[str, Any]]:
    """``ovs-appctl fdb/show`` rows → NAPALM's MAC table entries (OpenFlow port numbers → names)."""
    out = []
    for line in fdb_text.splitlines():
        m = _FDB_ROW.match(line)
        if not m:
            continue
        port = m.group(1)
        name = ofports.get(int(port), port) if port.isdigit() else ("br0" if port == "LOCAL" else port)
        out.append({"mac": m.group(3).upper(), "interface": name, "vlan": int(m.group(2)), "static": False,
                    "active": True, "moves": -1, "last_move": float(m.group(4))})
    return out
