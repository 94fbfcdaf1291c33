"""Reading JSON that netassess once wrote but someone may since have edited: bounded like YAML.

``score`` and ``report`` take snapshot and results files from candidates' folders. JSON has no
aliases, so memory grows only with the file: a size cap bounds it. Deep nesting makes the C
decoder (and later any recursive walk) raise ``RecursionError``, and huge integers a bare
``ValueError``; both become one ``ValueError`` line here, which callers already report.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

MAX_BYTES = 256 * 1024 * 1024  # a 32-router snapshot with running configs is a few MB
MAX_DEPTH = 64  # snapshots nest ~8 levels (devices → request → data → getter's own nesting)
MAX_INT_DIGITS = 100


def loads(text: str | bytes) -> Any:
    """``json.loads`` that refuses deep nesting and huge integers with a ``ValueError``."""
    try:
        data = json.loads(text, parse_int=_int)
    except RecursionError:
        raise ValueError(f"nested more than {MAX_DEPTH} levels deep") from None
    _check_depth(data)
    return data


def load_file(path: Path, limit: int = MAX_BYTES) -> Any:
    """Read ``path`` (size-capped) and ``loads`` it. Raises ``ValueError`` (bad JSON included) or ``OSError``."""
    with path.open("rb") as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"the file is larger than {limit // (1024 * 1024)} MiB")
    return loads(data)


def _int(text: str) -> int:
    if len(text) > MAX_INT_DIGITS + 1:  # + 1 for a sign
        raise ValueError(f"refused: an integer of {len(text)} digits (at most {MAX_INT_DIGITS})")
    return int(text)


def _check_depth(data: Any) -> None:
    """Iterative, so the check itself cannot overflow the stack it protects."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth >= MAX_DEPTH:
            raise ValueError(f"refused: nested more than {MAX_DEPTH} levels deep")
        stack.extend((child, depth + 1) for child in children)
