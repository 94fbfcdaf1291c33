"""Role mapping: turn the role, node and group names a task uses into the devices of this rack.

A task names roles (``edge``, ``core``) and topology nodes (``r1``) so the same task runs on a lab
whose routers are ``r1``.. and on a rack whose routers are ``rtr-01``... Which device plays which
topology node comes from ``netassess.collect.assign.assign_nodes`` (``--map NODE=dev``, ``--map
ROLE=devs``, ``data.node``, same name), so push and run always agree. Roles, strongest first:
1. ``--map role=dev[,dev]`` on the command line;
2. ``data: {roles: [...]}`` on a host in the inventory;
3. the task's own ``roles:`` map, its topology nodes translated to the devices playing them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from nornir.core.inventory import Inventory

from netassess.checks.base import DeviceContext
from netassess.collect.inventory import host_groups, host_roles
from netassess.errors import SpecError, UsageError


def parse_map_options(items: Iterable[str]) -> dict[str, list[str]]:
    """``["edge=rtr-01", "core=rtr-02,rtr-03"]`` -> ``{"edge": ["rtr-01"], "core": ["rtr-02", "rtr-03"]}``."""
    out: dict[str, list[str]] = {}
    for item in items:
        role, sep, nodes = item.partition("=")
        names = [n.strip() for n in nodes.split(",") if n.strip()]
        if not sep or not role.strip() or not names:
            raise UsageError(f"--map {item!r}: expected role=node (or role=node1,node2)")
        out.setdefault(role.strip(), []).extend(names)
    return out


@dataclass
class RoleMap:
    """Which devices play each role, and which inventory groups hold which devices."""

    roles: dict[str, list[str]]
    groups: dict[str, list[str]]
    devices: dict[str, DeviceContext]
    topology_groups: dict[str, list[str]] = field(default_factory=dict)
    nodes: dict[str, str] = field(default_factory=dict)  # topology node -> device playing it

    def resolve(self, selectors: Iterable[str], where: str) -> list[str]:
        """Devices named by role, node or group selectors (``all`` = every device), in inventory order."""
        chosen: set[str] = set()
        for sel in selectors:
            if sel in ("all", "*"):
                chosen.update(self.devices)
            elif sel in self.roles:
                chosen.update(self.roles[sel])
            elif sel in self.nodes:
                chosen.add(self.nodes[sel])
            elif sel in self.devices:
                chosen.add(sel)
            elif sel in self.groups:
                chosen.update(self.groups[sel])
            elif sel in self.topology_groups:
                chosen.update(self.nodes.get(n, n) for n in self.topology_groups[sel] if self.nodes.get(n, n) in self.devices)
            else:
                known = ", ".join(sorted(set(self.roles) | set(self.groups))) or "none"
                raise SpecError(
                    f"{where}: target {sel!r} is no role, device or group of this inventory "
                    f"(roles/groups: {known}); fix the task or pass --map {sel}=<device>"
                )
        return [d for d in self.devices if d in chosen]


def build_role_map(
    inventory: Inventory,
    task_roles: Mapping[str, str | list[str]] | None,
    overrides: Mapping[str, list[str]] | None = None,
    topology_groups: Mapping[str, list[str]] | None = None,
    nodes: Mapping[str, str] | None = None,
) -> RoleMap:
    """Resolve roles against ``inventory`` with the precedence documented above.

    ``nodes`` maps topology nodes to the devices playing them; ``--map`` keys naming a node (not a
    role) only act through it.
    """
    nodes = dict(nodes or {})
    overrides = {k: v for k, v in (overrides or {}).items() if k not in nodes or k in (task_roles or {})}
    roles: dict[str, list[str]] = {}
    for role, members in (task_roles or {}).items():
        listed = [members] if isinstance(members, str) else list(members)
        roles[role] = [nodes.get(n, n) for n in listed]
    declared: dict[str, list[str]] = {}
    for host in inventory.hosts.values():
        for role in host_roles(host):
            declared.setdefault(role, []).append(host.name)
        node = host.get("node", None)  # data.node: the topology node this rack device plays (as push uses it)
        if node is not None and str(node) not in inventory.hosts:
            declared.setdefault(str(node), []).append(host.name)
    roles.update(declared)
    roles.update(overrides)
    for role, members in roles.items():
        unknown = [n for n in members if n not in inventory.hosts]
        if unknown:
            origin = "--map" if role in overrides else ("inventory data.roles" if role in declared else "task roles")
            raise UsageError(
                f"role {role!r} ({origin}) names {', '.join(unknown)}, not in the inventory "
                f"(hosts: {', '.join(sorted(inventory.hosts))}); pass --map {role}=<host>"
            )
    groups: dict[str, list[str]] = {}
    devices: dict[str, DeviceContext] = {}
    for host in inventory.hosts.values():
        for g in host_groups(host):
            groups.setdefault(g, []).append(host.name)
    for host in inventory.hosts.values():
        host_role_names = tuple(sorted(r for r, members in roles.items() if host.name in members))
        interface_map = tuple(sorted((str(k), str(v)) for k, v in (host.get("interface_map", None) or {}).items()))
        devices[host.name] = DeviceContext(name=host.name, platform=str(host.platform), roles=host_role_names,
                                           interface_map=interface_map)
    return RoleMap(roles=roles, groups=groups, devices=devices, topology_groups=dict(topology_groups or {}), nodes=nodes)
