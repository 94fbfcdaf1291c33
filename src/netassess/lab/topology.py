"""Containerlab topology files → a resolved, validated ``Topology``.

We read the containerlab format itself (not a dialect of it) so the same file runs under real
containerlab and under the built-in netns runtime. Inheritance follows containerlab:
defaults → kinds[kind] → groups[group] → node, with binds, env and labels merged (node wins)
and every other key overridden. Everything that can be wrong with the file is reported here,
before a runtime creates anything.
"""

from __future__ import annotations

import ipaddress
import re
import warnings
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from netassess.errors import SpecError
from netassess.lab.containment import contain
from netassess.lab.links import Endpoint, Link, parse_links
from netassess.platforms import is_frr_image, node_platform
from netassess.safe_yaml import LOAD_ERRORS, describe, safe_load_file
from netassess.spec.paths import paths_trusted

DEFAULT_MGMT_SUBNET = ipaddress.IPv4Network("172.20.20.0/24")
FRR_CONF_TARGET = "/etc/frr/frr.conf"
FRR_DAEMONS_TARGET = "/etc/frr/daemons"

# Node keys containerlab knows and the netns runtime acts on.
_NODE_KEYS = {"kind", "image", "group", "mgmt-ipv4", "mgmt-ipv6", "startup-config", "binds", "exec", "labels", "env"}
# Node keys containerlab knows that only matter to a container engine: accepted silently.
_CONTAINER_ONLY_KEYS = {
    "ports", "cmd", "entrypoint", "user", "network-mode", "cpu", "memory", "cpu-set", "shm-size",
    "restart-policy", "sysctls", "devices", "cap-add", "license", "enforce-startup-config",
    "suppress-startup-config", "auto-remove", "publish", "dns", "extras", "stages", "image-pull-policy",
    "runtime", "wait-for", "certificate", "healthcheck", "aliases", "type", "components", "config",
}
_TOP_KEYS = {"name", "prefix", "mgmt", "topology", "settings", "debug"}
_TOPOLOGY_KEYS = {"defaults", "kinds", "groups", "nodes", "links"}
_MGMT_KEYS = {"network", "ipv4-subnet", "ipv6-subnet", "ipv4-gw", "ipv6-gw", "bridge", "mtu", "external-access",
              "ipv4-range", "ipv6-range", "driver"}

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")

Role = Literal["router", "host", "switch"]
SWITCH_LABEL = "netassess.role"  # `netassess.role: switch` on a kind: linux node makes it a lab switch
SWITCH_KIND = "ovs-bridge"  # containerlab's Open vSwitch kind


class TopologyWarning(UserWarning):
    """Something in the topology file is ignored; the lab still comes up."""


class Bind(BaseModel):
    """One ``source:target[:mode]`` bind, with the source resolved against the topology file."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    source: Path
    target: str
    mode: str | None = None


class Node(BaseModel):
    """A node after inheritance: what a runtime needs to start it."""

    model_config = ConfigDict(extra="forbid")
    name: str
    kind: str  # the containerlab kind as written (linux, frr, nokia_srlinux…)
    role: Role
    platform: str  # 'frr' | 'linux' for the netns runtime; the NOS platform for other kinds
    image: str | None = None
    group: str | None = None
    mgmt_ipv4: ipaddress.IPv4Address | None = None  # as written or allocated, like containerlab
    mgmt_ipv6: ipaddress.IPv6Address | None = None
    startup_config: Path | None = None
    daemons_file: Path | None = None
    binds: list[Bind] = Field(default_factory=list)
    exec: list[str] = Field(default_factory=list)
    labels: dict[str, str] = Field(default_factory=dict)
    env: dict[str, str] = Field(default_factory=dict)


class Topology(BaseModel):
    """A containerlab topology, resolved and checked."""

    model_config = ConfigDict(extra="forbid")
    name: str
    path: Path
    prefix: str = "clab"
    mgmt_network: str = "clab"
    mgmt_subnet: ipaddress.IPv4Network = DEFAULT_MGMT_SUBNET
    nodes: dict[str, Node]
    links: list[Link] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    runtime: str | None = None  # the runtime this topology was checked for (None: any kind accepted)

    def container_name(self, node: str, lab_name: str | None = None) -> str:
        """Containerlab's container name, which the netns runtime uses as the namespace name."""
        lab = lab_name or self.name
        if self.prefix == "":
            return node
        if self.prefix == "__lab-name":
            return f"{lab}-{node}"
        return f"{self.prefix}-{lab}-{node}"

    def routers(self) -> list[Node]:
        return [n for n in self.nodes.values() if n.role == "router"]

    def hosts(self) -> list[Node]:
        return [n for n in self.nodes.values() if n.role == "host"]

    def switches(self) -> list[Node]:
        return [n for n in self.nodes.values() if n.role == "switch"]



