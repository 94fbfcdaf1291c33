"""The cost curve of benchmarks/run_scale.py as a self-contained SVG: seconds against routers.

One line per series (``netassess run``, SSH floor + probe, naive sequential netmiko), drawn on a
log–log grid so 32 and 256 routers, and 4 s and 500 s, are all readable; every point is labelled
with its value. No external assets, fonts or scripts: the file renders anywhere, including GitHub.
Redraw from saved figures: ``python benchmarks/scale_lib/cost_curve.py run_scale.json curve.svg``.
"""

from __future__ import annotations

import json
import math
import sys
from html import escape
from pathlib import Path

W, H = 780, 440
LEFT, RIGHT, TOP, BOTTOM = 70, 230, 50, 60
SERIES = [  # (row key, label, colour, dashed)
    ("cli_median_s", "netassess run (median)", "#1565c0", False),
    ("floor_plus_probe_s", "SSH floor + probe", "#2e7d32", True),
    ("baseline_s", "naive sequential netmiko", "#c62828", False),
]


def _ticks(lo: float, hi: float) -> list[float]:
    """1-2-5 steps covering [lo, hi] on a log axis."""
    out = []
    for exp in range(math.floor(math.log10(lo)), math.ceil(math.log10(hi)) + 1):
        out += [m * 10**exp for m in (1, 2, 5) if lo <= m * 10**exp <= hi]
    return out


def render(rows: list[dict], title: str, subtitle: str) -> str:
    """The SVG text for ``rows`` (one per size, as run_scale writes them to its JSON)."""
    xs = [float(r["routers"]) for r in rows]
    ys = [float(r[k]) for r in rows for k, *_ in SERIES if r.get(k)]
    if not xs or not ys:
        raise ValueError("no rows with timings to draw")
    x0, x1 = min(xs) / 1.3, max(xs) * 1.3
    y0, y1 = min(ys) / 1.6, max(ys) * 1.6
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM

    def px(x: float) -> float:
        return LEFT + pw * (math.log(x) - math.log(x0)) / (math.log(x1) - math.log(x0))

    def py(y: float) -> float:
        return TOP + ph * (1 - (math.log(y) - math.log(y0)) / (math.log(y1) - math.log(y0)))

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
           'font-family="sans-serif" font-size="12">',
           f'<rect width="{W}" height="{H}" fill="#fff"/>',
           f'<text x="{LEFT}" y="22" font-size="15" font-weight="bold">{escape(title)}</text>',
           f'<text x="{LEFT}" y="38" fill="#555">{escape(subtitle)}</text>']
    for t in _ticks(y0, y1):
        out.append(f'<line x1="{LEFT}" x2="{LEFT + pw}" y1="{py(t):.1f}" y2="{py(t):.1f}" stroke="#e0e0e0"/>')
        out.append(f'<text x="{LEFT - 6}" y="{py(t) + 4:.1f}" text-anchor="end">{t:g}</text>')
    for x in sorted(set(xs)):
        out.append(f'<line x1="{px(x):.1f}" x2="{px(x):.1f}" y1="{TOP}" y2="{TOP + ph}" stroke="#e0e0e0"/>')
        out.append(f'<text x="{px(x):.1f}" y="{TOP + ph + 16}" text-anchor="middle">{x:g}</text>')
    out.append(f'<rect x="{LEFT}" y="{TOP}" width="{pw}" height="{ph}" fill="none" stroke="#333"/>')
    out.append(f'<text x="{LEFT + pw / 2}" y="{H - 18}" text-anchor="middle">routers (log scale)</text>')
    out.append(f'<text transform="translate(18 {TOP + ph / 2}) rotate(-90)" text-anchor="middle">'
               'seconds (log scale)</text>')
    for i, (key, label, colour, dashed) in enumerate(SERIES):
        points = [(float(r["routers"]), float(r[key]), bool(r.get(key.replace("_s", "_estimated"))))
                  for r in rows if r.get(key)]
        if not points:
            continue
        dash = ' stroke-dasharray="6 4"' if dashed else ""
        path = " ".join(f"{'M' if j == 0 else 'L'}{px(x):.1f},{py(y):.1f}" for j, (x, y, _) in enumerate(points))
        out.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
        for x, y, estimated in points:
            out.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="4" fill="{"#fff" if estimated else colour}" '
                       f'stroke="{colour}" stroke-width="2"/>')
            out.append(f'<text x="{px(x) + 7:.1f}" y="{py(y) - 6:.1f}" fill="{colour}">{y:.3g} s'
                       f'{" (est.)" if estimated else ""}</text>')
        ly = TOP + 10 + 20 * i
        out.append(f'<line x1="{W - RIGHT + 14}" x2="{W - RIGHT + 38}" y1="{ly}" y2="{ly}" stroke="{colour}" '
                   f'stroke-width="2"{dash}/>')
        out.append(f'<text x="{W - RIGHT + 44}" y="{ly + 4}">{escape(label)}</text>')
    out.append(f'<text x="{W - RIGHT + 14}" y="{TOP + 80}" fill="#555">open circle: estimated</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def subtitle(about: dict, rows: list[dict]) -> str:
    """The machine and the load average during each size, under the title."""
    loads = ", ".join(f"{r['load_before']:.0f}-{r['load_after']:.0f}" for r in rows)
    return f"{about['cpus']} × {about['cpu'][:40]}, {about['ram_gb']} GB RAM; load average {loads}"


TITLE = "Cost of an assessment as routers grow (OSPF ring, 10 checks per router)"

if __name__ == "__main__":
    figures = json.loads(Path(sys.argv[1]).read_text())
    Path(sys.argv[2]).write_text(render(figures["rows"], TITLE, subtitle(figures["machine"], figures["rows"])))
