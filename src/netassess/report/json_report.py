"""The ``json`` format: the canonical results file (``RunResult``), schema in docs/results-schema.md."""

from __future__ import annotations

from typing import ClassVar

from netassess.report.base import ReportContext, register_report


@register_report
class JsonReport:
    """Pretty-printed ``RunResult``; ``netassess schema results`` prints its JSON Schema."""

    name: ClassVar[str] = "json"
    extension: ClassVar[str] = "json"

    def render(self, ctx: ReportContext) -> str:
        return ctx.result.model_dump_json(indent=2) + "\n"
