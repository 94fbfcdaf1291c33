"""Role mapping: turn the role, node and group names a task uses into the devices of this rack.

A task names roles (``edge``, ``core``) so the same task runs on a lab whose routers are ``r1``..
and on a rack whose routers are ``rtr-01``... Precedence, strongest first:
1. ``--map role=node[,node]`` on the command line;
2. ``data: {roles: [...]}`` on a host in the inventory;
3. the task's own ``roles:`` map (which names topology nodes).
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

    def resolve(self, selectors: Iterable[str], where: str) -> list[str]:
        """Devices named by role, node or group selectors (``all`` = every device), in inventory order."""
        chosen: set[str] = set()
        for sel in selectors:
            if sel in ("all", "*"):
                chosen.update(self.devices)
            elif sel in self.roles:
                chosen.update(self.roles[sel])
            elif sel in self.devices:
                chosen.add(sel)
            elif sel in self.groups:
                chosen.update(self.groups[sel])
            elif sel in self.topology_groups:
                chosen.update(d for d in self.topology_groups[sel] if d in self.devices)
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
) -> RoleMap:
    """Resolve roles against ``inventory`` with the precedence documented above."""
    overrides = dict(overrides or {})
    roles: dict[str, list[str]] = {}
    for role, nodes in (task_roles or {}).items():
        roles[role] = [nodes] if isinstance(nodes, str) else list(nodes)
    declared: dict[str, list[str]] = {}
    for host in inventory.hosts.values():
        for role in host_roles(host):
            declared.setdefault(role, []).append(host.name)
        node = host.get("node", None)  # data.node: the topology node this rack device plays (as push uses it)
        if node is not None and str(node) not in inventory.hosts:
            declared.setdefault(str(node), []).append(host.name)
    roles.update(declared)
    roles.update(overrides)
    for role, nodes in roles.items():
        unknown = [n for n in nodes if n not in inventory.hosts]
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
        host_role_names = tuple(sorted(r for r, nodes in roles.items() if host.name in nodes))
        devices[host.name] = DeviceContext(name=host.name, platform=str(host.platform), roles=host_role_names)
    return RoleMap(roles=roles, groups=groups, devices=devices, topology_groups=dict(topology_groups or {}))
