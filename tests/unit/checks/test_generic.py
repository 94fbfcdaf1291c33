"""generic.py (getter, command) and the _compare operator engine, including NAPALM validate's flaws fixed."""

from __future__ import annotations

import pytest
from checklab import Lab, fixture_text
from pydantic import ValidationError

from netassess.checks import _compare
from netassess.checks.base import CHECKS, StateUnavailable, Unsupported
from netassess.results import Status
from netassess.snapshot import StateEntry


def test_regex_is_full_match_so_vlan5_never_matches_vlan5554():
    assert _compare.apply("regex", "Vlan5554", "Vlan5")[0] is False
    assert _compare.apply("regex", "Vlan5", "Vlan5")[0] is True
    assert _compare.compare_structure({"Vlan5": {"$regex": "up"}}, {"Vlan5554": "up"}) == ["<root>: missing key 'Vlan5'"]


def test_eq_and_ne_are_really_applied():
    assert _compare.apply("eq", 65002, 65002)[0] and not _compare.apply("eq", 65002, 65003)[0]
    assert _compare.apply("ne", "Down", "Full")[0] and not _compare.apply("ne", "Full", "Full")[0]


def test_extra_list_items_are_reported_when_strict():
    expected, found = [{"peer": "10.0.0.2"}], [{"peer": "10.0.0.2"}, {"peer": "10.0.0.9"}]
    assert _compare.compare_structure(expected, found) == []
    diffs = _compare.compare_structure(expected, found, strict=True)
    assert diffs == ["<root>: unexpected item {'peer': '10.0.0.9'}"]


def test_each_expected_list_item_needs_its_own_match():
    assert _compare.compare_structure([1, 1], [1]) == ["<root>: no item matches 1"]


def test_paths_keep_dots_and_slashes_in_brackets():
    assert _compare.parse_path('global.peers["10.0.12.2"].address_family.ipv4') == [
        "global", "peers", "10.0.12.2", "address_family", "ipv4"]
    assert _compare.parse_path('interfaces["Gi0/1"][0].*') == ["interfaces", "Gi0/1", 0, "*"]
    with pytest.raises(_compare.PathError, match="has no 'x'"):
        _compare.resolve({"a": {}}, "a.x")


@pytest.mark.parametrize(("op", "actual", "expected", "ok"), [
    ("lt", 1, 2, True), ("le", 2, 2, True), ("gt", 1, 2, False), ("ge", 3, 2, True),
    ("in", "Full", ["Full", "2-Way"], True), ("not_in", "Init", ["Full"], True),
    ("contains", "to r2 eth1", "r2", True), ("contains", {"eth1": 1}, "eth2", False),
    ("range", 10, [1, 10], True), ("range", 11, [1, 10], False), ("lt", "a", 3, False),
])
def test_operators(op, actual, expected, ok):
    assert _compare.apply(op, actual, expected)[0] is ok


def test_getter_check_pass_fail_and_missing_path(lab):
    args = {"getter": "get_bgp_neighbors", "path": 'global.peers["10.0.12.2"].remote_as', "value": 65002}
    assert lab.run("getter", args).status is Status.PASS
    v = lab.run("getter", args | {"value": 65003})
    assert v.status is Status.FAIL and "== 65003" in v.message and "65002" in v.message
    v = lab.run("getter", args | {"path": 'global.peers["10.0.12.9"].remote_as'})
    assert v.status is Status.FAIL and "has no '10.0.12.9'" in v.message
    assert lab.run("getter", args | {"path": 'global.peers["10.0.12.9"]', "operator": "absent"}).status is Status.PASS


def test_getter_wildcard_all_or_any(lab):
    args = {"getter": "get_interfaces", "path": "*.is_enabled", "value": True}
    v = lab.run("getter", args)
    assert v.status is Status.FAIL and "(all of 3)" in v.message and "['eth9'].is_enabled" in v.message
    assert lab.run("getter", args | {"quantifier": "any"}).status is Status.PASS


