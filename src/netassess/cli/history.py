"""``netassess history``: an apprentice's progress per skill over their attempts.

Exit codes: 0 shown (also when there is nothing recorded yet), 2 usage (unreadable database)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from netassess.errors import UsageError

if TYPE_CHECKING:
    from netassess.history import Attempt


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def register(app: typer.Typer) -> None:
    @app.command("history")
    def history_cmd(
        candidate: str | None = typer.Option(None, "--candidate", help="only this candidate's attempts"),
        task: str | None = typer.Option(None, "--task", help="only attempts at this task id"),
        history_db: Path | None = typer.Option(None, "--history-db", envvar="NETASSESS_HISTORY",
                                               help="history database (default $XDG_DATA_HOME/netassess/history.sqlite)"),
        html: Path | None = typer.Option(None, "--html", help="also write the progress chart(s) as a self-contained HTML page"),
        as_json: bool = typer.Option(False, "--json", help="print the attempts as JSON"),
    ) -> None:
        """Progress per skill over attempts (every run and check is recorded). Exit 0 shown, 2 unreadable database."""
        import sqlite3  # here, not at the top: every other command would load it at start (issue 15)

        from netassess.history import HistoryDB, default_history_path
        from netassess.history.view import group_attempts
        from netassess.report.history_page import history_html

        path = history_db or default_history_path()
        attempts: list[Attempt] = []
        if path.exists():  # nothing recorded yet is not an error, and reading must not create the file
            try:
                attempts = HistoryDB(path).attempts(candidate=candidate, task=task)
            except sqlite3.Error as exc:
                raise UsageError(f"{path}: not a readable netassess history ({exc}); give another --history-db") from None
        groups = group_attempts(attempts)
        if as_json:
            typer.echo(json.dumps([{"candidate": c, "task": t, "attempts": [a.as_json() for a in items]}
                                   for (c, t), items in groups.items()], indent=2))
        else:
            _print(groups, path)
        if html is not None:
            html.parent.mkdir(parents=True, exist_ok=True)
            html.write_text(history_html(groups))
            from rich.console import Console

            Console(stderr=True).print(f"[dim]chart: {html}[/]")


def _print(groups: dict[tuple[str | None, str], list[Attempt]], path: Path) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not groups:
        console.print(f"no attempts recorded in {path}")
        return
    from netassess.history.chart import series

    for (candidate, task), attempts in groups.items():
        data = series(attempts)
        skills = [s for s in data if s != "overall"]
        table = Table(title=f"{candidate or '(no candidate id)'} — {task}", show_edge=False)
        for col in ("#", "when", "mode", "score %", "grade", *(f"{s} %" for s in skills), "time"):
            table.add_column(col, justify="right" if col not in ("when", "mode", "grade") else "left")
        for i, attempt in enumerate(attempts):
            grade = attempt.grade if attempt.complete else f"{attempt.grade} (incomplete)"
            table.add_row(str(i + 1), attempt.started.strftime("%Y-%m-%d %H:%M"), attempt.mode, _fmt(attempt.percent),
                          grade, *(_fmt(data[s][i]) for s in skills), f"{attempt.duration_s:.0f}s")
        console.print(table)
        first, last = attempts[0], attempts[-1]
        if len(attempts) > 1:
            console.print(f"  {len(attempts)} attempts: {first.percent:g}% → {last.percent:g}%"
                          + "".join(f", {s} {_fmt(data[s][0])} → {_fmt(data[s][-1])}" for s in skills))
