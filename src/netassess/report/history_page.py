"""The standalone history page (`netassess history --html`): one progress chart per candidate and
task. A report format's neighbour, so the history package stays below the report code."""

from __future__ import annotations

from netassess.history.chart import progress_svg
from netassess.history.db import Attempt
from netassess.report.html import environment


def history_html(groups: dict[tuple[str | None, str], list[Attempt]]) -> str:
    charts = [(candidate or "(no candidate id)", task, len(items), progress_svg(items, f"{candidate or ''} {task}"))
              for (candidate, task), items in groups.items()]
    return environment().get_template("history.html.j2").render(charts=charts)