def is_switch(kind: str, image: str | None, labels: dict[str, Any]) -> bool:
    """containerlab's ``kind: ovs-bridge``, or a ``kind: linux`` node labelled ``netassess.role: switch``
    or running an Open vSwitch image (``*openvswitch*``): the lab's OVS switch."""
    if kind == SWITCH_KIND:
        return True
    return kind == "linux" and (str(labels.get(SWITCH_LABEL, "")) == "switch" or "openvswitch" in (image or "").lower())


def _where(path: Path, loc: str) -> str:
    return f"{path}: {loc}"


def _mapping(value: Any, path: Path, loc: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise SpecError(f"{_where(path, loc)} must be a mapping, got {type(value).__name__}")
    return value


def _text(value: Any, path: Path, loc: str) -> str | None:
    if value is not None and not isinstance(value, str):
        raise SpecError(f"{_where(path, loc)} must be text, got {type(value).__name__}")
    return value


def _warn(msgs: list[str], msg: str) -> None:
    msgs.append(msg)
    warnings.warn(msg, TopologyWarning, stacklevel=3)


def _check_keys(
    raw: dict[str, Any], known: set[str], path: Path, loc: str, msgs: list[str], quiet: frozenset[str] | set[str] = frozenset()
) -> None:
    unknown = sorted(k for k in raw if k not in known and k not in quiet)
    if unknown:
        _warn(msgs, f"{_where(path, loc)}: unknown key(s) {', '.join(map(str, unknown))} ignored")


def _parse_bind(text: Any, base: Path, path: Path, loc: str) -> Bind:
    if not isinstance(text, str) or ":" not in text:
        raise SpecError(f"{_where(path, loc)}: bind {text!r} must be 'source:target[:ro|rw]'")
    parts = text.split(":")
    if len(parts) > 3 or not parts[0] or not parts[1].startswith("/"):
        raise SpecError(f"{_where(path, loc)}: bind {text!r} must be 'source:/absolute/target[:ro|rw]'")
    src = Path(parts[0]).expanduser()
    if not src.is_absolute():
        src = (base / src).resolve()
    return Bind(source=src, target=parts[1], mode=parts[2] if len(parts) == 3 else None)


def _merge_layers(layers: list[dict[str, Any]]) -> dict[str, Any]:
    """Containerlab precedence: later layers win; binds, env and labels merge."""
    out: dict[str, Any] = {}
    binds: dict[str, str] = {}
    env: dict[str, Any] = {}
    labels: dict[str, Any] = {}
    for layer in layers:
        for key, value in layer.items():
            if key == "binds" and isinstance(value, list):
                for b in value:
                    target = str(b).split(":")[1] if isinstance(b, str) and ":" in b else str(b)
                    binds[target] = b
            elif key == "env" and isinstance(value, dict):
                env.update(value)
            elif key == "labels" and isinstance(value, dict):
                labels.update(value)
            else:
                out[key] = value
    if binds:
        out["binds"] = list(binds.values())
    if env:
        out["env"] = env
    if labels:
        out["labels"] = labels
    return out


def _resolve_node(
    name: str, raw: dict[str, Any], topo: dict[str, Any], path: Path, msgs: list[str], runtime: str | None
) -> Node:
    loc = f"topology.nodes.{name}"
    if not _NAME.match(name):
        raise SpecError(f"{_where(path, loc)}: node name {name!r} may use letters, digits, '_', '.', '-' only")
    defaults = _mapping(topo.get("defaults"), path, "topology.defaults")
    groups = _mapping(topo.get("groups"), path, "topology.groups")
    kinds = _mapping(topo.get("kinds"), path, "topology.kinds")
    group = _text(raw.get("group"), path, f"{loc}.group")
    group_raw = _mapping(groups.get(group), path, f"topology.groups.{group}") if group else {}
    if group and group not in groups:
        _warn(msgs, f"{_where(path, loc)}: group {group!r} is not defined under topology.groups; used as a label only")
    kind = _text(raw.get("kind") or group_raw.get("kind") or defaults.get("kind"), path, f"{loc}.kind")
    if not kind:
        raise SpecError(f"{_where(path, loc)}: no kind (set kind on the node, its group or topology.defaults)")
    kind_raw = _mapping(kinds.get(kind), path, f"topology.kinds.{kind}")
    merged = _merge_layers([defaults, kind_raw, group_raw, raw])
    _check_keys(raw, _NODE_KEYS, path, loc, msgs, quiet=_CONTAINER_ONLY_KEYS)

    base = path.parent
    binds = [_parse_bind(b, base, path, f"{loc}.binds") for b in merged.get("binds") or []]
    image = _text(merged.get("image"), path, f"{loc}.image")
    for key in ("labels", "env"):
        _mapping(merged.get(key), path, f"{loc}.{key}")
    platform = node_platform(kind, image)
    role: Role = "host" if platform == "linux" else "router"
    if is_switch(kind, image, merged.get("labels") or {}):
        role, platform = "switch", "ovs"
    elif platform not in ("frr", "linux") and runtime == "netns":
        raise SpecError(
            f"{_where(path, loc)}: kind {kind!r} cannot run in the built-in netns lab (only FRR and Linux nodes); "
            "use --runtime containerlab"
        )

    startup = _text(merged.get("startup-config"), path, f"{loc}.startup-config")
    startup_path: Path | None = None
    if startup:
        startup_path = Path(str(startup)).expanduser()
        if not startup_path.is_absolute():
            startup_path = (base / startup_path).resolve()
    daemons: Path | None = None
    for b in binds:
        if b.target == FRR_CONF_TARGET and role != "switch":
            startup_path = b.source
        elif b.target == FRR_DAEMONS_TARGET:
            daemons = b.source
        elif runtime == "netns":
            _warn(msgs, f"{_where(path, loc)}: bind to {b.target} is ignored by the netns runtime")
    for label, file in (("startup config", startup_path), ("daemons file", daemons)):
        if file is not None and runtime is not None and not file.is_file():
            raise SpecError(f"{_where(path, loc)}: {label} {file} does not exist")

    exec_cmds = merged.get("exec") or []
    if not isinstance(exec_cmds, list) or not all(isinstance(c, str) for c in exec_cmds):
        raise SpecError(f"{_where(path, loc)}.exec must be a list of command strings")
    if runtime is not None and not paths_trusted():
        files = [*((f"bind {b.source}:{b.target}", b.source) for b in binds), ("startup-config", startup_path), ("daemons file", daemons)]
        contain(path, _where(path, loc), files, exec_cmds)

    def _ip(key: str, cls: type) -> Any:
        value = raw.get(key)
        if value in (None, ""):
            return None
        try:
            return cls(str(value))
        except ValueError:
            raise SpecError(f"{_where(path, loc)}.{key}: {value!r} is not a valid address") from None

    try:
        return Node(
            name=name, kind=kind, role=role, platform=platform, image=image, group=group,
            mgmt_ipv4=_ip("mgmt-ipv4", ipaddress.IPv4Address), mgmt_ipv6=_ip("mgmt-ipv6", ipaddress.IPv6Address),
            startup_config=startup_path, daemons_file=daemons, binds=binds, exec=exec_cmds,
            labels={str(k): str(v) for k, v in (merged.get("labels") or {}).items()},
            env={str(k): str(v) for k, v in (merged.get("env") or {}).items()},
        )
    except ValidationError as exc:  # a value of the wrong type that no check above caught
        err = exc.errors()[0]
        raise SpecError(f"{_where(path, loc)}.{'.'.join(map(str, err['loc']))}: {err['msg']}") from None


def allocate_mgmt(nodes: dict[str, Node], subnet: ipaddress.IPv4Network, path: Path) -> None:
    """Give nodes without mgmt-ipv4 the next free address, as containerlab does (.1 is the gateway)."""
    gateway = next(subnet.hosts())
    taken: dict[ipaddress.IPv4Address, str] = {}
    for node in nodes.values():
        ip = node.mgmt_ipv4
        if ip is None:
            continue
        if ip not in subnet or ip in (subnet.network_address, subnet.broadcast_address):
            raise SpecError(f"{path}: topology.nodes.{node.name}.mgmt-ipv4 {ip} is not a host address in {subnet}")
        if ip == gateway:
            raise SpecError(f"{path}: topology.nodes.{node.name}.mgmt-ipv4 {ip} is the management gateway; pick another")
        if ip in taken:
            raise SpecError(f"{path}: topology.nodes.{node.name}.mgmt-ipv4 {ip} is already used by {taken[ip]}")
        taken[ip] = node.name
    free = (ip for ip in subnet.hosts() if ip != gateway and ip not in taken)
    for node in nodes.values():
        if node.mgmt_ipv4 is None:
            try:
                node.mgmt_ipv4 = next(free)
            except StopIteration:
                raise SpecError(f"{path}: management subnet {subnet} has no free address for {node.name}") from None


def load_topology(path: Path | str, *, runtime: str | None = None, mgmt_subnet: str | None = None) -> Topology:
    """Read and resolve a containerlab file.

    ``runtime=None`` (reading a topology to draw it, or to enrich an inventory) accepts every
    containerlab kind. ``runtime="netns"`` also refuses kinds the built-in lab cannot run and warns
    about binds it ignores; any runtime requires the startup-config and daemons files to exist.
    """
    path = Path(path).expanduser().resolve()
    try:
        raw = safe_load_file(path)
    except FileNotFoundError:
        raise SpecError(f"{path}: topology file not found") from None
    except LOAD_ERRORS as exc:
        raise SpecError(describe(path, exc)) from None
    raw = _mapping(raw, path, "top level")
    msgs: list[str] = []
    _check_keys(raw, _TOP_KEYS, path, "top level", msgs)
    name = raw.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise SpecError(f"{path}: 'name' is required and may use letters, digits, '_', '.', '-' only")
    prefix = raw.get("prefix", "clab")
    prefix = "" if prefix is None else str(prefix)
    mgmt = _mapping(raw.get("mgmt"), path, "mgmt")
    _check_keys(mgmt, _MGMT_KEYS, path, "mgmt", msgs)
    subnet_text = mgmt_subnet or mgmt.get("ipv4-subnet")
    try:
        subnet = ipaddress.IPv4Network(subnet_text) if subnet_text else DEFAULT_MGMT_SUBNET
    except ValueError:
        raise SpecError(f"{path}: mgmt.ipv4-subnet {subnet_text!r} is not an IPv4 network like 172.20.20.0/24") from None
    if subnet.prefixlen > 29:
        raise SpecError(f"{path}: mgmt.ipv4-subnet {subnet} is too small; use a /24")
    topo = _mapping(raw.get("topology"), path, "topology")
    _check_keys(topo, _TOPOLOGY_KEYS, path, "topology", msgs)
    raw_nodes = _mapping(topo.get("nodes"), path, "topology.nodes")
    if not raw_nodes:
        raise SpecError(f"{path}: topology.nodes is empty; a lab needs at least one node")
    nodes = {
        str(n): _resolve_node(str(n), _mapping(v, path, f"topology.nodes.{n}"), topo, path, msgs, runtime)
        for n, v in raw_nodes.items()
    }
    if mgmt_subnet is not None:
        for node in nodes.values():  # addresses from the file belong to the file's subnet
            if node.mgmt_ipv4 is not None and node.mgmt_ipv4 not in subnet:
                node.mgmt_ipv4 = ipaddress.IPv4Address(int(subnet.network_address) + (int(node.mgmt_ipv4) & int(subnet.hostmask)))
    allocate_mgmt(nodes, subnet, path)
    links = parse_links(topo.get("links"), set(nodes), path)
    return Topology(
        name=name,
        path=path,
        prefix=prefix,
        mgmt_network=str(mgmt.get("network", "clab")),
        mgmt_subnet=subnet,
        nodes=nodes,
        links=links,
        warnings=msgs,
        runtime=runtime,
    )


__all__ = ["Bind", "Endpoint", "Link", "Node", "Topology", "TopologyWarning", "is_frr_image", "load_topology"]
