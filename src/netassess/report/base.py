"""The contract of a report format: render a finished run into one file.

A format is one module in this package with a class registered by ``@register_report``;
``netassess run --format`` and ``netassess report render --format`` look formats up by name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Protocol

from netassess.errors import UsageError
from netassess.registry import Registry
from netassess.results import RunResult
from netassess.snapshot import Snapshot


@dataclass
class ReportContext:
    """Everything a report may show. Only ``result`` is always present."""

    result: RunResult
    snapshot: Snapshot | None = None
    topology: Path | None = None  # containerlab file, for the diagram
    task_path: Path | None = None
    configs_before: dict[str, str] = field(default_factory=dict)  # sanitised running configs, baseline
    configs_after: dict[str, str] = field(default_factory=dict)  # sanitised running configs, final
    show_hints: bool = True
    history: list[Any] = field(default_factory=list)  # history.Attempt: this candidate's attempts at the task


class ReportFormat(Protocol):
    name: ClassVar[str]
    extension: ClassVar[str]  # file suffix, e.g. "json", "xml", "html"

    def render(self, ctx: ReportContext) -> str: ...


REPORTS: Registry[type[ReportFormat]] = Registry("reports", "netassess.report", noun="report format")


def register_report(cls: type[ReportFormat]) -> type[ReportFormat]:
    REPORTS.add(cls.name, cls)
    return cls


def parse_formats(text: str) -> list[str]:
    """``--format table,json,html`` → names, each checked against the registry (UsageError otherwise)."""
    formats = [f.strip() for f in text.split(",") if f.strip()]
    if not formats:
        raise UsageError("--format: give at least one of " + ", ".join(REPORTS.names()))
    for fmt in formats:
        REPORTS.get(fmt)  # raises UsageError naming the known formats
    return formats


def render(fmt: str, ctx: ReportContext) -> str:
    return REPORTS.get(fmt)().render(ctx)


def write_reports(ctx: ReportContext, formats: list[str], outdir: Path, stem: str = "results") -> list[Path]:
    """Render each format to ``outdir/<stem>.<extension>``; returns the paths written."""
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        cls = REPORTS.get(fmt)
        path = outdir / f"{stem}.{cls.extension}"
        path.write_text(cls().render(ctx))
        written.append(path)
    return written
