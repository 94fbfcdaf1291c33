"""The task JSON Schema, generated from the models so editors and the loader never disagree.

yaml-language-server reads the committed copy (``docs/schema/task.schema.json``) through the
``# yaml-language-server: $schema=`` line at the top of every task; a unit test keeps it current.

Beyond the ``Task`` model, each registered check type's ``Args`` model is attached to checks of
that ``type`` (``if type == X then args: X.Args``), so an editor completes and checks arguments too.
Because args are Jinja-rendered before validation, every argument also accepts a string holding
Jinja markup (``"{{ count }}"`` where an integer is expected).
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from netassess.spec.models import Task

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
JINJA_STRING: dict[str, Any] = {"type": "string", "pattern": r"\{\{|\{%", "description": "Jinja, rendered before validation"}


def _tolerate_jinja(node: Any) -> Any:
    """Let every value in an args schema also be a Jinja string, at any depth."""
    if not isinstance(node, dict):
        return node
    out = dict(node)
    if isinstance(out.get("properties"), dict):
        out["properties"] = {k: _tolerate_jinja(v) for k, v in out["properties"].items()}
    if isinstance(out.get("additionalProperties"), dict):
        out["additionalProperties"] = _tolerate_jinja(out["additionalProperties"])
    if isinstance(out.get("items"), dict):
        out["items"] = _tolerate_jinja(out["items"])
    if out.get("type") == "object" or "$ref" in out and len(out) == 1:
        return out
    return {"anyOf": [out, JINJA_STRING]}


def builtin_check_types() -> list[str]:
    """Check types shipped in ``netassess.checks`` (not a college's plug-ins, not test doubles)."""
    from netassess.checks.base import CHECKS

    return [name for name, cls in CHECKS.items() if cls.__module__.startswith("netassess.checks.")]


def _check_args(defs: dict[str, Any], names: list[str]) -> list[dict[str, Any]]:
    """``if type == X then args: X.Args`` per check type; their models join ``defs``."""
    from netassess.checks.base import CHECKS

    models: list[tuple[type[BaseModel], Literal["validation"]]] = [(CHECKS.get(name).Args, "validation") for name in names]
    refs, extra = models_json_schema(models, ref_template="#/$defs/{model}")
    for def_name, body in extra.get("$defs", {}).items():
        if def_name in defs:
            raise ValueError(f"check args model {def_name!r} collides with a task model name; rename it")
        defs[def_name] = {**body, "properties": {k: _tolerate_jinja(v) for k, v in body.get("properties", {}).items()}}
    rules = []
    for name, model in zip(names, models, strict=True):
        rules.append({
            "if": {"properties": {"type": {"const": name}}, "required": ["type"]},
            "then": {"properties": {"args": refs[model]}},
        })  # fmt: skip
    return rules


def task_schema(check_types: list[str] | None = None) -> dict[str, Any]:
    """The schema, with args for ``check_types`` (default: every registered type, plug-ins included)."""
    from netassess.checks.base import CHECKS

    names = sorted(check_types) if check_types is not None else CHECKS.names()
    schema = Task.model_json_schema(by_alias=True, mode="validation")
    defs = schema.setdefault("$defs", {})
    check = defs["CheckSpec"]
    check["properties"]["type"] = {**check["properties"]["type"], "anyOf": [{"enum": names}, {"type": "string"}]}
    check["allOf"] = _check_args(defs, names)
    return {"$schema": SCHEMA_DIALECT, **schema}


def dumps(schema: dict[str, Any]) -> str:
    """Stable text: the committed copy is compared byte for byte."""
    return json.dumps(schema, indent=2, sort_keys=False, ensure_ascii=False) + "\n"
