"""The ``md`` format: a short Markdown summary to paste into a pull request or a ticket.

Check messages are untrusted (they quote device state), so every cell is escaped: Markdown
renderers pass raw HTML through, and a ``|`` would break the table.
"""

from __future__ import annotations

import html
from typing import ClassVar

from netassess.report.base import ReportContext, register_report
from netassess.report.outcomes import fmt_points, group_by_check, headline, percent, status_counts, waits_capped
from netassess.results import RunResult, Status

ICON = {Status.PASS: "✅ pass", Status.FAIL: "❌ fail", Status.ERROR: "⚠️ error", Status.SKIP: "⏭️ skip"}


def cell(value: object) -> str:
    text = html.escape(str(value), quote=False)
    return text.replace("|", "\\|").replace("\r", "").replace("\n", "<br>").replace("`", "\\`")


def _when(result: RunResult) -> str:
    secs = (result.finished - result.started).total_seconds()
    return f"{result.started:%Y-%m-%d %H:%M:%S} UTC, {secs:.1f} s"


def _header(result: RunResult) -> list[str]:
    score = result.score
    title = result.task.title or result.task.id
    counts = status_counts(result.results)
    complete = "yes" if result.complete else f"**no** — {counts[Status.ERROR]} check(s) could not be judged"
    rows = [
        ("Task", f"`{cell(result.task.id)}` v{cell(result.task.version)} (sha256 `{result.task.sha256[:12]}…`)"),
        ("Candidate", cell(result.candidate or "—")),
        ("Assessor", cell(result.assessor or "—")),
        ("Run", f"{_when(result)}, mode {result.mode}, netassess {cell(result.tool_version)}"),
        ("Score", f"{fmt_points(score.awarded)} / {fmt_points(score.possible)} ({score.percent:g}%), "
                  f"pass mark {score.pass_mark:g}%"),
        ("Grade", f"**{headline(result)}**"),
        ("Complete", complete),
        ("Checks", ", ".join(f"{n} {s.value}" for s, n in counts.items())),
    ]
    if result.filters is not None:
        rows.append(("Filtered", f"**yes** — {cell(result.filters.describe())}"))
    if result.max_wait is not None:
        rows.append(("Waits capped", f"**yes** — {cell(waits_capped(result.max_wait))}"))
    lines = [f"# {cell(title)}: {headline(result)} ({score.percent:g}%)", "", "| | |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in rows]
    return lines


def _skills(result: RunResult) -> list[str]:
    if not result.skills:
        return []
    lines = ["", "## Skills", "", "| Skill | Points | % | Minimum | Met |", "|---|---:|---:|---:|---|"]
    for code, s in result.skills.items():
        pct = percent(s.awarded, s.possible)
        lines.append(
            f"| {cell(code)} | {fmt_points(s.awarded)} / {fmt_points(s.possible)} | {'—' if pct is None else f'{pct:g}%'} "
            f"| {'—' if s.minimum is None else f'{s.minimum:g}%'} | {'yes' if s.met else '**no**'} |"
        )
    return lines


def _checks(result: RunResult, show_hints: bool) -> list[str]:
    lines = ["", "## Checks", "", "| Status | Check | Target | Points | Message |", "|---|---|---|---:|---|"]
    for group in group_by_check(result.results):
        for r in group.results:
            lines.append(
                f"| {ICON[r.status]} | `{cell(r.check_id)}` | {cell(r.target)} "
                f"| {fmt_points(r.points_awarded)} / {fmt_points(r.points_possible)} | {cell(r.message)} |"
            )
    hints = [r for r in result.results if r.hint and r.status in (Status.FAIL, Status.ERROR)]
    if show_hints and hints:
        lines += ["", "### Hints", ""]
        lines += [f"- `{cell(r.check_id)}` on {cell(r.target)}: {cell(r.hint)}" for r in hints]
    return lines


def _devices(result: RunResult) -> list[str]:
    if not result.devices:
        return []
    lines = ["", "## Devices", "", "| Device | Platform | Hostname | OS version | Model | Status |", "|---|---|---|---|---|---|"]
    for name, info in result.devices.items():
        facts = info.facts or {}
        status = f"⚠️ {cell(info.error)}" if info.error else "reached"
        lines.append(
            f"| {cell(name)} | {cell(info.platform)} | {cell(facts.get('hostname', '—'))} "
            f"| {cell(facts.get('os_version', '—'))} | {cell(facts.get('model', '—'))} | {status} |"
        )
    return lines


@register_report
class MarkdownReport:
    name: ClassVar[str] = "md"
    extension: ClassVar[str] = "md"

    def render(self, ctx: ReportContext) -> str:
        result = ctx.result
        lines = _header(result) + _skills(result) + _checks(result, ctx.show_hints) + _devices(result)
        return "\n".join(lines) + "\n"