def test_getter_matches_structure_with_operator_leaves(lab):
    args = {"getter": "get_ospf_neighbors", "path": "default", "operator": "matches",
            "value": [{"neighbor_id": "10.255.0.2", "state": {"$regex": "(?i)full"}, "uptime": {"$ge": 60}}]}
    assert lab.run("getter", args).status is Status.PASS
    args["value"][0]["neighbor_id"] = "10.255.0.3"
    assert lab.run("getter", args).status is Status.FAIL


def test_getter_must_be_read_only():
    for bad in ("load_merge_candidate", "commit_config", "cli"):
        with pytest.raises(ValidationError, match="read-only"):
            CHECKS.get("getter").parse_args({"getter": bad})


def test_getter_args_are_part_of_the_request_key():
    [req] = Lab(platforms={"r1": "frr"}).requests(
        "getter", {"getter": "get_route_to", "getter_args": {"destination": "10.0.0.0/24"}, "operator": "exists"}, "r1")
    assert req.key == "getter:get_route_to?destination=10.0.0.0/24"


def test_getter_errored_state_is_an_error(lab):
    lab.put("r1", "getter:get_lldp_neighbors", error="NotImplementedError")
    with pytest.raises(StateUnavailable):
        lab.run("getter", {"getter": "get_lldp_neighbors", "operator": "exists"})


def test_command_json_on_recorded_frr_output(lab):
    lab.put("r1", "cmd:show bgp summary json", fixture_text("frr/r1_show_bgp_summary_json.txt"))
    args = {"command": "show bgp summary json", "parse": "json", "path": 'ipv4Unicast.peers["10.0.12.2"].state',
            "value": "Established"}
    assert lab.run("command", args).status is Status.PASS
    v = lab.run("command", args | {"path": 'ipv4Unicast.peers["10.0.12.2"].pfxRcd', "operator": "ge", "value": 2})
    assert v.status is Status.FAIL and "found" in v.message


def test_command_json_on_non_json_output_is_an_error(lab):
    lab.put("r1", "cmd:show ip ospf neighbor", fixture_text("frr/r1_show_ip_ospf_neighbor.txt"))
    with pytest.raises(StateUnavailable, match="not JSON"):
        lab.run("command", {"command": "show ip ospf neighbor", "parse": "json", "operator": "exists"})


def test_command_ttp_template_per_platform():
    args = {"command": {"frr": "show ip ospf neighbor", "ios": "show ip ospf neighbor"},
            "template": "ttp/{platform}/show_ip_ospf_neighbor.ttp", "path": "neighbors.*.state",
            "operator": "regex", "value": "(?i)full"}
    frr = Lab(platforms={"r1": "frr"}).put("r1", "cmd:show ip ospf neighbor", fixture_text("frr/r1_show_ip_ospf_neighbor.txt"))
    ios = Lab(platforms={"r1": "ios"}).put("r1", "cmd:show ip ospf neighbor", fixture_text("ios/show_ip_ospf_neighbor__p2p.raw"))
    assert frr.run("command", args).status is Status.PASS
    assert ios.run("command", args).status is Status.PASS
    assert frr.run("command", args | {"value": "(?i)init"}).status is Status.FAIL
    with pytest.raises(Unsupported, match="no command given for platform 'eos'"):
        Lab(platforms={"r1": "eos"}).requests("command", args, "r1")


def test_command_missing_template_is_unsupported():
    lab = Lab(platforms={"r1": "eos"}).put("r1", "cmd:show version", "Arista vEOS")
    with pytest.raises(Unsupported, match="not found"):
        lab.run("command", {"command": "show version", "template": "ttp/{platform}/show_version.ttp", "operator": "exists"})


def test_command_text_regex_and_inline_template(lab):
    lab.put("r1", "cmd:show ip ospf neighbor", fixture_text("frr/r1_show_ip_ospf_neighbor.txt"))
    assert lab.run("command", {"command": "show ip ospf neighbor", "operator": "contains", "value": "Full/-"}).status is Status.PASS
    inline = "<group name='n*'>\n{{ rid | IP | _start_ }} {{ pri }} {{ state }} {{ rest | _line_ }}\n</group>"
    assert lab.run("command", {"command": "show ip ospf neighbor", "template_text": inline, "path": "n[0].rid",
                               "value": "10.255.0.2"}).status is Status.PASS


