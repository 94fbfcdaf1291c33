"""The ``junit`` format: one testcase per check × target, so CI test reporters show an assessment.

The run's task is the testsuite; ``classname`` is ``<task id>.<check id>`` so reporters group the
targets of one check together. ``fail`` → ``<failure>``, ``error`` → ``<error>``, ``skip`` →
``<skipped>``. The output validates against both the strict Jenkins junit-4 schema (``<skipped>``
without attributes, children in schema order) and the xUnit plugin's junit-10 schema.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import ClassVar, Literal

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


@dataclass(frozen=True)
class Case:
    """One testcase, for any producer of JUnit (an assessment here, ``validate --live`` proofs too)."""

    classname: str
    name: str
    outcome: Literal["pass", "failure", "error", "skipped"] = "pass"
    message: str = ""
    details: str = ""
    kind: str = ""  # the failure's or error's type attribute
    seconds: float = 0.0


def add_suite(root: ET.Element, name: str, cases: list[Case], *, seconds: float, timestamp: str | None = None,
              properties: list[tuple[str, str]] | None = None) -> ET.Element:
    """A schema-valid ``<testsuite>`` of ``cases`` under ``root`` (children in junit-4 order)."""
    count = {o: sum(1 for c in cases if c.outcome == o) for o in ("failure", "error", "skipped")}
    attrs = {"name": _text(name), "tests": str(len(cases)), "failures": str(count["failure"]), "errors": str(count["error"]),
             "skipped": str(count["skipped"]), "time": f"{seconds:.3f}"}
    if timestamp is not None:
        attrs["timestamp"] = timestamp
    suite = ET.SubElement(root, "testsuite", attrs)
    if properties is not None:
        props = ET.SubElement(suite, "properties")
        for key, value in properties:
            ET.SubElement(props, "property", name=key, value=_text(value))
    for c in cases:
        case = ET.SubElement(suite, "testcase", classname=_text(c.classname), name=_text(c.name), time=f"{c.seconds:.3f}")
        if c.outcome == "skipped":
            ET.SubElement(case, "skipped").text = _text(c.message)
        elif c.outcome in ("failure", "error"):
            ET.SubElement(case, c.outcome, message=_text(c.message), type=_text(c.kind or c.outcome)).text = _text(c.details)
        elif c.details:
            ET.SubElement(case, "system-out").text = _text(c.details)
    return suite


def to_xml(root: ET.Element) -> str:
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


_OUTCOME: dict[Status, Literal["pass", "failure", "error", "skipped"]] = {
    Status.PASS: "pass", Status.FAIL: "failure", Status.ERROR: "error", Status.SKIP: "skipped"}


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
    cases = [Case(classname=f"{result.task.id}.{r.check_id}", name=r.target, outcome=_OUTCOME[r.status], message=r.message,
                  details=_details(r), kind=r.type, seconds=float(_seconds(r))) for r in result.results]
    add_suite(root, result.task.id, cases, seconds=float(_seconds(result)),
              timestamp=result.started.strftime("%Y-%m-%dT%H:%M:%S"), properties=_properties(result))
    return root


@register_report
class JunitReport:
    name: ClassVar[str] = "junit"
    extension: ClassVar[str] = "xml"

    def render(self, ctx: ReportContext) -> str:
        return to_xml(build_tree(ctx.result))
