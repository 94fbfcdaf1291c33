"""The general secret rules: `<keyword> [type] <secret>` anywhere, URL userinfo, `name=value`, data keys.

Each line is written in the syntax its vendor documents (named in the comment beside it); they are
config text written for these tests, not device output. ``GENERAL`` lists the syntaxes that leaked
before the general rules existed (issue 9, item 6) and the relatives found while fixing them.
"""

from __future__ import annotations

import pytest

from netassess.sanitise import REMOVED, sanitise_config, sanitise_data, sanitise_message

GENERAL = [
    # Cisco IOS XE Security Configuration Guide, "enable algorithm-type scrypt secret"
    ("enable algorithm-type scrypt secret EnScrypt1", "enable algorithm-type scrypt secret <removed>"),
    ("enable algorithm-type sha256 secret EnSha1", "enable algorithm-type sha256 secret <removed>"),
    # Cisco IOS First Hop Redundancy Protocols Configuration Guide, GLBP authentication
    (" glbp 1 authentication text GlbpText1", " glbp 1 authentication text <removed>"),
    (" glbp 1 authentication md5 key-string 7 GlbpMd51", " glbp 1 authentication md5 key-string 7 <removed>"),
    # Cisco IOS L2TP: `l2tp tunnel password [0|7] password`
    (" l2tp tunnel password 0 L2tpPw1", " l2tp tunnel password 0 <removed>"),
    (" l2tp tunnel password L2tpPw2", " l2tp tunnel password <removed>"),
    # Cisco IOS `copy scp://username:password@host/file` and `ip ftp`-style URLs; archive paths
    ("copy scp://admin:ScpUrlPw1@192.0.2.9/r1.cfg flash:", "copy scp://admin:<removed>@192.0.2.9/r1.cfg flash:"),
    (" path ftp://bak:FtpUrlPw1@192.0.2.9/$h-$t", " path ftp://bak:<removed>@192.0.2.9/$h-$t"),
    ("Accessing https://u:HttpsPw1@198.51.100.7/x ...", "Accessing https://u:<removed>@198.51.100.7/x ..."),
    # Arista EOS Security / session shared-secret profile: `secret <id> <0|7|8a> <secret> <lifetimes>`
    ("      secret 1 7 EosShared1 lifetime infinite", "      secret 1 7 <removed> lifetime infinite"),
    ("      secret 2 0 EosShared2 receive-lifetime infinite transmit-lifetime infinite",
     "      secret 2 0 <removed> receive-lifetime infinite transmit-lifetime infinite"),
    # Arista EOS VRRP: `vrrp 1 peer authentication text|ietf-md5 key-string`
    ("   vrrp 1 peer authentication text EosVrrp1", "   vrrp 1 peer authentication text <removed>"),
    ("   vrrp 1 peer authentication ietf-md5 key-string 7 EosVrrp2",
     "   vrrp 1 peer authentication ietf-md5 key-string 7 <removed>"),
    # Arista EOS MACsec / BFD and similar: `shared-key 7 <key>`
    ("   shared-key 7 EosShKey1", "   shared-key 7 <removed>"),
    # Junos SNMPv3 USM: `authentication-password`, `privacy-password`
    ("set snmp v3 usm local-engine user u1 authentication-sha authentication-password JnsAuthPw1",
     "set snmp v3 usm local-engine user u1 authentication-sha authentication-password <removed>"),
    ("          privacy-password JnsPrivPw1;", "          privacy-password <removed>;"),
    # Junos RADIUS/TACACS: `set system radius-server 192.0.2.1 secret`
    ('set system radius-server 192.0.2.1 secret "$9$JnsRad1"', 'set system radius-server 192.0.2.1 secret "<removed>"'),
    # FRR bfdd / ldpd / pathd `password` forms after other keywords
    (" neighbor 10.0.0.2 bfd profile p password FrrBfdPw1", " neighbor 10.0.0.2 bfd profile p password <removed>"),
    # Cisco IOS PPP PAP: `ppp pap sent-username U password 0 P`
    (" ppp pap sent-username isp password 0 PapPw1", " ppp pap sent-username isp password 0 <removed>"),
    # Cisco IOS TACACS+/RADIUS server blocks, IKEv2 keyring and wireless
    ("radius-server key 7 RadKey1", "radius-server key 7 <removed>"),
    ("  pre-shared-key remote 0 Ikev2Remote1", "  pre-shared-key remote 0 <removed>"),
    (" authentication-key 7 WlcAuthKey1", " authentication-key 7 <removed>"),
    # Linux: wpa_supplicant.conf `psk="…"`, keepalived `auth_pass`, netplan YAML `password:`, ppp chap-secrets style
    ('    psk="WpaPsk1"', "    psk=<removed>"),
    ("        auth_pass KeepAlv1", "        auth_pass <removed>"),
    ("          password: NetplanPw1", "          password: <removed>"),
    ("DB_PASSWORD=EnvPw1", "DB_PASSWORD=<removed>"),
    ("    auth_string = AuthStr1", "    auth_string = <removed>"),
    # net-snmp snmpd.conf(5): rocommunity / rwcommunity / com2sec / createUser
    ("rocommunity SnmpdRo1 10.0.0.0/8", "rocommunity <removed> 10.0.0.0/8"),
    ("rwcommunity6 SnmpdRw1", "rwcommunity6 <removed>"),
    ("com2sec local localhost SnmpdC2s1", "com2sec local localhost <removed>"),
    ("createUser ops SHA SnmpdAuth1 AES SnmpdPriv1", "createUser ops SHA <removed> AES <removed>"),
]


