"""How a push looks on the terminal: one panel per device with its masked change and outcome, and
the question a person answers before anything is committed."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.prompt import Confirm as YesNo
from rich.text import Text

from netassess.push.outcome import Confirm, DevicePush, PushResult
from netassess.spec.problems import display_path


def diff_text(diff: str) -> Text:
    """The diff as plain Text (never markup: a config line like ``[bold]`` prints as typed)."""
    text = Text()
    for line in diff.splitlines():
        stripped = line.strip()
        style = "red" if stripped.startswith("no ") else ("green" if stripped and not stripped.startswith("!") else "")
        text.append(line + "\n", style=style)
    return text


def _title(device: DevicePush) -> str:
    return escape(f"{device.host} ({device.node}, {device.platform or '?'}, {device.mode})")


def _status(device: DevicePush, result: PushResult) -> str:
    if device.error:
        return f"[red]refused: {escape(device.error)}[/]"
    if device.rolled_back:
        return "[yellow]committed, then rolled back[/]"
    if device.committed:
        return "[green]committed[/]"
    if device.held:
        return "[yellow]not committed (interrupted)[/]"
    if result.dry_run:
        return "[cyan]dry run: not committed[/]"
    if not device.changes:
        return "no change needed"
    return "[yellow]not committed[/]"


def _panel(device: DevicePush, status: str, console: Console) -> None:
    body = diff_text(device.diff) if device.changes else Text("(no difference)", style="dim")
    subtitle = f"backup {escape(display_path(device.backup_sanitised))}" if device.backup_sanitised else None
    console.print(Panel(body, title=f"{_title(device)}: {status}", title_align="left", subtitle=subtitle,
                        subtitle_align="left"))


def show_result(result: PushResult, console: Console) -> None:
    """Each device's outcome: with its diff, unless the confirmation question already showed it."""
    for device in result.devices:
        if device.skip:
            console.print(f"[dim]{_title(device)}: skipped: {escape(device.skip)}[/]")
        elif result.diffs_shown:
            console.print(f"{_title(device)}: {_status(device, result)}")
        else:
            _panel(device, _status(device, result), console)


def printer(console: Console) -> Callable[[PushResult], None]:
    """``push_stage(show=...)``: print each device's outcome on ``console``."""
    return lambda result: show_result(result, console)


def ask_on_terminal(console: Console) -> Confirm:
    """The interactive confirmation: every device's diff first, then one question (default no)."""

    def confirm(result: PushResult) -> bool:
        for device in result.devices:
            if not device.skip:
                _panel(device, "[bold]to commit[/]" if device.changes else "no change needed", console)
        result.diffs_shown = True
        count = sum(1 for d in result.devices if d.changes)
        return YesNo.ask(f"Commit stage {escape(result.stage)} to {count} device(s)?", console=console, default=False)

    return confirm
