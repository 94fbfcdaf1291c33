"""JUnit XML: valid against the Jenkins junit-4 and xUnit junit-10 schemas; statuses map as CI expects."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import xmlschema

from netassess.report.base import ReportContext, render
from netassess.results import RunResult

SCHEMAS = Path(__file__).resolve().parents[2] / "fixtures" / "junit"


@pytest.fixture(scope="module", params=["jenkins-junit.xsd", "junit-10.xsd"])
def schema(request: pytest.FixtureRequest) -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(SCHEMAS / request.param)


def test_junit_validates_against_ci_schemas(schema: xmlschema.XMLSchema, result: RunResult) -> None:
    schema.validate(render("junit", ReportContext(result=result)))


def test_one_testcase_per_check_and_target_grouped_by_task(result: RunResult) -> None:
    root = ET.fromstring(render("junit", ReportContext(result=result)))
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["ospf-triangle-secure"]
    cases = suites[0].findall("testcase")
    assert len(cases) == len(result.results) == 9
    assert {(c.get("classname"), c.get("name")) for c in cases} == {
        (f"ospf-triangle-secure.{r.check_id}", r.target) for r in result.results
    }


def test_fail_error_skip_map_to_failure_error_skipped(result: RunResult) -> None:
    root = ET.fromstring(render("junit", ReportContext(result=result)))
    by_name = {(c.get("classname").split(".", 1)[1], c.get("name")): c for c in root.iter("testcase")}
    assert by_name[("ospf-md5-auth", "r2")].find("failure") is not None
    assert by_name[("ospf-neighbours-full", "r1:eth2--r3:eth1")].find("error") is not None
    assert by_name[("change-window", "r1")].find("skipped") is not None
    passed = by_name[("ospf-md5-auth", "r1")]
    assert [child.tag for child in passed] == ["system-out"]
    suite = root.find("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors"), suite.get("skipped")) == ("9", "3", "2", "1")


def test_failure_carries_message_hint_and_evidence(result: RunResult) -> None:
    root = ET.fromstring(render("junit", ReportContext(result=result)))
    failure = next(c for c in root.iter("testcase") if c.get("name") == "r2" and "md5" in c.get("classname")).find("failure")
    assert failure.get("message").startswith("expected message-digest on eth1, eth2")
    assert failure.get("type") == "ospf_auth"
    assert "hint: Use `ip ospf message-digest-key 1 md5 <key>`" in failure.text
    assert "evidence: r2/getter:get_config?retrieve=running" in failure.text


def test_control_characters_from_device_output_do_not_break_the_xml(schema: xmlschema.XMLSchema, result: RunResult) -> None:
    bad = result.model_copy(deep=True)
    bad.results[4].message = "found \x1b[31mred\x1b[0m and \x00 nul"
    xml = render("junit", ReportContext(result=bad))
    schema.validate(xml)
    assert "found [31mred[0m and  nul" in xml


def test_run_without_results_is_still_a_valid_report(schema: xmlschema.XMLSchema, result: RunResult) -> None:
    empty = result.model_copy(update={"results": []})
    schema.validate(render("junit", ReportContext(result=empty)))