def _ids(cases: list[tuple[str, str]]) -> list[str]:
    return [line.strip()[:40] for line, _ in cases]


@pytest.mark.parametrize(("line", "expected"), GENERAL, ids=_ids(GENERAL))
def test_secret_after_any_keyword_is_masked_and_keywords_and_types_stay(line: str, expected: str) -> None:
    assert sanitise_config(line, None) == expected


@pytest.mark.parametrize(("line", "expected"), GENERAL, ids=_ids(GENERAL))
def test_general_masking_is_idempotent(line: str, expected: str) -> None:
    assert sanitise_config(expected) == expected


@pytest.mark.parametrize(("line", "expected"), GENERAL, ids=_ids(GENERAL))
def test_general_masking_holds_in_diffs_and_quoted_error_messages(line: str, expected: str) -> None:
    secret = next(word for word in line.replace('"', " ").replace("@", " ").replace(":", " ").split()
                  if any(ch.isdigit() for ch in word) and any(ch.isupper() for ch in word))
    assert secret not in sanitise_config("+" + line.lstrip())
    assert secret not in sanitise_message(f"r1: device refused '{line.strip()}': % Invalid input")


def test_auth_string_and_lists_of_passwords_in_collected_data_are_masked_at_any_depth() -> None:
    data = {
        "vrrp": [{"group": 1, "auth_string": "VrrpAuth1", "authType": "text"}],
        "users": {"ops": {"passwords": ["Old1", "New1"], "pwd": "Pwd1", "authenticationKey": "Ak1"}},
        "deep": [[{"x": {"authText": "Txt1"}}]],
        "ospf": {"auth_type": "md5", "key_id": 1},
    }
    out = sanitise_data(data)
    for secret in ("VrrpAuth1", "Old1", "New1", "Pwd1", "Ak1", "Txt1"):
        assert secret not in repr(out)
    assert out["vrrp"][0] == {"group": 1, "auth_string": REMOVED, "authType": "text"}
    assert out["users"]["ops"]["passwords"] == [REMOVED, REMOVED]
    assert out["ospf"] == {"auth_type": "md5", "key_id": 1}  # describes a secret, is not one


def test_url_passwords_inside_collected_strings_are_masked() -> None:
    out = sanitise_data({"archive": {"path": "scp://backup:ArchPw1@192.0.2.9/cfg"}, "log": ["ftp://u:LogPw1@h/f"]})
    assert "ArchPw1" not in repr(out) and "LogPw1" not in repr(out)
    assert out["archive"]["path"] == "scp://backup:<removed>@192.0.2.9/cfg"
