"""Progress over attempts as inline SVG: one line per skill (percent of its points), plus the
overall score, against the attempt number. No script and no external asset, so it sits in the
CSP-locked HTML report; every label is escaped (skill codes come from task files)."""

from __future__ import annotations

from markupsafe import Markup, escape

from netassess.history.db import Attempt

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 48, 110, 20, 40
PALETTE = ["#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#ad1457", "#4e342e", "#558b2f"]
OVERALL = "overall"


def _skill_sort(code: str) -> tuple[str, int]:
    return (code[:1], int(code[1:]) if code[1:].isdigit() else 0)


def series(attempts: list[Attempt]) -> dict[str, list[float | None]]:
    """``{"overall": [...], "S2": [...], …}``: percent per attempt (None where a skill was not assessed)."""
    skills = sorted({s for a in attempts for s in a.skills}, key=_skill_sort)
    out: dict[str, list[float | None]] = {OVERALL: [a.percent for a in attempts]}
    for skill in skills:
        out[skill] = [a.skill_percent(skill) for a in attempts]
    return out


def progress_svg(attempts: list[Attempt], title: str = "Progress per skill over attempts") -> Markup:
    data = series(attempts)
    n = len(attempts)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(i: int) -> float:
        return LEFT + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y(pct: float) -> float:
        return TOP + plot_h * (1 - pct / 100)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
        f'aria-labelledby="progress-title" class="progress-chart">',
        f'<title id="progress-title">{escape(title)}</title>',
    ]
    for pct in (0, 25, 50, 75, 100):
        parts.append(f'<line x1="{LEFT}" y1="{y(pct):.1f}" x2="{LEFT + plot_w}" y2="{y(pct):.1f}" stroke="#e0e0e0"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y(pct) + 4:.1f}" text-anchor="end" class="axis">{pct}%</text>')
    for i in range(n):
        parts.append(f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" class="axis">{i + 1}</text>')
    parts.append(f'<text x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 6}" text-anchor="middle" class="axis">attempt</text>')
    for index, (name, values) in enumerate(data.items()):
        colour = "#263238" if name == OVERALL else PALETTE[(index - 1) % len(PALETTE)]
        width = 3 if name == OVERALL else 2
        points = [(x(i), y(v)) for i, v in enumerate(values) if v is not None]
        parts.append(f'<g class="series" data-series="{escape(name)}">')
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="{width}"/>')
        for (px, py), value in zip(points, [v for v in values if v is not None], strict=True):
            parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{colour}">'
                         f"<title>{escape(name)}: {value:g}%</title></circle>")
        ly = TOP + 16 * index + 8
        parts.append(f'<rect x="{WIDTH - RIGHT + 12}" y="{ly - 8}" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{WIDTH - RIGHT + 30}" y="{ly + 2}" class="legend">{escape(name)}</text>')
        parts.append("</g>")
    parts.append("</svg>")
    return Markup("\n".join(parts))
