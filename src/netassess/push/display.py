"""How a push looks on the terminal: one panel per device with its masked change and outcome."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.text import Text

from netassess.push.apply import PushResult
from netassess.spec.problems import display_path


def diff_text(diff: str) -> Text:
    text = Text()
    for line in diff.splitlines():
        stripped = line.strip()
        style = "red" if stripped.startswith("no ") else ("green" if stripped and not stripped.startswith("!") else "")
        text.append(line + "\n", style=style)
    return text


def show_result(result: PushResult, console: Console) -> None:
    for device in result.devices:
        title = f"{device.host} ({device.node}, {device.platform or '?'}, {device.mode})"
        if device.skip:
            console.print(f"[dim]{escape(title)}: skipped: {escape(device.skip)}[/]")
            continue
        if device.error:
            status = f"[red]refused: {escape(device.error)}[/]"
        elif device.rolled_back:
            status = "[yellow]committed, then rolled back[/]"
        elif device.committed:
            status = "[green]committed[/]"
        elif result.dry_run:
            status = "[cyan]dry run: not committed[/]"
        elif not device.changes:
            status = "no change needed"
        else:
            status = "[yellow]not committed[/]"
        body = diff_text(device.diff) if device.changes else Text("(no difference)", style="dim")
        subtitle = f"backup {display_path(device.backup_sanitised)}" if device.backup_sanitised else None
        console.print(Panel(body, title=f"{escape(title)}: {status}", title_align="left", subtitle=subtitle, subtitle_align="left"))