def test_command_must_be_a_show_command():
    with pytest.raises(ValidationError, match="read-only"):
        CHECKS.get("command").parse_args({"command": "configure terminal", "operator": "exists"})
    with pytest.raises(ValidationError, match="range needs"):
        CHECKS.get("command").parse_args({"command": "show version", "operator": "range", "value": 3})


@pytest.mark.parametrize("command", [
    "ping 10.0.0.1; touch /tmp/pwned",          # the linux driver runs commands in a shell
    "show version && reboot",
    "show version $(id)",
    "show running-config | redirect flash:x",  # IOS: writes a file
    "show running-config | tee flash:x",
    "show running-config > flash:x",           # EOS: writes a file
    "show configuration | save /var/tmp/x",    # Junos: writes a file
    "show running-config | sh",
    "show version\nconfigure terminal",
])
def test_command_refuses_shell_chaining_and_writing_pipes(command):
    with pytest.raises(ValidationError, match="read-only"):
        CHECKS.get("command").parse_args({"command": command, "operator": "exists"})


@pytest.mark.parametrize("command", [
    "show running-config | include ^hostname$", "show running-config | section router ospf",
    "show configuration | display json", "show ip ospf neighbor json",
])
def test_command_accepts_show_commands_with_output_filters(command):
    CHECKS.get("command").parse_args({"command": command, "operator": "exists"})


@pytest.mark.parametrize("tag", ["<macro>\ndef f(d):\n    import os\n    return d\n</macro>",
                                 '<output returner="file" url="/tmp/"/>', '<vars load="python">x = 1</vars>',
                                 '<input load="text">/etc/shadow</input>'])
def test_inline_ttp_template_may_not_run_code_or_touch_files(tag):
    with pytest.raises(ValidationError, match="template_text"):
        CHECKS.get("command").parse_args({"command": "show version", "template_text": tag + "\n<group>{{ x }}</group>",
                                          "operator": "exists"})


def test_a_bad_regex_leaf_in_matches_is_a_spec_error():
    with pytest.raises(ValidationError, match=r"\$regex '\(full' is not a valid regular expression"):
        CHECKS.get("getter").parse_args({"getter": "get_ospf_neighbors", "operator": "matches",
                                         "value": [{"state": {"$regex": "(full"}}]})


@pytest.mark.parametrize("template", ["/etc/passwd", "../../../etc/passwd", "ttp/../../secrets.ttp"])
def test_command_template_must_stay_under_the_checks_folders(template):
    with pytest.raises(ValidationError, match="under checks/"):
        CHECKS.get("command").parse_args({"command": "show version", "template": template, "operator": "exists"})


def test_a_feature_the_device_says_is_not_configured_is_a_fail_with_its_words(lab):
    """FRR: "% OSPF is not enabled in vrf red" (recorded, tests/fixtures/frr/vtysh_refusals.json)."""
    lab.snapshot.put("r1", "cmd:show ip ospf vrf red neighbor",
                     StateEntry(error="OSPF is not enabled in vrf red", error_kind="refused"))
    for args in ({"operator": "absent", "path": "x"}, {"parse": "json", "operator": "exists"},
                 {"operator": "contains", "value": "Full"}):
        v = lab.run("command", {"command": "show ip ospf vrf red neighbor", **args})
        assert v.status is Status.FAIL and v.message == "r1 answered 'show ip ospf vrf red neighbor' with: OSPF is not enabled in vrf red"


def test_a_command_the_device_does_not_know_stays_an_error(lab):
    lab.put("r1", "cmd:show foo", error="Invalid command: r1: 'show foo' refused: Unknown command: show foo")
    with pytest.raises(StateUnavailable, match="Unknown command"):
        lab.run("command", {"command": "show foo", "operator": "exists"})


def test_a_command_not_read_only_on_the_devices_platform_is_unsupported_before_collection():
    args = {"command": "show ip route", "operator": "exists"}
    with pytest.raises(Unsupported, match="not read-only on linux: 'show'"):
        Lab(platforms={"h1": "linux"}).requests("command", args, "h1")
    assert [r.key for r in Lab(platforms={"r1": "frr"}).requests("command", args, "r1")] == ["cmd:show ip route"]
