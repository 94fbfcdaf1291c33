"""The task JSON Schema, generated from the models so editors and the loader never disagree.

yaml-language-server reads the committed copy (``docs/schema/task.schema.json``) through the
``# yaml-language-server: $schema=`` line at the top of every task; a unit test keeps it current.
"""

from __future__ import annotations

import json
from typing import Any

from netassess.spec.models import Task

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def task_schema() -> dict[str, Any]:
    schema = Task.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": SCHEMA_DIALECT, **schema}


def dumps(schema: dict[str, Any]) -> str:
    """Stable text: the committed copy is compared byte for byte."""
    return json.dumps(schema, indent=2, sort_keys=False, ensure_ascii=False) + "\n"
