"""Rendering a task's ``setup`` / ``solution`` stage for one device.

One template per platform serves every node: the context tells it which node it is rendering
(``node``, ``node_index``, ``roles``) and that node's links from the topology, so addressing is
derived from parameters rather than copied per router. On a rack, ``hostname`` is the inventory
name of the device playing ``node``, and ``ifname()`` maps topology interface names to the
device's own (``interface_map`` in the host's inventory data, else the platform default).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from netassess.ifnames import interface_namer
from netassess.spec.loaded import LoadedTask
from netassess.spec.render import render_file, template_env

ROUTER_PLATFORMS_OFF_TOPOLOGY = frozenset({"ios", "eos", "junos", "iosxr", "nxos"})


def topology_links(loaded: LoadedTask) -> list[dict[str, Any]]:
    """``[{index: 1, a: {node, interface}, b: {node, interface}}, …]`` in topology order."""
    return [
        {"index": index, "a": {"node": link.a.device, "interface": link.a.interface},
         "b": {"node": link.b.device, "interface": link.b.interface}}  # fmt: skip
        for index, link in enumerate(loaded.topology.links, start=1)
    ]


def base_context(loaded: LoadedTask) -> dict[str, Any]:
    """What the brief, messages and check args may use: parameters, task identity, roles, nodes, links."""
    return {
        **loaded.params,
        "params": loaded.params,
        "task": {"id": loaded.task.id, "title": loaded.task.title, "version": loaded.task.version},
        "roles": loaded.roles(),
        "nodes": list(loaded.topology.nodes),
        "routers": [node.name for node in loaded.topology.routers()],
        "hosts": [node.name for node in loaded.topology.hosts()],
        "topology_links": topology_links(loaded),
    }


def device_context(
    loaded: LoadedTask,
    node: str,
    platform: str,
    *,
    hostname: str | None = None,
    interface_map: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The Jinja context for rendering a stage template for topology node ``node``."""
    ifname = interface_namer(platform, interface_map)
    links = []
    for index, link in enumerate(loaded.topology.links, start=1):
        a, b = link.a, link.b
        for me, peer, side in ((a, b, 0), (b, a, 1)):
            if me.device == node:
                peer_node = loaded.topology.nodes[peer.device]
                links.append({"index": index, "side": side, "interface": me.interface, "ifname": ifname(me.interface),
                              "peer": peer.device, "peer_interface": peer.interface,
                              "peer_is_host": peer_node.role == "host"})  # fmt: skip
    nodes = list(loaded.topology.nodes)
    routers = [r.name for r in loaded.topology.routers()]
    return {
        **base_context(loaded),
        "node": node,
        "node_index": nodes.index(node) + 1,
        "router_index": routers.index(node) + 1 if node in routers else None,
        "hostname": hostname or node,
        "platform": platform,
        "my_roles": loaded.node_roles(node),
        "links": links,
        "ifname": ifname,
    }


def stage_nodes(loaded: LoadedTask, stage: str, platform: str) -> list[str]:
    """Topology nodes a stage's ``platform`` template applies to when checked offline.

    A template for the node's own platform applies; so does a network-OS template (ios, eos…)
    for every router or switch node, since on a rack a Cisco router or switch plays that node.
    """
    targets = loaded.resolve_targets(loaded.stage(stage).targets)
    out = []
    for name in targets:
        node = loaded.topology.nodes[name]
        if node.platform == platform or (node.role in ("router", "switch") and platform in ROUTER_PLATFORMS_OFF_TOPOLOGY):
            out.append(name)
    return out


def render_stage(
    loaded: LoadedTask,
    stage: str,
    node: str,
    platform: str,
    *,
    hostname: str | None = None,
    interface_map: Mapping[str, str] | None = None,
) -> str | None:
    """The config text ``stage`` pushes to the device playing ``node``; None if no template for its platform."""
    template = loaded.stage_template(stage, platform)
    if template is None:
        return None
    context = device_context(loaded, node, platform, hostname=hostname, interface_map=interface_map)
    return render_file(template_env(loaded.root), loaded.root, template, context)
