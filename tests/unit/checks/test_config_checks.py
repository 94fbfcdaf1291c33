"""security.py (config_contains/absent) and hardening.py, on the recorded FRR config and rendered IOS config."""

from __future__ import annotations

import pytest
from checklab import Lab
from pydantic import ValidationError

from netassess.checks.base import CHECKS, Unsupported
from netassess.results import Status

IOS_HARDENED = """\
service password-encryption
hostname edge
enable secret 9 <removed>
username admin privilege 15 secret 9 <removed>
ip ssh version 2
banner motd ^C
Authorised access only
^C
access-list 10 permit 10.0.0.0 0.255.255.255
line con 0
 logging synchronous
line vty 0 4
 access-class 10 in
 transport input ssh
line vty 5 15
 access-class 10 in
 transport input ssh
end
"""


def ios(cfg: str) -> Lab:
    return Lab(platforms={"r1": "ios"}).put("r1", "getter:get_config", {"running": cfg, "startup": cfg})


def test_config_contains_full_match_per_statement(lab):
    assert lab.run("config_contains", {"lines": ["service password-encryption", "ip route 192\\.0\\.2\\.0/24 Null0"]}).status is Status.PASS
    v = lab.run("config_contains", {"lines": ["service password", "ip route 192.0.2.0/2"]})
    assert v.status is Status.FAIL and v.fraction == 0.0  # prefixes of a statement never match


def test_config_contains_within_section(lab):
    args = {"section": "interface eth1", "lines": ["ip ospf authentication message-digest", "ip ospf cost \\d+"]}
    assert lab.run("config_contains", args).status is Status.PASS
    v = lab.run("config_contains", {"section": "interface eth9", "lines": ["ip ospf cost \\d+"]})
    assert v.status is Status.FAIL and "under 'interface eth9'" in v.message
    v = lab.run("config_contains", {"section": "interface eth7", "lines": ["shutdown"]})
    assert v.status is Status.FAIL and "found none" in v.message


def test_config_contains_nested_section_and_every_section(lab):
    assert lab.run("config_contains", {"section": "address-family ipv4 unicast",
                                       "lines": ["network 192.0.2.0/24"]}).status is Status.PASS
    v = lab.run("config_contains", {"section": "interface .*", "lines": ["ip address .*"], "every_section": True})
    assert v.status is Status.FAIL and "missing in interface eth9" in v.message


def test_config_absent(lab):
    assert lab.run("config_absent", {"lines": ["ip http server", "password <removed>"]}).status is Status.PASS
    v = lab.run("config_absent", {"lines": ["(enable )?password \\d <removed>"]})
    assert v.status is Status.FAIL and "password 8 <removed>" in v.message and "+3 more" in v.message
    assert lab.run("config_absent", {"section": "interface eth7", "lines": [".*"]}).status is Status.PASS


def test_config_checks_reject_bad_regex_and_unknown_keys():
    with pytest.raises(ValidationError, match="not a valid regular expression"):
        CHECKS.get("config_contains").parse_args({"lines": ["(unclosed"]})
    with pytest.raises(ValidationError, match="extra"):
        CHECKS.get("config_absent").parse_args({"lines": ["x"], "regex": True})


def test_config_checks_unsupported_on_linux_hosts():
    with pytest.raises(Unsupported):
        Lab(platforms={"h1": "linux"}).requests("config_contains", {"lines": ["x"]}, "h1")


def test_frr_hardening_on_recorded_config(lab):
    assert lab.run("management_hardening").status is Status.PASS  # r1: encryption on, vty access-class
    v = lab.run("management_hardening", target="r2")  # r2: nothing
    assert v.status is Status.FAIL and v.fraction == pytest.approx(1 / 3)  # no plain-text password at all
    assert "password_encryption" in v.message and "vty_access_class" in v.message


