"""Config diffs baseline → final, as lines the HTML template colours (difflib unified diff)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Literal

LineKind = Literal["file", "hunk", "add", "del", "ctx"]


@dataclass(frozen=True)
class DiffLine:
    kind: LineKind
    text: str


@dataclass
class ConfigDiff:
    device: str
    lines: list[DiffLine]
    added: int
    removed: int
    has_baseline: bool

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)


def _kind(line: str) -> LineKind:
    if line.startswith(("+++", "---")):
        return "file"
    if line.startswith("@@"):
        return "hunk"
    if line.startswith("+"):
        return "add"
    if line.startswith("-"):
        return "del"
    return "ctx"


def config_diff(device: str, before: str | None, after: str, context: int = 3) -> ConfigDiff:
    """Unified diff of one device's config; without a baseline, the final config as all-added."""
    old = (before or "").splitlines()
    new = after.splitlines()
    raw = difflib.unified_diff(
        old, new, fromfile=f"{device} baseline", tofile=f"{device} final", lineterm="", n=context
    )
    lines = [DiffLine(_kind(line), line) for line in raw]
    added = sum(1 for line in lines if line.kind == "add")
    removed = sum(1 for line in lines if line.kind == "del")
    return ConfigDiff(device, lines, added, removed, before is not None)


def config_diffs(before: dict[str, str], after: dict[str, str]) -> list[ConfigDiff]:
    return [config_diff(dev, before.get(dev), after[dev]) for dev in sorted(after)]
