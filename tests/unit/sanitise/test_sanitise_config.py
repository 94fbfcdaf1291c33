"""sanitise_config: every secret value goes, every keyword and encryption-type token stays.

The config lines are written for these tests in each platform's documented syntax
(they are config text, not device output).
"""

from __future__ import annotations

import pytest

from netassess.sanitise import sanitise_config

FRR = [
    ("password zebra", "password <removed>"),
    ("enable password zebra", "enable password <removed>"),
    ("password 8 /hOjLyDBsw2Ng", "password 8 <removed>"),
    ("enable password 8 kSN3IZnRu8TUY", "enable password 8 <removed>"),
    (" ip ospf authentication-key s3cr3tK", " ip ospf authentication-key <removed>"),
    (" ip ospf authentication-key s3cr3tK 10.0.12.1", " ip ospf authentication-key <removed> 10.0.12.1"),
    (" ip ospf message-digest-key 1 md5 Md5Secret", " ip ospf message-digest-key 1 md5 <removed>"),
    (" area 0.0.0.1 virtual-link 2.2.2.2 authentication-key VlinkKey",
     " area 0.0.0.1 virtual-link 2.2.2.2 authentication-key <removed>"),
    (" area 1 virtual-link 2.2.2.2 message-digest-key 3 md5 VlinkMd5",
     " area 1 virtual-link 2.2.2.2 message-digest-key 3 md5 <removed>"),
    (" neighbor 10.0.0.2 password BgpPeerPw", " neighbor 10.0.0.2 password <removed>"),
    (" neighbor PEERS password PeerGroupPw", " neighbor PEERS password <removed>"),
    ("  key-string KeyChainSecret", "  key-string <removed>"),
    (" ipv6 ospf6 authentication key-id 1 hash-algo hmac-sha-256 key Ospf6Key",
     " ipv6 ospf6 authentication key-id 1 hash-algo hmac-sha-256 key <removed>"),
    (" isis password md5 IsisCircuitPw", " isis password md5 <removed>"),
    (" isis password clear IsisClearPw", " isis password clear <removed>"),
    (" area-password md5 IsisAreaPw authenticate snp validate", " area-password md5 <removed> authenticate snp validate"),
    (" domain-password clear IsisDomainPw", " domain-password clear <removed>"),
    ("  neighbor 3.3.3.3 password LdpNbrPw", "  neighbor 3.3.3.3 password <removed>"),
    (" ip rip authentication string RipString", " ip rip authentication string <removed>"),
    (" ip nhrp authentication NhrpAuth", " ip nhrp authentication <removed>"),
]

