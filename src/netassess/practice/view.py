"""What practice shows, separated from how: the loop emits ``Frame``s, a ``View`` renders them.

``RichView`` is the live terminal view; ``PlainView`` prints a line per assessment (no TTY, CI);
``RecordingView`` keeps the frames so a test can assert on the sequence of states."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from rich.console import Console, Group
from rich.live import Live
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from netassess.results import RunResult, Status


@dataclass
class Frame:
    kind: str  # "assessing" | "assessed" | "tick"
    round: int
    reason: str
    result: RunResult | None
    changed: list[str] = field(default_factory=list)
    elapsed_s: float = 0.0
    time_left_s: float | None = None
    note: str = ""  # about the clock: "resumed; started 14:02"

    def statuses(self) -> dict[tuple[str, str], Status]:
        """``{(check id, target): status}`` of the result shown (empty before the first)."""
        return {(r.check_id, r.target): r.status for r in self.result.results} if self.result else {}


class View(Protocol):
    def show(self, frame: Frame) -> None: ...


def clock_text(seconds: float) -> str:
    sign = "-" if seconds < 0 else ""
    minutes, secs = divmod(int(abs(seconds)), 60)
    return f"{sign}{minutes // 60}:{minutes % 60:02d}:{secs:02d}"


def summary_line(frame: Frame) -> str:
    r = frame.result
    if r is None:
        return "assessing…"
    passed = sum(1 for c in r.results if c.status is Status.PASS)
    grade = r.score.grade.value if r.complete else f"{r.score.grade.value}, incomplete"
    time = "" if frame.time_left_s is None else (
        f", {clock_text(frame.time_left_s)} left" if frame.time_left_s >= 0 else f", {clock_text(-frame.time_left_s)} over time")
    note = f" ({frame.note})" if frame.note else ""
    return f"{r.score.percent:g}% ({grade}), {passed}/{len(r.results)} checks pass{time}{note}"


class RecordingView:
    def __init__(self) -> None:
        self.frames: list[Frame] = []

    def show(self, frame: Frame) -> None:
        self.frames.append(frame)

    def assessed(self) -> list[Frame]:
        return [f for f in self.frames if f.kind == "assessed"]


class PlainView:
    """One line per assessment, the failing checks and their hints under it."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def show(self, frame: Frame) -> None:
        if frame.kind != "assessed" or frame.result is None:
            return
        self.console.print(f"[{frame.round}] {escape(frame.reason)}: {summary_line(frame)}", highlight=False)
        for r in frame.result.results:
            if r.status in (Status.FAIL, Status.ERROR):
                hint = f" (hint: {r.hint})" if r.hint else ""
                self.console.print(f"    {r.status.value.upper()} {r.check_id} {r.target}: {r.message}{hint}",
                                   highlight=False, markup=False)


_STYLE = {Status.PASS: "green", Status.FAIL: "red", Status.ERROR: "magenta", Status.SKIP: "dim"}


class RichView:
    """A live table (rich ``Live``): checks turning green, the score, hints, time left."""

    def __init__(self, console: Console, title: str, footer: str) -> None:
        self.console, self.title, self.footer = console, title, footer
        self.live = Live(Text("assessing…"), console=console, refresh_per_second=4, transient=False)
        self.last: Frame | None = None

    def __enter__(self) -> RichView:
        self.live.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.live.stop()

    def render(self, frame: Frame) -> Group:
        shown = frame if frame.result is not None or self.last is None else self.last
        table = Table(title=f"{escape(self.title)} — {summary_line(shown)}", show_edge=False, expand=True)
        for col in ("check", "target", "status", "what was found / hint"):
            table.add_column(col, overflow="fold")
        for r in shown.result.results if shown.result else []:
            style = _STYLE.get(r.status, "")
            detail = escape(r.message)
            if r.hint and r.status in (Status.FAIL, Status.ERROR):
                detail += f"\n[italic]hint:[/] {escape(r.hint)}"
            table.add_row(escape(r.check_id), escape(r.target), f"[{style}]{r.status.value}[/]", detail)
        state = "re-assessing… (" + escape(frame.reason) + ")" if frame.kind == "assessing" else (
            f"last change: {escape(frame.reason)}" if frame.kind == "assessed" else "watching for config changes")
        return Group(table, Text.from_markup(f"[dim]round {frame.round}: {state}. {escape(self.footer)}[/]"))

    def show(self, frame: Frame) -> None:
        self.live.update(self.render(frame))
        if frame.result is not None:
            self.last = frame
