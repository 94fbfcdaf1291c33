"""Switch nodes in the built-in lab: Open vSwitch on its userspace datapath, inside the node.

This kernel has no 802.1Q interfaces, no VLAN-filtering bridge and no openvswitch module, but OVS's
userspace datapath (``datapath_type=netdev``) switches VLANs itself, reading and writing the
node's veths through packet sockets. Each switch node runs its own ``ovsdb-server`` and
``ovs-vswitchd`` from the ``ovs`` image, inside the node's root: the database lives in the
node's overlay (``/etc/openvswitch/conf.db``), the sockets in ``/run/openvswitch``, bound from
``nodes/<node>/run-ovs`` so the runtime can see them from the host. Nothing touches the host's
OVS (there need not be one) and no host service starts.

One bridge, ``br0``, holds every lab link of the node as a port; ``eth0`` stays outside it and
carries the management address and sshd, as a switch's management port does. The lab users are in
the node's private ``openvswitch`` group, which owns the socket directory (setgid, 2770; the
daemons run with umask 007), so the unprivileged automation account can run ``ovs-vsctl``,
``ovs-appctl`` and ``ovs-ofctl`` against this switch and nothing else.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Mapping
from pathlib import Path

from napalm_ovs import candidate, ovsdb
from netassess.errors import SpecError
from netassess.lab.state import NodeState
from netassess.lab.topology import Node, Topology

OVS_GROUP = "openvswitch"
RUN_DIR = "/run/openvswitch"
DAEMONS = ("ovsdb-server", "ovs-vswitchd")
SCHEMA = "/usr/share/openvswitch/vswitch.ovsschema"


def run_dir(node_dir: Path) -> Path:
    """The host directory bound over the switch's /run/openvswitch."""
    return node_dir / "run-ovs"


def interfaces(topology: Topology, node: str) -> list[str]:
    return [ep.interface for link in topology.links for ep in link.endpoints if ep.device == node]


def startup(topology: Topology, node: Node) -> candidate.SwitchConfig:
    """The switch's configuration at boot: its startup config (in ``napalm_ovs.candidate``'s language)
    applied to factory settings. A bad line is refused before the lab creates anything (exit 2)."""
    factory = candidate.SwitchConfig.factory(interfaces(topology, node.name))
    if node.startup_config is None:
        return factory
    try:
        return candidate.apply_text(node.startup_config.read_text(), factory)
    except candidate.CandidateError as exc:
        raise SpecError(f"node {node.name}: startup config {node.startup_config}: {exc}") from None
    except OSError as exc:
        raise SpecError(f"node {node.name}: startup config {node.startup_config}: {exc.strerror}") from None


def check_switches(topology: Topology, plan: Mapping[str, object | None]) -> None:
    """Before anything is created: every switch runs on an image (OVS must never run from the host's
    filesystem) and its startup config parses."""
    for node in topology.switches():
        if plan.get(node.name) is None:
            raise SpecError(f"node {node.name}: a switch needs the ovs image; it cannot be mapped to hostfs")
        startup(topology, node)


def anchor_lines(merged_dev: str) -> list[str]:
    """The userspace datapath makes tap devices (its own ``ovs-netdev`` and the bridge's internal
    port): the node's minimal /dev gets /dev/net/tun. The taps are created in the node's netns."""
    q = shlex.quote
    return [f"mkdir -p {q(merged_dev)}/net", f": > {q(merged_dev)}/net/tun",
            f"mount --bind /dev/net/tun {q(merged_dev)}/net/tun"]


def boot_lines(topology: Topology, node: Node, node_dir: Path) -> list[str]:
    """Shell lines for the node's boot script (inside the node, as root): database, daemons, bridge,
    ports, then the startup config as one transaction and each port's admin state."""
    log = shlex.quote(str(node_dir / "boot.log"))
    q = shlex.quote
    ports = interfaces(topology, node.name)
    factory = candidate.SwitchConfig.factory(ports)
    bridge = ["add-br", ovsdb.BRIDGE, "--", "set", "Bridge", ovsdb.BRIDGE, "datapath_type=netdev"]
    for port in ports:
        bridge += ["--", "add-port", ovsdb.BRIDGE, port, "--", "set", "Port", port,
                   *ovsdb.port_columns(candidate.PortConfig())]
    config = ovsdb.transaction(factory, startup(topology, node))

    def fail(step: str, code: int) -> str:
        return f">> {log} 2>&1 || {{ echo 'Open vSwitch: {step} failed' >> {log}; exit {code}; }}"

    return [
        f"chgrp {OVS_GROUP} {RUN_DIR} && chmod 2770 {RUN_DIR} && mkdir -p /etc/openvswitch /var/log/openvswitch",
        f"ovsdb-tool create /etc/openvswitch/conf.db {SCHEMA} " + fail("ovsdb-tool", 13),
        f"(umask 007; exec ovsdb-server /etc/openvswitch/conf.db --remote=punix:{RUN_DIR}/db.sock "
        f"--pidfile={RUN_DIR}/ovsdb-server.pid --detach --log-file={q(str(node_dir / 'ovsdb-server.log'))}) "
        + fail("ovsdb-server", 13),
        # veths hand packets over with their checksums left to "hardware" (CHECKSUM_PARTIAL); with
        # virtio-net headers on its packet sockets the datapath keeps that state and TCP works
        "ovs-vsctl --no-wait init -- set Open_vSwitch . other_config:userspace-tso-enable=true " + fail("init", 13),
        f"(umask 007; exec ovs-vswitchd unix:{RUN_DIR}/db.sock --pidfile={RUN_DIR}/ovs-vswitchd.pid --detach "
        f"--log-file={q(str(node_dir / 'ovs-vswitchd.log'))}) " + fail("ovs-vswitchd", 14),
        "ovs-vsctl " + shlex.join(bridge) + " " + fail("bridge", 14),
        *([ovsdb.vsctl_line(config) + " " + fail("startup config", 15)] if config else []),
        *(line + " " + fail("port state", 15) for line in ovsdb.link_commands(factory, startup(topology, node))
          if line.endswith(" down")),
    ]


def pid_files(node_dir: Path) -> dict[str, Path]:
    return {d: run_dir(node_dir) / f"{d}.pid" for d in DAEMONS}


def health(node: NodeState, vty_alive: Callable[[Path], bool]) -> dict[str, bool]:
    """Is each OVS daemon answering on its control socket (vswitchd's carries its PID)?"""
    run = run_dir(Path(node.node_dir or ""))
    server, switchd = node.pids.get("ovsdb-server"), node.pids.get("ovs-vswitchd")
    return {"ovsdb-server": server is not None and vty_alive(run / "db.sock"),
            "ovs-vswitchd": switchd is not None and vty_alive(run / f"ovs-vswitchd.{switchd}.ctl")}