def test_frr_plain_text_password_is_found_but_never_quoted():
    cfg = "hostname r1\nservice password-encryption\npassword <removed>\nenable password 8 <removed>\nline vty\n access-class 10\n"
    v = Lab(platforms={"r1": "frr"}).put("r1", "getter:get_config", {"running": cfg}).run("management_hardening")
    assert v.status is Status.FAIL and "found 1: password …" in v.message and "<removed>" not in v.message


def test_frr_ospf_keys_do_not_count_as_plain_text_login_passwords(lab):
    # FRR cannot encrypt OSPF/BGP keys; the recorded r1 has both and still passes
    assert lab.run("management_hardening", {"only": ["no_plaintext_passwords"]}).status is Status.PASS


def test_ios_hardening_pass_and_each_rule_fails():
    assert ios(IOS_HARDENED).run("management_hardening").status is Status.PASS
    broken = (IOS_HARDENED.replace("ip ssh version 2\n", "")
              .replace(" transport input ssh\nline vty 5 15", " transport input ssh telnet\nline vty 5 15")
              .replace("enable secret 9 <removed>", "enable password <removed>"))
    v = ios(broken).run("management_hardening")
    assert v.status is Status.FAIL and v.fraction == pytest.approx(3 / 7)
    for rule in ("no_telnet", "ssh_v2", "enable_secret", "no_plaintext_passwords"):
        assert rule in v.message
    assert "line vty 0 4" in v.message


def test_hardening_skip_and_only_validate_rule_names():
    assert ios(IOS_HARDENED.replace("banner motd ^C\n", "")).run("management_hardening", {"skip": ["banner"]}).status is Status.PASS
    with pytest.raises(ValidationError, match="unknown rule"):
        CHECKS.get("management_hardening").parse_args({"skip": ["telnet"]})


def test_junos_hardening_reads_brace_config():
    cfg = "system {\n    root-authentication {\n        encrypted-password \"<removed>\"; ## SECRET-DATA\n    }\n" \
          "    login {\n        message \"Authorised access only\";\n    }\n    services {\n        ssh;\n        telnet;\n    }\n}\n"
    lab = Lab(platforms={"r1": "junos"}).put("r1", "getter:get_config", {"running": cfg})
    v = lab.run("management_hardening")
    assert v.status is Status.FAIL and v.fraction == pytest.approx(2 / 3) and "no_telnet" in v.message


def test_junos_banner_needs_a_login_message_not_just_login_users():
    cfg = "system {\n    login {\n        user admin {\n            class super-user;\n        }\n    }\n}\n"
    lab = Lab(platforms={"r1": "junos"}).put("r1", "getter:get_config", {"running": cfg})
    v = lab.run("management_hardening", {"only": ["banner"]})
    assert v.status is Status.FAIL and "login banner" in v.message


def test_banner_text_is_not_read_as_statements():
    from netassess.checks._common import parse_config

    cfg = "hostname r1\nbanner motd ^C\n ip http server\nAuthorised access only\n^C\nip ssh version 2\n"
    lines = parse_config(cfg, "ios")
    assert [str(ln) for ln in lines] == [
        "hostname r1", "banner motd ^C", "banner motd ^C > ip http server", "banner motd ^C > Authorised access only",
        "ip ssh version 2"]
    assert ios(cfg).run("config_absent", {"lines": ["ip http server"]}).status is Status.PASS  # banner text is not config
    assert ios(cfg).run("config_contains", {"section": "banner motd.*", "lines": ["Authorised access only"]}).status is Status.PASS
    eos = "banner login\nNo unauthorised access\nEOF\nmanagement telnet\n   shutdown\n"
    assert [str(ln) for ln in parse_config(eos, "eos")] == [
        "banner login", "banner login > No unauthorised access", "management telnet", "management telnet > shutdown"]
    single = parse_config("banner exec #Welcome#\nhostname r1\n", "ios")
    assert [str(ln) for ln in single] == ["banner exec #Welcome#", "hostname r1"]