IOS = [
    ("enable secret 9 $9$nhEmQVczB7dqsO$X.HsgL6x1il0RxkOSSvyQYwucySCt7qFm4v7pqCxkKM",
     "enable secret 9 <removed>"),
    ("enable secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0", "enable secret 5 <removed>"),
    ("enable secret level 15 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0", "enable secret level 15 5 <removed>"),
    ("enable password 7 0822455D0A16", "enable password 7 <removed>"),
    ("enable password cisco123", "enable password <removed>"),
    ("username admin privilege 15 secret 9 $9$abcdefghijklmn$opqrstuvwxyz0123456789ABCDEFGHIJ",
     "username admin privilege 15 secret 9 <removed>"),
    ("username bob password 0 Bobs Plain Pw", "username bob password 0 <removed>"),
    ("username alice password 7 104D000A0618", "username alice password 7 <removed>"),
    ("username carol algorithm-type scrypt secret CarolPw", "username carol algorithm-type scrypt secret <removed>"),
    (" password 7 0822455D0A16", " password 7 <removed>"),
    (" password VtyLinePw", " password <removed>"),
    ("snmp-server community PubCommunity RO", "snmp-server community <removed> RO"),
    ("snmp-server community PrivCommunity RW 10", "snmp-server community <removed> RW 10"),
    ("snmp-server host 192.0.2.10 version 2c TrapComm", "snmp-server host 192.0.2.10 version 2c <removed>"),
    ("snmp-server host 192.0.2.11 informs version 2c InfComm udp-port 2162",
     "snmp-server host 192.0.2.11 informs version 2c <removed> udp-port 2162"),
    ("snmp-server user snmpuser SNMPGRP v3 auth sha AuthPass123 priv aes 128 PrivPass123",
     "snmp-server user snmpuser SNMPGRP v3 auth sha <removed> priv aes 128 <removed>"),
    ("tacacs-server key 7 045802150C2E", "tacacs-server key 7 <removed>"),
    ("tacacs-server host 192.0.2.5 key TacacsHostKey", "tacacs-server host 192.0.2.5 key <removed>"),
    ("radius-server host 192.0.2.6 auth-port 1645 acct-port 1646 key RadiusKey",
     "radius-server host 192.0.2.6 auth-port 1645 acct-port 1646 key <removed>"),
    (" key 7 060506324F41", " key 7 <removed>"),
    (" key TacacsServerKey", " key <removed>"),
    (" key 0822455D0A16", " key <removed>"),
    (" server-private 192.0.2.7 key 7 0822455D0A16", " server-private 192.0.2.7 key 7 <removed>"),
    (" ip ospf authentication-key 7 1511021F0725", " ip ospf authentication-key 7 <removed>"),
    (" ip ospf message-digest-key 1 md5 7 1511021F0725", " ip ospf message-digest-key 1 md5 7 <removed>"),
    (" neighbor 10.0.0.2 password 7 02050D480809", " neighbor 10.0.0.2 password 7 <removed>"),
    ("mpls ldp neighbor 10.0.0.3 password LdpPw", "mpls ldp neighbor 10.0.0.3 password <removed>"),
    ("  key-string 7 110A1016141D", "  key-string 7 <removed>"),
    (" standby 1 authentication md5 key-string HsrpMd5", " standby 1 authentication md5 key-string <removed>"),
    (" standby 1 authentication HsrpPlain", " standby 1 authentication <removed>"),
    (" vrrp 1 authentication text VrrpText", " vrrp 1 authentication text <removed>"),
    ("crypto isakmp key IsakmpPsk address 198.51.100.1", "crypto isakmp key <removed> address 198.51.100.1"),
    (" pre-shared-key address 198.51.100.2 key KeyringPsk", " pre-shared-key address 198.51.100.2 key <removed>"),
    ("  pre-shared-key local Ikev2Local", "  pre-shared-key local <removed>"),
    ("ntp authentication-key 1 md5 104D000A0618 7", "ntp authentication-key 1 md5 <removed> 7"),
    (" ppp chap password 7 0822455D0A16", " ppp chap password 7 <removed>"),
    ("ip ftp password FtpPw", "ip ftp password <removed>"),
    (" wpa-psk ascii 0 WifiPsk", " wpa-psk ascii 0 <removed>"),
    ("key config-key password-encrypt MasterKey", "key config-key password-encrypt <removed>"),
]

EOS = [
    ("enable password sha512 $6$Xy1Z$abcDEF/ghi.JKLmno", "enable password sha512 <removed>"),
    ("username admin privilege 15 role network-admin secret sha512 $6$abc$defghi",
     "username admin privilege 15 role network-admin secret sha512 <removed>"),
    ("username ops secret 0 OpsCleartext", "username ops secret 0 <removed>"),
    ("aaa root secret sha512 $6$rootsalt$roothash", "aaa root secret sha512 <removed>"),
    ("snmp-server community EosComm ro", "snmp-server community <removed> ro"),
    ("   neighbor 10.1.1.1 password 7 AbCdEfGh==", "   neighbor 10.1.1.1 password 7 <removed>"),
    ("ntp authentication-key 1 md5 7 EosNtpKey", "ntp authentication-key 1 md5 7 <removed>"),
    ("   isis authentication key 0 EosIsisKey", "   isis authentication key 0 <removed>"),
    ("   authentication key 0 EosAreaKey level-1", "   authentication key 0 <removed> level-1"),
    ("tacacs-server host 192.0.2.5 key 7 EosTacKey", "tacacs-server host 192.0.2.5 key 7 <removed>"),
]

