"""The topology diagram: containerlab nodes and links as inline SVG, coloured by check results.

Nodes take the worst status of the checks judged on that device; links the worst status of
the link checks on that link (see ``outcomes``). Without a topology file the diagram is drawn
from what the results name (devices, and links from link targets), so a re-rendered report
still has a picture. Every label is escaped: node and interface names come from user files.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup, escape

from netassess.report.outcomes import device_statuses, link_key, link_statuses
from netassess.results import RunResult, Status

COLOURS = {
    Status.PASS: "#2e7d32",
    Status.FAIL: "#c62828",
    Status.ERROR: "#7b1fa2",
    Status.SKIP: "#9e9e9e",
    None: "#90a4ae",
}
LABELS = {Status.PASS: "pass", Status.FAIL: "fail", Status.ERROR: "error", Status.SKIP: "skip", None: "not checked"}

WIDTH, HEIGHT = 720, 440
NODE_R = 30


@dataclass
class Diagram:
    """What to draw: node names (with role) and links between ``(device, interface)`` ends."""

    nodes: dict[str, str] = field(default_factory=dict)  # name -> role ("router" | "host")
    links: list[tuple[tuple[str, str], tuple[str, str]]] = field(default_factory=list)


def diagram_from_topology(path: Path) -> Diagram:
    """Read the containerlab file with the lab package's loader (the same file the lab ran)."""
    from netassess.lab.topology import load_topology

    topo = load_topology(path)
    nodes: dict[str, str] = {name: node.role for name, node in topo.nodes.items()}
    links = [((ln.a.device, ln.a.interface), (ln.b.device, ln.b.interface)) for ln in topo.links]
    return Diagram(nodes, links)


def diagram_from_results(result: RunResult) -> Diagram:
    """Fallback: the devices the run knew and the links its link checks named."""
    nodes = {name: ("host" if "host" in info.role else "router") for name, info in result.devices.items()}
    links: list[tuple[tuple[str, str], tuple[str, str]]] = []
    seen: set[frozenset[str]] = set()
    for r in result.results:
        if r.target_kind != "link" or "--" not in r.target:
            continue
        a, _, b = r.target.partition("--")
        if link_key(a, b) in seen or ":" not in a or ":" not in b:
            continue
        seen.add(link_key(a, b))
        (da, _, ia), (db, _, ib) = a.partition(":"), b.partition(":")
        for d in (da, db):
            nodes.setdefault(d, "router")
        links.append(((da, ia), (db, ib)))
    return Diagram(nodes, links)


def _layout(names: list[str]) -> dict[str, tuple[float, float]]:
    """Nodes evenly on an ellipse, first at the top: readable for the small labs tasks use."""
    cx, cy = WIDTH / 2, HEIGHT / 2 - 10
    rx, ry = WIDTH / 2 - 110, HEIGHT / 2 - 80
    if len(names) == 1:
        return {names[0]: (cx, cy)}
    if len(names) == 2:
        return {names[0]: (cx - rx * 0.7, cy), names[1]: (cx + rx * 0.7, cy)}
    pos = {}
    for i, name in enumerate(names):
        angle = -math.pi / 2 + 2 * math.pi * i / len(names)
        pos[name] = (round(cx + rx * math.cos(angle), 1), round(cy + ry * math.sin(angle), 1))
    return pos


def _label(x: float, y: float, text: str, cls: str) -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" class="{cls}" text-anchor="middle">{escape(text)}</text>'


def render_svg(diagram: Diagram, result: RunResult) -> Markup:
    """Inline SVG (no external references) with a legend; classes and data- attributes for tests."""
    dev_status = device_statuses(result)
    lnk_status = link_statuses(result)
    pos = _layout(list(diagram.nodes))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'role="img" aria-labelledby="topo-title" class="topology">',
        '<title id="topo-title">Lab topology coloured by check results</title>',
    ]
    for (da, ia), (db, ib) in diagram.links:
        if da not in pos or db not in pos:
            continue
        status = lnk_status.get(link_key(f"{da}:{ia}", f"{db}:{ib}"))
        (x1, y1), (x2, y2) = pos[da], pos[db]
        name = f"{da}:{ia}--{db}:{ib}"
        parts.append(
            f'<g class="link status-{LABELS[status].replace(" ", "-")}" data-link="{escape(name)}">'
            f"<title>{escape(name)}: {LABELS[status]}</title>"
            f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{COLOURS[status]}" stroke-width="5" stroke-linecap="round"/>'
        )
        for (x, y), (ox, oy), iface in (((x1, y1), (x2, y2), ia), ((x2, y2), (x1, y1), ib)):
            lx, ly = x + (ox - x) * 0.24, y + (oy - y) * 0.24
            parts.append(f'<rect x="{lx - 26:.1f}" y="{ly - 10:.1f}" width="52" height="16" rx="3" class="iface-bg"/>')
            parts.append(_label(lx, ly + 2, iface, "iface"))
        parts.append("</g>")
    for name, role in diagram.nodes.items():
        x, y = pos[name]
        status = dev_status.get(name)
        colour = COLOURS[status]
        parts.append(
            f'<g class="node status-{LABELS[status].replace(" ", "-")}" data-node="{escape(name)}">'
            f"<title>{escape(name)}: {LABELS[status]}</title>"
        )
        if role == "host":
            parts.append(f'<rect x="{x - NODE_R}" y="{y - NODE_R * 0.75}" width="{2 * NODE_R}" height="{1.5 * NODE_R}" '
                         f'rx="6" fill="{colour}" stroke="#263238" stroke-width="2"/>')
        else:
            parts.append(f'<circle cx="{x}" cy="{y}" r="{NODE_R}" fill="{colour}" stroke="#263238" stroke-width="2"/>')
        parts.append(_label(x, y + 5, name, "node-label"))
        parts.append(_label(x, y + NODE_R + 16, LABELS[status], "node-status"))
        parts.append("</g>")
    lx = 16
    for status in (Status.PASS, Status.FAIL, Status.ERROR, Status.SKIP, None):
        parts.append(f'<rect x="{lx}" y="{HEIGHT - 26}" width="14" height="14" rx="3" fill="{COLOURS[status]}"/>')
        parts.append(f'<text x="{lx + 20}" y="{HEIGHT - 14}" class="legend">{LABELS[status]}</text>')
        lx += 40 + 8 * len(LABELS[status])
    parts.append("</svg>")
    return Markup("\n".join(parts))
