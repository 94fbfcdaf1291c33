"""``netassess checks list`` / ``netassess checks show TYPE``: the check catalogue at the terminal."""

from __future__ import annotations

import inspect
import json

import typer

from netassess.errors import UsageError

checks_app = typer.Typer(name="checks", help="List and explain the check types tasks can use.",
                         no_args_is_help=True, add_completion=False)


def _first_paragraph(cls: type) -> str:
    return (inspect.getdoc(cls) or "").split("\n\n")[0].replace("\n", " ")


@checks_app.command("list")
def list_checks(
    as_json: bool = typer.Option(False, "--json", help="print a JSON list (type, scope, skills, summary) for other tools"),
) -> None:
    """One line per check type: name, scope, skills, first line of its description."""
    from netassess.checks.base import CHECKS

    if as_json:
        rows = [{"type": name, "scope": cls.scope, "skills": list(cls.skills), "summary": _first_paragraph(cls)}
                for name, cls in CHECKS.items()]
        typer.echo(json.dumps(rows, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="check types", title_justify="left")
    for column in ("type", "scope", "skills", "what it judges"):
        table.add_column(column)
    for name, cls in CHECKS.items():
        table.add_row(name, cls.scope, ", ".join(cls.skills) or "-", _first_paragraph(cls))
    Console().print(table)


@checks_app.command("show")
def show_check(type_name: str = typer.Argument(..., metavar="TYPE")) -> None:
    """The full description of one check type, with its YAML example and arguments."""
    from rich.console import Console
    from rich.markdown import Markdown

    from netassess.checks._catalog import render_markdown
    from netassess.checks.base import CHECKS

    if type_name not in CHECKS:
        raise UsageError(f"unknown check type {type_name!r}; see `netassess checks list`")
    text = render_markdown()
    start = text.index(f"### {type_name}\n")
    end = text.find("\n### ", start + 1)
    section = text[start:] if end < 0 else text[start:end]
    section = section.split("\n## ")[0]
    Console().print(Markdown(section))


def register(app: typer.Typer) -> None:
    app.add_typer(checks_app)