JUNOS = [
    ('        encrypted-password "$6$JunosSalt$JunosHash"; ## SECRET-DATA',
     '        encrypted-password "<removed>"; ## SECRET-DATA'),
    ('    authentication-key "$9$AbCdEfGhIj"; ## SECRET-DATA', '    authentication-key "<removed>"; ## SECRET-DATA'),
    ('            md5 1 key "$9$Md5Key"; ## SECRET-DATA', '            md5 1 key "<removed>"; ## SECRET-DATA'),
    ('    pre-shared-key ascii-text "$9$PskText"; ## SECRET-DATA', '    pre-shared-key ascii-text "<removed>"; ## SECRET-DATA'),
    ("    simple-password JunosSimple;", '    simple-password "<removed>";'),
    ("    community JunosComm {", "    community <removed> {"),
    ('set system root-authentication encrypted-password "$6$RootSalt$RootHash"',
     'set system root-authentication encrypted-password "<removed>"'),
    ('set protocols bgp group EXT authentication-key "$9$BgpKey"',
     'set protocols bgp group EXT authentication-key "<removed>"'),
    ("set snmp community JunosSetComm authorization read-only", "set snmp community <removed> authorization read-only"),
    ('set protocols ospf area 0 interface ge-0/0/0.0 authentication md5 1 key "$9$OspfKey"',
     'set protocols ospf area 0 interface ge-0/0/0.0 authentication md5 1 key "<removed>"'),
]


def _ids(cases: list[tuple[str, str]]) -> list[str]:
    return [line.strip()[:40] for line, _ in cases]


@pytest.mark.parametrize(("line", "expected"), FRR, ids=_ids(FRR))
def test_frr_secret_is_masked_keyword_kept(line: str, expected: str) -> None:
    assert sanitise_config(line, "frr") == expected


@pytest.mark.parametrize(("line", "expected"), IOS, ids=_ids(IOS))
def test_ios_secret_is_masked_keyword_and_type_kept(line: str, expected: str) -> None:
    assert sanitise_config(line, "ios") == expected


@pytest.mark.parametrize(("line", "expected"), EOS, ids=_ids(EOS))
def test_eos_secret_is_masked_keyword_and_type_kept(line: str, expected: str) -> None:
    assert sanitise_config(line, "eos") == expected


@pytest.mark.parametrize(("line", "expected"), JUNOS, ids=_ids(JUNOS))
def test_junos_secret_is_masked_keyword_kept(line: str, expected: str) -> None:
    assert sanitise_config(line, "junos") == expected


@pytest.mark.parametrize(("line", "expected"), FRR + IOS + EOS + JUNOS, ids=_ids(FRR + IOS + EOS + JUNOS))
def test_every_dialect_is_masked_whatever_platform_is_claimed(line: str, expected: str) -> None:
    assert sanitise_config(line, None) == expected
    assert sanitise_config(line, "linux") == expected


@pytest.mark.parametrize(("line", "expected"), FRR + IOS + EOS + JUNOS, ids=_ids(FRR + IOS + EOS + JUNOS))
def test_masking_is_idempotent(line: str, expected: str) -> None:
    assert sanitise_config(expected) == expected


SAFE_LINES = [
    "service password-encryption",
    "no service password-encryption",
    "security passwords min-length 8",
    "hostname r1",
    "frr version 8.4.4",
    " ip ospf authentication message-digest",
    " ip ospf authentication",
    " area 0 authentication message-digest",
    "key chain OSPF-KEYS",
    " key 1",
    "  cryptographic-algorithm hmac-sha-256",
    " ip authentication key-chain eigrp 100 EIGRP-KEYS",
    " ipv6 ospf6 authentication keychain OSPF6-KEYS",
    "username admin nopassword",
    "no password",
    " neighbor 10.0.0.2 remote-as 65002",
    "interface eth1",
    " ip address 10.0.12.1/30",
    "aaa authentication login default local",
    "ip ssh version 2",
    "snmp-server location Lab rack 3",
    # near misses of the general rule (test_sanitise_general.py)
    " authentication-key-chain OSPF-KC;",
    " standby 1 authentication md5 key-chain HSRP",
    "PasswordAuthentication no",
    "https://netassess.dev/schema/task.schema.json",
    "ssh://git@github.com/org/repo",
    " description key ring for the lab",
    " vrrp 1 peer authentication text",
]


