"""Mask the values of ``secret`` task parameters wherever the engine would write them.

``netassess.sanitise`` finds secrets by syntax (``password 7 …``). A secret task parameter is known
by its value instead, so it is masked wherever that value turns up: device output that echoes it,
a check message quoting an argument, a request key, a push diff or a device's error. Values are
masked at collection (so a live run and ``netassess score`` judge the same text) and again over
every record before it is saved or reported.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel

from netassess.sanitise import REMOVED

M = TypeVar("M", bound=BaseModel)

# Shorter values would mask ordinary words and numbers everywhere; the parameter loader refuses them.
MIN_SECRET_LENGTH = 4


@dataclass(frozen=True)
class Redactor:
    """Replaces each known secret value (and its JSON-escaped form) with ``<removed>``."""

    values: tuple[str, ...] = ()

    @classmethod
    def of(cls, secrets: Iterable[str]) -> Redactor:
        forms = {form for value in secrets if value for form in (value, json.dumps(value)[1:-1])}
        return cls(tuple(sorted(forms, key=len, reverse=True)))  # longest first: one secret may contain another

    def __bool__(self) -> bool:
        return bool(self.values)

    def text(self, text: str) -> str:
        for value in self.values:
            if value in text:
                text = text.replace(value, REMOVED)
        return text

    def data(self, obj: Any) -> Any:
        """A copy of ``obj`` (dicts, keys included, lists, strings, numbers) with every secret masked."""
        if not self.values:
            return obj
        if isinstance(obj, str):
            return self.text(obj)
        if isinstance(obj, dict):
            return {self.data(key): self.data(value) for key, value in obj.items()}
        if isinstance(obj, (list, tuple)):
            return type(obj)(self.data(item) for item in obj)
        if isinstance(obj, (int, float)) and not isinstance(obj, bool) and str(obj) in self.values:
            return REMOVED  # a numeric secret that a JSON getter returned as a number
        return obj

    def model(self, model: M) -> M:
        """The same record with every secret masked (re-validated, so it stays a valid record)."""
        if not self.values:
            return model
        return type(model).model_validate(self.data(model.model_dump(mode="json")))
