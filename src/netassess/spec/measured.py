"""The live-only parts of a task, rendered and checked against the topology at load time: the
mutations that must break each check (``validate --live --mutate``) and the change window's probes.

They are checked when the task loads, like check arguments, so a misspelt node or interface is a
``validate`` error, never a proof that silently mutates nothing.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any

from netassess.spec.models import Mutation, Window
from netassess.spec.render import RenderError, render_text

Problem = tuple[tuple[str | int, ...], str]


@dataclass(frozen=True)
class RenderedMutation:
    """One mutation ready to apply: config lines rendered with the parameters, or a link to shut."""

    node: str
    config: str | None = None
    link_down: str | None = None

    def describe(self) -> str:
        if self.link_down is not None:
            return f"{self.node}: link {self.link_down} down"
        lines = [ln.strip() for ln in (self.config or "").splitlines() if ln.strip() and ln.strip() not in ("!", "exit")]
        return f"{self.node}: " + " / ".join(lines)


@dataclass(frozen=True)
class RenderedProbe:
    source: str
    targets: tuple[str, ...]


@dataclass(frozen=True)
class RenderedWindow:
    probes: tuple[RenderedProbe, ...]
    interval: float
    max_duration: float


def _interfaces(topology: Any, node: str) -> list[str]:
    return sorted(ep.interface for link in topology.links for ep in link.endpoints if ep.device == node)


def render_mutations(mutations: list[Mutation], topology: Any, context: dict[str, Any],
                     loc: tuple[str | int, ...]) -> tuple[list[RenderedMutation], list[Problem]]:
    """The check's mutations, each on a node of the topology (a router, a switch or a host: how
    its config is changed is decided from the lab's node at proof time), on one of its link interfaces."""
    out: list[RenderedMutation] = []
    problems: list[Problem] = []
    for index, mutation in enumerate(mutations):
        where = (*loc, "mutations", index)
        if mutation.node not in topology.nodes:
            nodes = ", ".join(sorted(topology.nodes))
            problems.append(((*where, "node"), f"{mutation.node!r} is not a node of the topology (nodes: {nodes})"))
            continue
        if mutation.link_down is not None:
            known = _interfaces(topology, mutation.node)
            if mutation.link_down not in known:
                problems.append(((*where, "link_down"), f"{mutation.node} has no link on {mutation.link_down!r} "
                                                        f"(its links: {', '.join(known) or 'none'})"))
                continue
            out.append(RenderedMutation(mutation.node, link_down=mutation.link_down))
            continue
        try:
            out.append(RenderedMutation(mutation.node, config=render_text(mutation.config or "", context)))
        except RenderError as exc:
            problems.append(((*where, "config"), exc.message))
    return out, problems


def render_window(window: Window, topology: Any, context: dict[str, Any]) -> tuple[RenderedWindow | None, list[Problem]]:
    """Probes from topology nodes to literal addresses (after rendering): the window sends nothing elsewhere."""
    probes: list[RenderedProbe] = []
    problems: list[Problem] = []
    for index, probe in enumerate(window.probes):
        where: tuple[str | int, ...] = ("window", "probes", index)
        if probe.source not in topology.nodes:
            problems.append(((*where, "from"), f"{probe.source!r} is not a node of the topology "
                                               f"(nodes: {', '.join(topology.nodes)})"))
            continue
        targets = []
        for t_index, text in enumerate(probe.to):
            try:
                value = render_text(text, context).strip()
                address = ipaddress.ip_address(value.split("/")[0])
            except RenderError as exc:
                problems.append(((*where, "to", t_index), exc.message))
                continue
            except ValueError:
                problems.append(((*where, "to", t_index), f"{value!r} is not an IP address; probes ping addresses"))
                continue
            if address.is_loopback or address.is_multicast or address.is_unspecified or address in topology.mgmt_subnet:
                problems.append(((*where, "to", t_index), f"{address} is not a lab address (loopback, multicast, "
                                                          "unspecified or on the management network); probe lab links"))
            else:
                targets.append(str(address))
        probes.append(RenderedProbe(probe.source, tuple(targets)))
    if problems:
        return None, problems
    return RenderedWindow(tuple(probes), window.interval, window.max_duration), []
