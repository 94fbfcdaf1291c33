"""compare_config / commit plans come from FRR's frr-reload.py logic and vtysh's parser.

Needs FRR's vtysh and frr-reload.py on this machine (frr + frr-pythontools, as `make deps`
installs); they are only parsed locally, no router is involved.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from napalm_frr.reload_diff import DEFAULT_FRR_RELOAD, CandidateError, FrrReloadDiff, local_marker

pytestmark = pytest.mark.skipif(
    shutil.which("vtysh") is None or not Path(DEFAULT_FRR_RELOAD).exists(),
    reason="needs FRR's vtysh and frr-reload.py (apt-get install frr frr-pythontools)",
)

RUNNING = """Building configuration...

Current configuration:
!
frr version 8.4.4
frr defaults traditional
hostname r1
service integrated-vtysh-config
!
interface eth1
 description to r2
 ip address 10.0.12.1/30
 ip ospf network point-to-point
exit
!
router ospf
 ospf router-id 10.255.0.1
 network 10.0.12.0/30 area 0
exit
!
end
"""


@pytest.fixture
def differ() -> FrrReloadDiff:
    marker = local_marker()
    assert marker is not None
    return FrrReloadDiff(marker)


def test_merge_plan_adds_only_the_missing_lines(differ: FrrReloadDiff) -> None:
    candidate = "interface eth1\n description new text\n ip ospf network point-to-point\n"
    plan = differ.plan(candidate, RUNNING, with_deletes=False)
    assert plan.deletes == []
    assert plan.text() == "interface eth1\n description new text"


def test_replace_plan_removes_ospf_and_adds_bgp(differ: FrrReloadDiff) -> None:
    target = RUNNING.split("router ospf")[0] + "router bgp 65001\n neighbor 10.0.12.2 remote-as 65002\nexit\n"
    plan = differ.plan(target, RUNNING)
    assert plan.deletes == [["no router ospf"]]
    assert plan.adds[-1] == ["router bgp 65001", " neighbor 10.0.12.2 remote-as 65002"]
    assert plan.text().startswith("no router ospf\nrouter bgp 65001")


def test_identical_configs_plan_nothing(differ: FrrReloadDiff) -> None:
    assert not differ.plan(RUNNING, RUNNING)


def test_unknown_candidate_line_is_named_before_anything_is_sent(differ: FrrReloadDiff) -> None:
    with pytest.raises(CandidateError) as caught:
        differ.plan("interface eth1\n ip ospf cots 10\n", RUNNING)
    assert caught.value.line == "ip ospf cots 10" and "Unknown command" in caught.value.message


def test_the_router_shell_marks_the_config_even_with_frr_installed_here() -> None:
    """`vtysh -m` runs on the router's Linux shell, fed through stdin, never the local FRR: the
    router's release decides which lines are valid."""
    import subprocess

    from driver_replay import ReplayTransport
    from napalm.base.exceptions import MergeConfigException

    from napalm_frr import FRRDriver

    calls: list[str] = []

    class ShellTransport(ReplayTransport):
        def linux(self, command: str, stdin: str | None = None, timeout: float | None = None) -> tuple[int, str]:
            calls.append(command)
            done = subprocess.run(command, shell=True, input=stdin, capture_output=True, text=True)
            return done.returncode, done.stdout + done.stderr

    driver = FRRDriver("r1", "netassess", "", optional_args={"vtysh": shutil.which("vtysh")})
    driver.transport = ShellTransport()
    with pytest.raises(MergeConfigException, match="ip ospf cots 10"):
        driver.load_merge_candidate(config="interface eth1\n ip ospf cots 10\n")
    # the router's own frr-reload.py is fetched, then its own vtysh marks the candidate
    assert calls == ["cat /usr/lib/frr/frr-reload.py", f"{shutil.which('vtysh')} -m -f -"]


def test_plan_text_shares_one_context_header_between_consecutive_blocks() -> None:
    from napalm_frr.reload_diff import ReloadPlan

    plan = ReloadPlan(
        deletes=[["interface eth1", " no ip ospf cost 10"], ["interface eth1", " no description"], ["no router ospf"]],
        adds=[["interface eth1", " description uplink"], ["interface eth2", " ip ospf cost 5"]],
    )
    assert plan.text().splitlines() == [
        "interface eth1", " no ip ospf cost 10", " no description",
        "no router ospf",
        "interface eth1", " description uplink",
        "interface eth2", " ip ospf cost 5",
    ]
