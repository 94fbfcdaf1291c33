"""One problem found in a task: file, line, location and what to do about it.

``netassess validate`` prints every problem, one line each; ``load_task`` raises the first
as a ``SpecError``. Both share this shape so the wording is identical.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from netassess.errors import one_line

Loc = tuple[str | int, ...]


def format_loc(loc: Sequence[str | int]) -> str:
    """``("checks", 2, "args", "peer")`` → ``checks[2].args.peer``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def display_path(path: Path) -> str:
    """Relative to the working directory when possible: shorter and clickable in editors."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class Problem:
    file: Path
    message: str
    line: int | None = None
    loc: Loc = ()

    def __str__(self) -> str:
        where = display_path(self.file)
        if self.line is not None:
            where += f":{self.line}"
        if self.loc:
            return one_line(f"{where}: {format_loc(self.loc)}: {self.message}")
        return one_line(f"{where}: {self.message}")
