"""The ``junit`` format: one testcase per check × target, so CI test reporters show an assessment.

The run's task is the testsuite; ``classname`` is ``<task id>.<check id>`` so reporters group the
targets of one check together. ``fail`` → ``<failure>``, ``error`` → ``<error>``, ``skip`` →
``<skipped>``. The output validates against both the strict Jenkins junit-4 schema (``<skipped>``
without attributes, children in schema order) and the xUnit plugin's junit-10 schema.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import ClassVar

from netassess.report.base import ReportContext, register_report
from netassess.report.outcomes import fmt_points, status_counts
from netassess.results import CheckResult, RunResult, Status

# XML 1.0 cannot carry most control characters, even escaped; device output sometimes has them.
_XML_BAD = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))


def _text(value: object) -> str:
    return str(value).translate(_XML_BAD)


def _seconds(r: CheckResult | RunResult) -> str:
    return f"{max((r.finished - r.started).total_seconds(), 0.0):.3f}"


def _details(r: CheckResult) -> str:
    lines = [r.message]
    if r.hint:
        lines.append(f"hint: {r.hint}")
    lines.append(f"points: {fmt_points(r.points_awarded)}/{fmt_points(r.points_possible)}")
    if r.skills:
        lines.append(f"skills: {', '.join(r.skills)}")
    if r.evidence:
        lines.append("evidence: " + ", ".join(r.evidence))
    return "\n".join(lines)


def _properties(result: RunResult) -> list[tuple[str, str]]:
    props = [
        ("task.id", result.task.id),
        ("task.version", result.task.version),
        ("task.sha256", result.task.sha256),
        ("tool_version", result.tool_version),
        ("mode", result.mode),
        ("candidate", result.candidate or ""),
        ("assessor", result.assessor or ""),
        ("score.percent", f"{result.score.percent:g}"),
        ("score.grade", result.score.grade.value),
        ("complete", "true" if result.complete else "false"),
    ]
    props += [(f"skill.{code}", f"{fmt_points(s.awarded)}/{fmt_points(s.possible)}") for code, s in result.skills.items()]
    return props


def build_tree(result: RunResult) -> ET.Element:
    counts = status_counts(result.results)
    root = ET.Element(
        "testsuites",
        name=_text(f"netassess {result.task.id}"),
        tests=str(len(result.results)),
        failures=str(counts[Status.FAIL]),
        errors=str(counts[Status.ERROR]),
        time=_seconds(result),
    )
    suite = ET.SubElement(
        root,
        "testsuite",
        name=_text(result.task.id),
        tests=str(len(result.results)),
        failures=str(counts[Status.FAIL]),
        errors=str(counts[Status.ERROR]),
        skipped=str(counts[Status.SKIP]),
        time=_seconds(result),
        timestamp=result.started.strftime("%Y-%m-%dT%H:%M:%S"),
    )
    props = ET.SubElement(suite, "properties")
    for name, value in _properties(result):
        ET.SubElement(props, "property", name=name, value=_text(value))
    for r in result.results:
        case = ET.SubElement(
            suite,
            "testcase",
            classname=_text(f"{result.task.id}.{r.check_id}"),
            name=_text(r.target),
            time=_seconds(r),
        )
        if r.status is Status.SKIP:
            ET.SubElement(case, "skipped").text = _text(r.message)
        elif r.status is Status.ERROR:
            el = ET.SubElement(case, "error", message=_text(r.message), type=_text(r.type))
            el.text = _text(_details(r))
        elif r.status is Status.FAIL:
            el = ET.SubElement(case, "failure", message=_text(r.message), type=_text(r.type))
            el.text = _text(_details(r))
        else:
            ET.SubElement(case, "system-out").text = _text(_details(r))
    return root


@register_report
class JunitReport:
    name: ClassVar[str] = "junit"
    extension: ClassVar[str] = "xml"

    def render(self, ctx: ReportContext) -> str:
        root = build_tree(ctx.result)
        ET.indent(root)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