@pytest.mark.parametrize("line", SAFE_LINES)
def test_lines_without_secrets_are_untouched(line: str) -> None:
    assert sanitise_config(line, "frr") == line


def test_full_frr_running_config_keeps_structure_and_loses_every_secret() -> None:
    config = "\n".join(
        [
            "frr version 8.4.4",
            "frr defaults traditional",
            "hostname r1",
            "password LabVtyPw1",
            "enable password LabEnablePw1",
            "service integrated-vtysh-config",
            "!",
            "key chain OSPF",
            " key 1",
            "  key-string LabKeyString1",
            "exit",
            "!",
            "interface eth1",
            " ip address 10.0.12.1/30",
            " ip ospf authentication message-digest",
            " ip ospf message-digest-key 1 md5 LabMd5Key1",
            "exit",
            "!",
            "router bgp 65001",
            " neighbor 10.0.12.2 remote-as 65002",
            " neighbor 10.0.12.2 password LabBgpPw1",
            "exit",
            "!",
            "end",
            "",
        ]
    )
    out = sanitise_config(config, "frr")
    for secret in ("LabVtyPw1", "LabEnablePw1", "LabKeyString1", "LabMd5Key1", "LabBgpPw1"):
        assert secret not in out
    assert out.count("\n") == config.count("\n")
    assert "password <removed>\nenable password <removed>\n" in out
    assert " key 1\n  key-string <removed>\n" in out
    assert " neighbor 10.0.12.2 remote-as 65002\n" in out


def test_crypt_hash_anywhere_in_output_is_masked() -> None:
    shadow = "lab:$6$rounds=5000$saltsalt$4a0nOJQ8yHk6mXoZf1:19000:0:99999:7:::"
    assert "saltsalt" not in sanitise_config(shadow, "linux")
    assert sanitise_config(shadow, "linux").startswith("lab:<removed>")


def test_empty_text_is_returned_as_is() -> None:
    assert sanitise_config("", "frr") == ""


def test_error_messages_quoting_a_refused_line_lose_its_secret():
    from netassess.sanitise import sanitise_message

    msg = "r1: FRR does not accept candidate line 'neighbor 10.0.0.2 password s3cretPW': % Unknown command"
    assert sanitise_message(msg) == msg.replace("s3cretPW", "<removed>")
    assert "Zebra9" not in sanitise_message('r2: "enable secret 0 Zebra9" refused')
    assert sanitise_message("r3: 'interface eth1' refused") == "r3: 'interface eth1' refused"


def test_push_and_collector_errors_are_masked():
    from netassess.collect.collector import _one_line as collector_line
    from netassess.push.steps import one_line as push_line

    exc = ValueError("r1: FRR does not accept candidate line ' ip ospf authentication-key Ospf123': bad")
    assert "Ospf123" not in push_line(exc) and "Ospf123" not in collector_line(exc)


@pytest.mark.parametrize("line", [
    "no neighbor 10.0.0.2 password Diff1Secret",           # a merge diff deletes with `no`
    " no ip ospf authentication-key Diff1Secret",
    "+ neighbor 10.0.0.2 password Diff1Secret",            # compare_config's unified diff (IOS, EOS)
    "-snmp-server community Diff1Secret RO",
    "+   key 7 Diff1Secret",
    "+ no enable secret 0 Diff1Secret",
])
def test_diff_and_negated_lines_are_masked(line):
    masked = sanitise_config(line, "ios")
    assert "Diff1Secret" not in masked and "<removed>" in masked
    assert masked[:2] == line[:2]  # the diff marker / indentation stays


def test_diff_lines_without_secrets_are_untouched():
    text = "+hostname r1\n- description key ring\nno ip http server"
    assert sanitise_config(text, "ios") == text
