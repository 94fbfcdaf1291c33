"""Which inventory device plays which topology node of a task, and what config it gets.

Stage templates are written per topology node (r1's links, r1's loopback), so a push must know
the node each device plays. In order of precedence:
1. ``--map NODE=device`` naming a topology node;
2. ``--map ROLE=dev1,dev2`` naming a task role: devices pair with the role's nodes in order;
3. ``data: {node: r1}`` on the host in the inventory;
4. a device whose name is the node's name (every lab built from the task's topology).
"""

from __future__ import annotations

from collections.abc import Mapping

from nornir.core.inventory import Inventory

from netassess.errors import UsageError
from netassess.spec.loaded import LoadedTask


def assign_nodes(loaded: LoadedTask, inventory: Inventory, mapping: Mapping[str, list[str]] | None = None) -> dict[str, str]:
    """``{topology node: inventory host}`` for every node some device plays."""
    mapping = dict(mapping or {})
    hosts = inventory.hosts
    roles = loaded.roles()
    chosen: dict[str, str] = {}

    def take(node: str, host: str, origin: str) -> None:
        if host not in hosts:
            raise UsageError(f"{origin}: {host!r} is not in the inventory (hosts: {', '.join(sorted(hosts))})")
        if node in chosen and chosen[node] != host:
            raise UsageError(f"{origin}: node {node} is already played by {chosen[node]}; map each node once")
        other = next((n for n, h in chosen.items() if h == host and n != node), None)
        if other is not None:
            raise UsageError(f"{origin}: {host} already plays node {other}; one device plays one node")
        chosen[node] = host

    for key, devices in mapping.items():
        if key in loaded.topology.nodes:
            if len(devices) != 1:
                raise UsageError(f"--map {key}={','.join(devices)}: a topology node is played by exactly one device")
            take(key, devices[0], f"--map {key}")
        elif key in roles:
            nodes = roles[key]
            if len(devices) != len(nodes):
                raise UsageError(
                    f"--map {key}={','.join(devices)}: role {key} has {len(nodes)} node(s) ({', '.join(nodes)}); "
                    f"give {len(nodes)} device(s) in the same order"
                )
            for node, device in zip(nodes, devices, strict=True):
                take(node, device, f"--map {key}")
        else:
            known = ", ".join(sorted({*roles, *loaded.topology.nodes}))
            raise UsageError(f"--map {key}=…: {key!r} is neither a role nor a node of task {loaded.id} (known: {known})")
    for host in hosts.values():
        node = host.get("node", None)
        if node is not None and node not in chosen:
            if node not in loaded.topology.nodes:
                raise UsageError(f"inventory host {host.name}: data.node {node!r} is not a node of {loaded.topology_path.name}")
            take(str(node), host.name, f"inventory host {host.name} data.node")
    for node in loaded.topology.nodes:
        if node not in chosen and node in hosts and host_free(chosen, node):
            chosen[node] = node
    return chosen


def host_free(chosen: Mapping[str, str], host: str) -> bool:
    return host not in chosen.values()
