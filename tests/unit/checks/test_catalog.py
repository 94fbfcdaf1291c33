"""The catalogue: every required type exists, every docstring example is a valid check, docs/checks.md is current."""

from __future__ import annotations

from pathlib import Path

import pytest

from netassess.checks._catalog import example, render_markdown
from netassess.checks.base import CHECKS, builtin_check_modules
from netassess.spec.models import CheckSpec

REQUIRED = {
    "S2": ["hostname", "interface_up", "interface_description", "interface_ip", "ospf_neighbor", "ospf_interface",
           "bgp_session", "route", "static_route", "reachability"],
    "S4": ["config_contains", "config_absent", "ospf_authentication", "bgp_password", "passive_interfaces",
           "route_filtered", "management_hardening", "unused_interfaces_shutdown"],
    "S7": ["startup_equals_running", "config_unchanged_except", "no_flap"],
    "S13": ["addressing_plan", "unique_addresses", "link_subnet_match", "gateway_first_usable", "ipv6_addressing"],
    "generic": ["getter", "command"],
}
DOC = Path(__file__).resolve().parents[3] / "docs" / "checks.md"


@pytest.mark.parametrize("name", sorted(n for names in REQUIRED.values() for n in names))
def test_required_check_type_is_registered(name):
    assert name in CHECKS


def test_the_source_scan_places_every_built_in_check_type_in_its_module():
    """``validate`` imports only the modules this scan names; a miss would cost it a full load."""
    registered = {name: cls.__module__ for name, cls in CHECKS.items() if cls.__module__.startswith("netassess.checks.")}
    assert builtin_check_modules() == registered


@pytest.mark.parametrize("name", CHECKS.names())
def test_docstring_example_is_a_valid_check_of_that_type(name):
    cls = CHECKS.get(name)
    [spec] = [CheckSpec.model_validate(item) for item in example(cls)]
    assert spec.type == name
    cls.parse_args(spec.args)  # raises if the example's args are wrong


@pytest.mark.parametrize("name", CHECKS.names())
def test_skills_and_scope_are_declared(name):
    cls = CHECKS.get(name)
    assert cls.scope in ("device", "link", "lab")
    assert name in ("getter", "command") or cls.skills


def test_docs_checks_md_is_generated_from_the_code():
    assert DOC.read_text() == render_markdown(), (
        "docs/checks.md is stale: run `.venv/bin/python -m netassess.checks._catalog > docs/checks.md`")


@pytest.mark.parametrize("name", CHECKS.names())
def test_check_modules_stay_small(name):
    import inspect

    source = inspect.getsourcefile(CHECKS.get(name))
    assert len(Path(source).read_text().splitlines()) <= 400
