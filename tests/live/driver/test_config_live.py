"""Configuration sessions on a real FRR router: merge, replace, compare, commit, confirm, rollback.

Each test changes r1 through ``r1_config``, which restores r1's running config afterwards.
"""

from __future__ import annotations

import time

import pytest
from napalm.base.exceptions import CommitConfirmException, CommitError, MergeConfigException, ReplaceConfigException

from napalm_frr import FRRDriver

pytestmark = pytest.mark.live


def running(driver: FRRDriver) -> str:
    return driver.get_config(retrieve="running")["running"]


def test_merge_adds_an_interface_description(r1_config: FRRDriver) -> None:
    r1_config.load_merge_candidate(config="interface eth2\n description LAN for h1 (merged)\n")
    assert r1_config.compare_config() == "interface eth2\n description LAN for h1 (merged)"
    r1_config.commit_config()
    assert r1_config.get_interfaces()["eth2"]["description"] == "LAN for h1 (merged)"
    assert r1_config.compare_config() == ""  # the candidate is consumed by commit
    assert "description LAN for h1 (merged)" in r1_config.get_config(retrieve="startup")["startup"]  # written


def test_replace_removes_the_ospf_stanza_and_adds_bgp(r1_config: FRRDriver) -> None:
    current = running(r1_config)
    start = current.index("router ospf\n")
    without_ospf = current[:start] + current[current.index("exit\n", start) + len("exit\n"):]
    candidate = without_ospf.replace(
        " neighbor 10.0.12.2 remote-as 65002\n",
        " neighbor 10.0.12.2 remote-as 65002\n neighbor 192.168.1.10 remote-as 65010\n",
    )
    r1_config.load_replace_candidate(config=candidate)
    diff = r1_config.compare_config()
    assert diff.splitlines()[0] == "no router ospf"
    assert "router bgp 65001\n neighbor 192.168.1.10 remote-as 65010" in diff
    r1_config.commit_config()
    assert "router ospf\n" not in running(r1_config)
    assert r1_config.get_ospf_neighbors() == {}
    assert r1_config.get_bgp_config()["_"]["neighbors"]["192.168.1.10"]["remote_as"] == 65010
    assert r1_config.compare_config() == ""


def test_rollback_restores_a_byte_identical_running_config(r1_config: FRRDriver) -> None:
    before = running(r1_config)
    r1_config.load_merge_candidate(
        config="interface eth1\n ip ospf cost 77\n description changed\n"
        "router bgp 65001\n neighbor 10.0.12.2 description x\n"
    )
    r1_config.commit_config()
    assert running(r1_config) != before
    r1_config.rollback()
    assert running(r1_config) == before


def test_revert_in_reverts_on_its_own(r1_config: FRRDriver) -> None:
    before = running(r1_config)
    r1_config.load_merge_candidate(config="interface eth2\n description pending change\n")
    r1_config.commit_config(revert_in=5)  # wide enough for the checks below on a loaded machine
    assert r1_config.has_pending_commit()
    assert r1_config.get_interfaces()["eth2"]["description"] == "pending change"
    with pytest.raises(CommitConfirmException):
        r1_config.commit_config()  # no second commit while one waits for confirmation
    deadline = time.monotonic() + 15
    while r1_config.has_pending_commit() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not r1_config.has_pending_commit()
    assert running(r1_config) == before


def test_confirm_commit_keeps_the_change(r1_config: FRRDriver) -> None:
    r1_config.load_merge_candidate(config="interface eth2\n description confirmed change\n")
    r1_config.commit_config(revert_in=3)
    r1_config.confirm_commit()
    assert not r1_config.has_pending_commit()
    time.sleep(3.5)  # past the revert deadline: the confirmed change must still be there
    assert r1_config.get_interfaces()["eth2"]["description"] == "confirmed change"
    with pytest.raises(CommitConfirmException):
        r1_config.confirm_commit()


def test_unknown_line_raises_at_load_naming_it_and_changes_nothing(r1_config: FRRDriver) -> None:
    before = running(r1_config)
    with pytest.raises(MergeConfigException, match="ip ospf cots 10"):
        r1_config.load_merge_candidate(config="interface eth1\n description fine\n ip ospf cots 10\n")
    with pytest.raises(ReplaceConfigException, match="hostnme r1"):
        r1_config.load_replace_candidate(config=before.replace("hostname r1", "hostnme r1"))
    assert r1_config.compare_config() == ""
    assert running(r1_config) == before


def test_line_frr_refuses_at_commit_raises_and_leaves_running_byte_identical(r1_config: FRRDriver) -> None:
    before = running(r1_config)
    # vtysh parses this fine; ospfd refuses it because the network is already in area 0
    r1_config.load_merge_candidate(
        config="interface eth2\n description applied first\nrouter ospf\n network 10.0.12.0/30 area 1\n"
    )
    with pytest.raises(MergeConfigException, match=r"network 10\.0\.12\.0/30 area 1.*restored"):
        r1_config.commit_config()
    assert running(r1_config) == before


def test_replace_refused_by_frr_raises_replace_exception_and_restores(r1_config: FRRDriver) -> None:
    before = running(r1_config)
    router_id = " ospf router-id 10.255.0.1\n"
    candidate = before.replace(router_id, router_id + " network 10.0.12.0/30 area 1\n")
    assert candidate != before
    candidate = candidate.replace(" description to r2\n", " description to r2 (replaced)\n")
    r1_config.load_replace_candidate(config=candidate)
    with pytest.raises(ReplaceConfigException, match="area 1"):
        r1_config.commit_config()
    assert running(r1_config) == before


def test_discard_drops_the_candidate_and_commit_then_has_nothing(r1_config: FRRDriver) -> None:
    r1_config.load_merge_candidate(config="interface eth2\n description never\n")
    assert "description never" in r1_config.get_config(retrieve="candidate")["candidate"]
    r1_config.discard_config()
    assert r1_config.compare_config() == "" and r1_config.get_config(retrieve="candidate")["candidate"] == ""
    with pytest.raises(CommitError, match="no candidate"):
        r1_config.commit_config()


def test_closing_with_an_unconfirmed_commit_reverts_it_at_once(r1_config: FRRDriver, driver_lab) -> None:  # type: ignore[no-untyped-def]
    creds = driver_lab.credentials  # a second session as the automation account, as the r1 fixture opens
    before = running(r1_config)
    other = FRRDriver(driver_lab.nodes["r1"].mgmt_ipv4, creds.automation_user, "", timeout=10,
                      optional_args={"key_file": creds.key_file, "known_hosts": creds.known_hosts})
    other.open()
    other.load_merge_candidate(config="interface eth2\n description left unconfirmed\n")
    other.commit_config(revert_in=300)  # far beyond the test: only close() can undo it in time
    assert "left unconfirmed" in running(r1_config)
    other.close()
    assert running(r1_config) == before
