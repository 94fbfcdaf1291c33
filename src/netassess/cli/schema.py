"""``netassess schema NAME``: print a JSON Schema (``task`` here; other helpers add theirs).

Adding a schema is one call from any CLI module:

    from netassess.cli.schema import add_schema_command
    add_schema_command("results", lambda: RunResult.model_json_schema(), "the results.json shape")
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import typer

schema_app = typer.Typer(
    name="schema",
    help="Print JSON Schemas (for editors, CI and other tools).",
    no_args_is_help=True,
    add_completion=False,
)
SCHEMA_PRODUCERS: dict[str, Callable[[], dict[str, Any]]] = {}


def add_schema_command(name: str, producer: Callable[[], dict[str, Any]], help_text: str) -> None:
    """Register ``netassess schema <name>`` printing ``producer()`` as JSON."""
    if name in SCHEMA_PRODUCERS:
        raise ValueError(f"schema {name!r} registered twice")
    SCHEMA_PRODUCERS[name] = producer

    def command() -> None:
        from netassess.spec.schema import dumps

        typer.echo(dumps(producer()), nl=False)

    command.__doc__ = help_text
    schema_app.command(name, help=help_text)(command)


def _task_schema() -> dict[str, Any]:
    from netassess.spec.schema import task_schema

    return task_schema()


add_schema_command(
    "task",
    _task_schema,
    "The task spec (apiVersion netassess/v1); committed as docs/schema/task.schema.json.",
)


def register(app: typer.Typer) -> None:
    app.add_typer(schema_app, name="schema")
