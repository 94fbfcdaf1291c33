"""interfaces.py: hostname, interface_up, interface_description, interface_ip, unused_interfaces_shutdown."""

from __future__ import annotations

import pytest

from netassess.checks.base import StateUnavailable
from netassess.results import Status


def test_hostname_defaults_to_node_name_and_ignores_case(lab):
    assert lab.run("hostname").status is Status.PASS
    lab.snapshot.devices["r1"]["getter:get_facts"].data["hostname"] = "R1"
    assert lab.run("hostname").status is Status.PASS


def test_hostname_wrong_says_expected_and_found(lab):
    v = lab.run("hostname", {"hostname": "edge-01"})
    assert v.status is Status.FAIL and "'edge-01'" in v.message and "'r1'" in v.message


def test_missing_state_is_an_error_not_a_fail(lab):
    del lab.snapshot.devices["r1"]["getter:get_facts"]
    with pytest.raises(StateUnavailable, match="not collected"):
        lab.run("hostname")


def test_unreachable_device_raises_state_unavailable_for_every_check(lab):
    lab.snapshot.device_errors["r1"] = "TCP connection refused"
    with pytest.raises(StateUnavailable) as exc:
        lab.run("interface_up", {"interfaces": ["eth1"]})
    assert exc.value.kind == "unreachable"


def test_interface_up_partial_credit_per_interface(lab):
    v = lab.run("interface_up", {"interfaces": ["eth1", "eth9"]})
    assert v.status is Status.FAIL and v.fraction == 0.5
    assert "eth9: expected up, found admin_down" in v.message


def test_interface_up_accepts_admin_down_as_down(lab):
    assert lab.run("interface_up", {"interfaces": ["eth9"], "state": "down"}).status is Status.PASS
    assert lab.run("interface_up", {"interfaces": ["eth9"], "state": "admin_down"}).status is Status.PASS
    assert lab.run("interface_up", {"interfaces": ["eth1"], "state": "admin_down"}).status is Status.FAIL


def test_interface_up_unknown_interface_fails_with_reason(lab):
    v = lab.run("interface_up", {"interfaces": ["eth7"]})
    assert v.status is Status.FAIL and "does not exist" in v.message


def test_interface_description_is_full_match(lab):
    assert lab.run("interface_description", {"descriptions": {"eth1": "to r2 eth1"}}).status is Status.PASS
    assert lab.run("interface_description", {"descriptions": {"eth1": "to r2"}}).status is Status.FAIL
    assert lab.run("interface_description", {"descriptions": {"eth1": "(?i)TO R2.*"}}).status is Status.PASS
    v = lab.run("interface_description", {"descriptions": {"eth9": ".+"}})
    assert v.status is Status.FAIL and "found ''" in v.message


def test_interface_description_rejects_bad_regex_at_parse_time():
    from pydantic import ValidationError

    from netassess.checks.base import CHECKS

    with pytest.raises(ValidationError, match="not a valid regular expression"):
        CHECKS.get("interface_description").parse_args({"descriptions": {"eth1": "(("}})


def test_interface_ip_exact_and_ignores_link_local(lab):
    args = {"addresses": {"eth1": ["10.0.12.1/30", "2001:db8:12::1/64"], "lo": ["10.255.0.1/32", "127.0.0.1/8"]}}
    assert lab.run("interface_ip", args).status is Status.PASS


def test_interface_ip_reports_wrong_length_and_extra_addresses(lab):
    v = lab.run("interface_ip", {"addresses": {"eth1": "10.0.12.1/24"}})
    assert v.status is Status.FAIL
    assert "expected 10.0.12.1/24" in v.message and "unexpected extra address 10.0.12.1/30" in v.message
    v = lab.run("interface_ip", {"addresses": {"eth1": "10.0.12.1/30"}})
    assert v.status is Status.FAIL and "2001:db8:12::1/64" in v.message  # the extra IPv6 global is reported
    assert lab.run("interface_ip", {"addresses": {"eth1": "10.0.12.1/30"}, "exclusive": False}).status is Status.PASS


def test_interface_ip_requires_prefix_length():
    from pydantic import ValidationError

    from netassess.checks.base import CHECKS

    with pytest.raises(ValidationError, match="address/prefix-length"):
        CHECKS.get("interface_ip").parse_args({"addresses": {"eth1": "10.0.12.1"}})


def test_unused_interfaces_shutdown_uses_topology_links(lab):
    assert lab.run("unused_interfaces_shutdown").status is Status.PASS  # eth9 is shut, eth1 on a link, lo excluded
    lab.snapshot.devices["r1"]["getter:get_interfaces"].data["eth9"]["is_enabled"] = True
    v = lab.run("unused_interfaces_shutdown")
    assert v.status is Status.FAIL and "eth9: unused, expected shutdown" in v.message
    assert lab.run("unused_interfaces_shutdown", {"used": ["eth9"]}).status is Status.PASS


def test_unused_interfaces_without_topology_counts_addressed_ones_as_used(lab):
    lab.links = []
    lab.snapshot.devices["r1"]["getter:get_interfaces"].data["eth2"] = dict(
        lab.snapshot.devices["r1"]["getter:get_interfaces"].data["eth1"])
    v = lab.run("unused_interfaces_shutdown")
    assert v.status is Status.FAIL and "eth2" in v.message and "eth1" not in v.message


def test_unused_interfaces_exclude_must_be_a_valid_regex():
    from pydantic import ValidationError

    from netassess.checks.base import CHECKS

    with pytest.raises(ValidationError, match="not a valid regular expression"):
        CHECKS.get("unused_interfaces_shutdown").parse_args({"exclude": "(eth"})
