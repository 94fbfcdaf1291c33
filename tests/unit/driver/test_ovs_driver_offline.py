"""The ovs driver over real Open vSwitch 3.1 output (tests/fixtures/ovs, see SOURCES.md): NAPALM's
models hold, values match the lab switch, and configuration goes in as one ovs-vsctl transaction
only after every line of the candidate was accepted."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from napalm.base import get_network_driver
from napalm.base.exceptions import MergeConfigException, ReplaceConfigException

from napalm_frr.contract import assert_conforms
from napalm_ovs import OVSDriver, ovsdb

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ovs"


class FakeSession:
    """Answers the driver's reads from recordings; records every other command (nothing runs)."""

    def __init__(self, switch: str) -> None:
        self.read = (FIXTURES / f"{switch}_vsctl_read.json").read_text()
        self.fdb = (FIXTURES / "sw1_fdb_show.txt").read_text()
        self.sent: list[str] = []
        self.rc = 0

    def run(self, command: str, timeout: float | None = None, stdin: str | None = None) -> tuple[int, str]:
        if command == ovsdb.READ_COMMAND:
            return 0, self.read
        if command == ovsdb.FDB_COMMAND:
            return 0, self.fdb
        self.sent.append(command)
        return self.rc, "" if self.rc == 0 else "ovs-vsctl: no row \"eth9\" in table Port"


def driver(switch: str = "sw2") -> OVSDriver:
    dev = OVSDriver("192.0.2.2", "netassess", "")
    dev.session = FakeSession(switch)  # type: ignore[assignment]
    return dev


def test_napalm_finds_the_driver_by_platform_name() -> None:
    assert get_network_driver("ovs") is OVSDriver


def test_vlans_follow_napalms_model_with_access_ports_and_trunks_that_carry_them() -> None:
    vlans = driver().get_vlans()
    for vid, vlan in vlans.items():
        assert_conforms("get_vlans", {vid: vlan})
    assert {vid: v["name"] for vid, v in vlans.items()} == {1: "default", 10: "USERS", 20: "VOICE", 30: "GUEST", 99: "NATIVE"}
    assert vlans[10]["interfaces"] == ["eth1", "eth2"] and vlans[30]["interfaces"] == ["eth3"]
    assert vlans[1]["interfaces"] == []  # the trunk (10,20 native 99) does not carry VLAN 1


def test_switchports_answer_in_the_shape_the_switching_checks_read() -> None:
    ports = driver().get_switchports()
    assert ports["eth1"] == {"admin_mode": "trunk", "oper_mode": "trunk", "access_vlan": "1", "access_vlan_name": "default",
                             "native_vlan": "99", "trunk_vlans": "10,20,99"}
    assert ports["eth3"]["admin_mode"] == "access" and ports["eth3"]["access_vlan"] == "30"
    assert ports["eth3"]["oper_mode"] == "down"  # shut
    assert "br0" not in ports  # the bridge's internal port is not a switchport


def test_mac_table_names_ports_by_interface_not_openflow_number() -> None:
    table = driver("sw1").get_mac_address_table()
    assert_conforms("get_mac_address_table", table)
    by_mac = {e["mac"]: (e["interface"], e["vlan"]) for e in table}
    assert by_mac["AA:C1:AB:00:00:11"] == ("eth3", 10) and by_mac["AA:C1:AB:00:00:12"] == ("eth4", 20)
    assert by_mac["AA:C1:AB:00:00:13"] == ("eth5", 10)  # h3, learnt across the trunk


def test_config_is_the_running_state_in_the_candidate_language() -> None:
    config = driver().get_config()
    assert_conforms("get_config", config)
    assert config["running"] == config["startup"] == (
        "vlan 1 name default\nvlan 10 name USERS\nvlan 20 name VOICE\nvlan 30 name GUEST\nvlan 99 name NATIVE\n"
        "interface eth1 trunk allowed 10,20,99 native 99\ninterface eth2 access 10\n"
        "interface eth3 access 30\ninterface eth3 shutdown\n")


def test_replacing_with_the_running_config_changes_nothing() -> None:
    dev = driver()
    dev.load_replace_candidate(config=dev.get_config()["running"])
    assert dev.compare_config() == ""
    dev.commit_config()
    assert dev.session.sent == []  # type: ignore[attr-defined]


def test_a_merge_commits_as_one_ovs_vsctl_transaction_and_brings_the_port_up() -> None:
    dev = driver()
    dev.load_merge_candidate(config="vlan 40 name PRINTERS\ninterface eth2 access 40\ninterface eth3 no shutdown\n")
    assert dev.compare_config() == ("-interface eth2 access 10\n-interface eth3 shutdown\n"
                                    "+vlan 40 name PRINTERS\n+interface eth2 access 40\n")
    dev.commit_config()
    [sent] = dev.session.sent  # type: ignore[attr-defined]
    transaction, link = sent.split(" && ")
    assert shlex.split(transaction) == ["ovs-vsctl", "--", "set", "Bridge", "br0", "external_ids:netassess-vlan-40=PRINTERS",
                                        "--", "set", "Port", "eth2", "vlan_mode=access", "tag=40", "trunks=[]",
                                        "--", "remove", "Port", "eth3", "external_ids", "netassess-shutdown"]
    assert link == "ovs-ofctl mod-port br0 eth3 up"
    assert dev.get_config()["candidate"] == ""


@pytest.mark.parametrize(("load", "error"), [("load_merge_candidate", MergeConfigException),
                                             ("load_replace_candidate", ReplaceConfigException)])
def test_a_bad_line_is_refused_at_load_and_nothing_is_sent(load: str, error: type[Exception]) -> None:
    dev = driver()
    with pytest.raises(error, match=r"line 2 \('interface eth9 access 10'\): the switch has no port 'eth9'"):
        getattr(dev, load)(config="vlan 10 name USERS\ninterface eth9 access 10\n")
    assert dev.compare_config() == "" and dev.session.sent == []  # type: ignore[attr-defined]


def test_rollback_returns_to_the_configuration_before_the_commit() -> None:
    dev = driver()
    dev.load_merge_candidate(config="interface eth2 access 20\n")
    dev.commit_config()
    dev.rollback()  # the fake still answers the recorded state, so rollback undoes relative to that
    assert len(dev.session.sent) == 1  # type: ignore[attr-defined]
    with pytest.raises(Exception, match="nothing to roll back"):
        dev.rollback()


def test_a_failed_commit_is_undone_and_reported() -> None:
    dev = driver()
    dev.load_merge_candidate(config="interface eth3 no shutdown\n")
    dev.session.rc = 1  # type: ignore[attr-defined]
    with pytest.raises(Exception, match="commit failed and was undone"):
        dev.commit_config()
    assert len(dev.session.sent) == 2 and "netassess-shutdown=true" in dev.session.sent[1]  # type: ignore[attr-defined]


def test_cli_runs_only_linux_read_only_commands_as_the_linux_driver_does() -> None:
    dev = driver()
    out = dev.cli(["ovs-vsctl del-br br0"])
    assert out["ovs-vsctl del-br br0"].startswith("Invalid command: 192.0.2.2: not read-only")
    assert dev.session.sent == []  # type: ignore[attr-defined]
