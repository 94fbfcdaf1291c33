"""Pydantic validation errors, re-worded as a task author's problems (file:line, location, fix)."""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from netassess.spec.problems import Loc, Problem
from netassess.spec.source import YamlSource


def _is_data_key(part: Any) -> bool:
    """Pydantic inserts union/validator tags (``str``, ``list[str]``, ``function-before[...]``) into locations."""
    return isinstance(part, int) or (isinstance(part, str) and not any(ch in part for ch in "[]()"))


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found.extend(_models_in(arg))
    return found


def _is_container(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin in (list, dict):
        return True
    if origin in (typing.Union, types.UnionType, typing.Annotated):
        return any(_is_container(arg) for arg in typing.get_args(annotation))
    return False


def _field(model: type[BaseModel], key: str) -> Any:
    for name, info in model.model_fields.items():
        if key in (name, info.alias):
            return info.annotation
    return None


def allowed_keys(root: type[BaseModel], loc: Loc) -> list[str] | None:
    """Keys the model at ``loc`` accepts (aliases as written in YAML), or None if not a model."""
    current: Any = root
    pending_container = False
    for part in loc:
        if pending_container:
            pending_container = False
            models = _models_in(current)
            if not models:
                return None
            current = models[0]
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        annotation = _field(current, str(part))
        if annotation is None:
            return None
        if _is_container(annotation):
            pending_container = True
            current = annotation
        else:
            models = _models_in(annotation)
            current = models[0] if models else annotation
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [info.alias or name for name, info in current.model_fields.items()]
    return None


def _message(err: Mapping[str, Any], root: type[BaseModel], loc: Loc) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        keys = allowed_keys(root, loc[:-1])
        hint = f" (allowed here: {', '.join(keys)})" if keys else ""
        return f"unknown key {loc[-1]!r}; remove it or fix the spelling{hint}"
    if kind == "missing":
        return "required key is missing; add it"
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return f"got {err.get('input')!r}; expected {expected}"
    msg = str(err["msg"]).removeprefix("Value error, ")
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return f"{msg} (got {err.get('input')!r})"
    return msg


_MISSING = object()


def data_loc(raw: Loc, data: Any) -> Loc:
    """Drop the parts of a pydantic location that are not in the data: union and validator tags
    (``str``, ``list[str]``, ``function-before[...]``). A key absent from the data is kept only as
    the last part (a missing required key) or when it cannot be a tag."""
    out: list[str | int] = []
    current: Any = data
    for index, part in enumerate(raw):
        if isinstance(current, dict) and part in current:  # noqa: SIM114 - apart, each branch narrows part's type
            out.append(part)
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            out.append(part)
            current = current[part]
        elif index == len(raw) - 1 and _is_data_key(part) and isinstance(current, dict):
            out.append(part)  # a missing key, named where it should be
        else:
            continue  # a tag: stay at the same data node
    return tuple(out)


def problems_from_validation(
    exc: ValidationError, src: YamlSource, root: type[BaseModel], base: Loc = (), data: Any = _MISSING
) -> list[Problem]:
    """One problem per location; union alternatives for the same location are merged into one line.

    ``data`` is what was validated (default: the whole YAML document); ``base`` its location in it.
    """
    if data is _MISSING:
        data = src.data
    merged: dict[Loc, list[str]] = {}
    for err in exc.errors():
        rel = data_loc(tuple(err["loc"]), data)
        loc = (*base, *rel)
        message = _message(err, root, rel)
        messages = merged.setdefault(loc, [])
        if message not in messages:
            messages.append(message)
    return [src.problem(loc, " or ".join(messages)) for loc, messages in merged.items()]
