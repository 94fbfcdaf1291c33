"""``netassess validate --format json|junit``: the offline verdict for editors and CI.

JSON: one object per task file (``ok``, its problems with file/line/location, and for a sound
task its id, version, checks and points). JUnit: a suite of one case per task file, one
``failure`` per problem, so a CI job lists broken tasks as failed tests.
"""

from __future__ import annotations

import json
from typing import Any

from netassess.spec.loader import Analysis
from netassess.spec.points import points_summary
from netassess.spec.problems import display_path, format_loc


def _problem(problem: Any) -> dict[str, Any]:
    return {"file": display_path(problem.file), "line": problem.line, "location": format_loc(problem.loc),
            "message": problem.message, "text": str(problem)}


def _entry(analysis: Analysis) -> dict[str, Any]:
    out: dict[str, Any] = {"file": display_path(analysis.path), "ok": not analysis.problems,
                           "problems": [_problem(p) for p in analysis.problems]}
    loaded = analysis.loaded
    if loaded is not None and not analysis.problems:
        points = points_summary(loaded)
        out.update(id=loaded.task.id, version=str(loaded.task.version), checks=len(loaded.checks),
                   points=points.total, bonus=points.bonus, per_skill=dict(points.per_skill))
    return out


def as_json(analyses: list[Analysis]) -> str:
    files = [_entry(a) for a in analyses]
    doc = {"valid": all(f["ok"] for f in files), "problems": sum(len(f["problems"]) for f in files), "files": files}
    return json.dumps(doc, indent=2) + "\n"


def as_junit(analyses: list[Analysis]) -> str:
    from xml.etree import ElementTree as ET

    failed = [a for a in analyses if a.problems]
    root = ET.Element("testsuites", name="netassess validate")
    suite = ET.SubElement(root, "testsuite", name="netassess validate", tests=str(len(analyses)),
                          failures=str(len(failed)), errors="0", skipped="0")
    for analysis in analyses:
        name = display_path(analysis.path)
        loaded = analysis.loaded
        classname = loaded.task.id if loaded is not None else name
        case = ET.SubElement(suite, "testcase", classname=classname, name=name, time="0")
        for problem in analysis.problems:
            ET.SubElement(case, "failure", message=problem.message[:200]).text = str(problem)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
