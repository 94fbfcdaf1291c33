"""The ``table`` format: results grouped by check, PASS/FAIL/ERROR/SKIP per target, then the score.

Modelled on ``netlab validate``: an assessor reads down one check at a time and sees, per device
or link, the verdict and the message that says what was expected and what was found. Hints are
shown for failed checks only when the context asks for them (practice mode).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import ClassVar

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from netassess.report.base import ReportContext, register_report
from netassess.report.outcomes import headline, waits_capped
from netassess.results import CheckResult, Grade, Level, RunResult, Status

STATUS_STYLE = {
    Status.PASS: ("PASS", "bold green"),
    Status.FAIL: ("FAIL", "bold red"),
    Status.ERROR: ("ERROR", "bold magenta"),
    Status.SKIP: ("SKIP", "yellow"),
}
GRADE_STYLE = {Grade.DISTINCTION: "bold green", Grade.PASS: "green", Grade.FAIL: "bold red"}


def _fmt(points: float) -> str:
    return f"{points:g}" if points == round(points, 2) else f"{points:.2f}"


def _by_check(results: Iterable[CheckResult]) -> dict[str, list[CheckResult]]:
    grouped: dict[str, list[CheckResult]] = {}
    for r in results:
        grouped.setdefault(r.check_id, []).append(r)
    return grouped


def header(result: RunResult) -> RenderableType:
    t = result.task
    lines = Text()
    lines.append(f"{t.title or t.id}", style="bold")
    lines.append(f"  (task {t.id} v{t.version}, mode {result.mode})\n")
    who = [f"candidate {result.candidate}" if result.candidate else "", f"assessor {result.assessor}" if result.assessor else ""]
    if any(who):
        lines.append(", ".join(w for w in who if w) + "\n")
    for name, dev in result.devices.items():
        lines.append(f"  {name:<12}", style="bold")
        lines.append(f" {dev.platform:<6}")
        if dev.error:
            lines.append(f" {dev.error}\n", style="magenta")
        else:
            facts = dev.facts or {}
            lines.append(f" {facts.get('hostname', '')} {facts.get('os_version', '')}".rstrip() + "\n")
    return lines


def check_block(check_id: str, results: list[CheckResult], show_hints: bool) -> RenderableType:
    first = results[0]
    possible = sum(r.points_possible for r in results)
    awarded = sum(r.points_awarded for r in results)
    title = Text()
    title.append(f"[{check_id}]", style="bold cyan")
    title.append(f" {first.type}")
    if first.level is Level.WARNING:
        title.append("  warning, not scored", style="yellow")
    else:
        title.append(f"  {_fmt(awarded)}/{_fmt(possible)} pts")
        if first.level is Level.OPTIONAL:
            title.append(" (optional, bonus)", style="dim")
    if first.skills:
        title.append(f"  {' '.join(first.skills)}", style="dim")
    table = Table.grid(padding=(0, 2))
    table.add_column(width=5, no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column()
    for r in results:
        label, style = STATUS_STYLE[r.status]
        table.add_row(Text(label, style=style), Text(r.target), Text(r.message))
        if show_hints and r.hint and r.status is not Status.PASS:
            table.add_row("", "", Text(f"hint: {r.hint}", style="italic yellow"))
    return Group(title, table, Text(""))


def summary(result: RunResult) -> RenderableType:
    s = result.score
    counts = {st: sum(1 for r in result.results if r.status is st) for st in Status}
    line = Text()
    line.append("Score ", style="bold")
    line.append(f"{_fmt(s.awarded)}/{_fmt(s.possible)} points, {s.percent:.1f}%  ")
    line.append(f"grade {headline(result)}", style=GRADE_STYLE[s.grade] if result.complete else "bold magenta")
    mark = f"  (pass mark {_fmt(s.pass_mark)}%"
    mark += f", distinction {_fmt(s.distinction_mark)}%)" if s.distinction_mark is not None else ")"
    line.append(mark, style="dim")
    line.append(
        f"\n{counts[Status.PASS]} pass, {counts[Status.FAIL]} fail, {counts[Status.ERROR]} error, {counts[Status.SKIP]} skip"
    )
    if not result.complete:
        line.append("\nINCOMPLETE: errors prevented a full assessment; errors earn no points (see ERROR lines)", style="bold magenta")
    if result.filters is not None:
        line.append(f"\nFILTERED: {result.filters.describe()}", style="bold yellow")
    if result.max_wait is not None:
        line.append(f"\nWAITS CAPPED: {waits_capped(result.max_wait)}", style="bold yellow")
    skills = Table(title=None, show_edge=False, header_style="bold")
    for col in ("skill", "awarded", "possible", "%", "minimum", "met"):
        skills.add_column(col, justify="right" if col not in ("skill", "met") else "left")
    for code, sk in result.skills.items():
        pct = 100.0 * sk.awarded / sk.possible if sk.possible else 0.0
        skills.add_row(
            code, _fmt(sk.awarded), _fmt(sk.possible), f"{pct:.1f}",
            "" if sk.minimum is None else f"{_fmt(sk.minimum)}%",
            Text("yes", style="green") if sk.met else Text("NO", style="bold red"),
        )
    return Group(line, Text(""), skills)


def renderables(ctx: ReportContext) -> list[RenderableType]:
    result = ctx.result
    out: list[RenderableType] = [header(result), Text("")]
    for check_id, results in _by_check(result.results).items():
        out.append(check_block(check_id, results, ctx.show_hints))
    out.append(summary(result))
    return out


def print_report(ctx: ReportContext, console: Console | None = None) -> None:
    """Print the table report, in colour on a terminal."""
    console = console or Console()
    for item in renderables(ctx):
        console.print(item)


@register_report
class ConsoleTable:
    """Plain-text rendering of the console report (``results.txt``), for files and pipes."""

    name: ClassVar[str] = "table"
    extension: ClassVar[str] = "txt"

    def render(self, ctx: ReportContext) -> str:
        console = Console(record=True, width=120, file=_NullFile(), color_system=None, force_terminal=False)
        print_report(ctx, console)
        return console.export_text()


class _NullFile(io.StringIO):
    """Discards what is written: ``record=True`` already keeps the text to export."""

    def write(self, _: str) -> int:
        return 0
