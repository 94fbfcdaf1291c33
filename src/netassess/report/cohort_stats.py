"""What an assessor reads first about a cohort: how the scores spread, and which checks most
candidates failed (what to teach again). Pure functions over the cohort's latest attempts; the
distribution is inline SVG (no script, no external asset) for the CSP-locked cohort page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup

from netassess.results import Level, RunResult, Status

BINS = 10  # 0–9 %, 10–19 %, …, 90–100 %
WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 640, 220, 36, 36, 16


def score_bins(percents: Iterable[float | None]) -> list[int]:
    """How many candidates scored in each tenth (100 % counts in the top bin; no score, nowhere)."""
    bins = [0] * BINS
    for pct in percents:
        if pct is not None:
            bins[min(int(pct // (100 / BINS)), BINS - 1)] += 1
    return bins


def distribution_svg(bins: list[int], pass_mark: float | None = None) -> Markup:
    top = max(bins + [1])
    plot_w, plot_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    bar_w = plot_w / BINS
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
             'aria-labelledby="dist-title" class="distribution">',
             '<title id="dist-title">Distribution of candidates\' scores</title>']
    for i, count in enumerate(bins):
        h = plot_h * count / top
        x, y = LEFT + i * bar_w, TOP + plot_h - h
        label = f"{i * 10}–{100 if i == BINS - 1 else i * 10 + 9}%"
        parts.append(f'<g class="bin" data-bin="{i * 10}" data-count="{count}">'
                     f'<title>{label}: {count} candidate(s)</title>'
                     f'<rect x="{x + 2:.1f}" y="{y:.1f}" width="{bar_w - 4:.1f}" height="{h:.1f}" fill="#1565c0"/>'
                     + (f'<text x="{x + bar_w / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle" class="axis">{count}</text>'
                        if count else "")
                     + f'<text x="{x + bar_w / 2:.1f}" y="{HEIGHT - BOTTOM + 14}" text-anchor="middle" class="axis">'
                       f"{i * 10}</text></g>")
    if pass_mark is not None:
        px = LEFT + plot_w * pass_mark / 100
        parts.append(f'<line x1="{px:.1f}" y1="{TOP}" x2="{px:.1f}" y2="{TOP + plot_h}" stroke="#c62828" '
                     f'stroke-dasharray="4 3" class="pass-mark"><title>pass mark {pass_mark:g}%</title></line>')
    parts.append(f'<text x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 4}" text-anchor="middle" class="axis">score %</text>')
    parts.append("</svg>")
    return Markup("\n".join(parts))


@dataclass
class FailedCheck:
    task: str
    check_id: str
    failed: int  # candidates with at least one target failing (or in error) on this check
    assessed: int  # candidates this check was judged for

    @property
    def share(self) -> float:
        return round(100 * self.failed / self.assessed, 1) if self.assessed else 0.0


def most_failed(latest: Iterable[RunResult], limit: int = 10) -> list[FailedCheck]:
    """Checks by how many candidates failed them, most first (warnings, which never score, left out)."""
    counts: dict[tuple[str, str], list[int]] = {}
    for result in latest:
        seen: dict[str, bool] = {}
        for r in result.results:
            if r.level is Level.WARNING or r.status is Status.SKIP:
                continue
            seen[r.check_id] = seen.get(r.check_id, False) or r.status in (Status.FAIL, Status.ERROR)
        for check_id, failed in seen.items():
            entry = counts.setdefault((result.task.id, check_id), [0, 0])
            entry[0] += int(failed)
            entry[1] += 1
    rows = [FailedCheck(task, check, failed, total) for (task, check), (failed, total) in counts.items() if failed]
    return sorted(rows, key=lambda f: (-f.failed, f.task, f.check_id))[:limit]
