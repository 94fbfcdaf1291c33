"""The ``html`` format: one self-contained page an apprentice can read and an assessor can print.

No network and no external assets: CSS is inlined, the topology is inline SVG, and a
Content-Security-Policy (``default-src 'none'``, the one inline script pinned by hash) makes
the browser refuse anything else. Jinja2 autoescaping is on: check messages quote device state
and are untrusted.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

import jinja2
from markupsafe import Markup

from netassess.history.chart import progress_svg
from netassess.report.base import ReportContext, register_report
from netassess.report.diff import config_diffs
from netassess.report.outcomes import fmt_points, group_by_check, headline, percent, sanitised_configs, status_counts
from netassess.report.svg import diagram_from_results, diagram_from_topology, render_svg
from netassess.results import RunResult

# Open every <details> for printing (a closed one prints only its summary), restore afterwards.
PRINT_SCRIPT = (
    'window.addEventListener("beforeprint",function(){document.querySelectorAll("details").forEach('
    'function(d){d.dataset.wasOpen=d.open?"1":"0";d.open=true;});});'
    'window.addEventListener("afterprint",function(){document.querySelectorAll("details").forEach('
    'function(d){if(d.dataset.wasOpen==="0"){d.open=false;}});});'
)


def _csp(script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    return (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    )


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("netassess.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _uptime(seconds: Any) -> str:
    if not isinstance(seconds, (int, float)) or seconds < 0:
        return "—"
    days, rest = divmod(int(seconds), 86400)
    hours, rest = divmod(rest, 3600)
    return f"{days}d {hours}h {rest // 60}m" if days else f"{hours}h {rest // 60}m {rest % 60}s"


def _skill_titles() -> dict[str, str]:
    try:
        from netassess.spec.st0127 import ASSESSED_SKILLS
    except ImportError:  # the spec package is optional for rendering a results file
        return {}
    return dict(ASSESSED_SKILLS)


def topology_path(ctx: ReportContext) -> Path | None:
    """The containerlab file to draw: as given, else the one the results name, if it exists."""
    if ctx.topology is not None:
        return ctx.topology
    if ctx.result.topology and Path(ctx.result.topology).is_file():
        return Path(ctx.result.topology)
    return None


def diagram_svg(ctx: ReportContext) -> Markup | None:
    path = topology_path(ctx)
    diagram = diagram_from_topology(path) if path is not None else diagram_from_results(ctx.result)
    return render_svg(diagram, ctx.result) if diagram.nodes else None


def render_html(ctx: ReportContext) -> str:
    r: RunResult = ctx.result
    counts = {s.value: n for s, n in status_counts(r.results).items()}
    path = topology_path(ctx)
    return environment().get_template("report.html.j2").render(
        r=r,
        title=r.task.title or r.task.id,
        counts=counts,
        headline=headline(r),
        duration=(r.finished - r.started).total_seconds(),
        groups=group_by_check(r.results),
        svg=diagram_svg(ctx),
        topology_name=path.name if path else None,
        diffs=config_diffs(*sanitised_configs(ctx)),
        show_hints=ctx.show_hints,
        skill_titles=_skill_titles(),
        pts=fmt_points,
        pct=percent,
        uptime=_uptime,
        progress=progress_svg(ctx.history) if len(ctx.history) > 1 else None,
        attempts=len(ctx.history),
        script=Markup(PRINT_SCRIPT),
        csp=_csp(PRINT_SCRIPT),
    )


@register_report
class HtmlReport:
    name: ClassVar[str] = "html"
    extension: ClassVar[str] = "html"

    def render(self, ctx: ReportContext) -> str:
        return render_html(ctx)
