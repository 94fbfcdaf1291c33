"""The docker transport end to end against a stand-in `docker` (docker cannot run here):
the driver's getters and config outcomes flow through `docker exec` command lines."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from napalm_frr import FRRDriver

FIXTURES = Path(__file__).parent / "fixtures" / "frr84"
# Stand-in for `docker exec CONTAINER ...`: vtysh commands answer with the recorded FRR output,
# configuration refuses any line containing "bogus" the way vtysh -c does (message, exit 1).
FAKE_DOCKER = r"""#!/bin/sh
[ "$1" = exec ] || exit 125
shift; [ "$1" = -i ] && shift
container=$1; shift
echo "$container $*" >> "$(dirname "$0")/calls.log"
case "$*" in
  *"configure terminal"*bogus*) echo "% Unknown command: bogus line"; exit 1 ;;
  *"configure terminal"*) exit 0 ;;
  *"/proc/uptime"*) echo "12.5" ;;
  "vtysh -c "*) shift 2; cat "FIXTURES/$(echo "$*" | tr ' /:' '___').txt" || exit 1 ;;
  *) exit 127 ;;
esac
"""


@pytest.fixture
def docker(tmp_path: Path) -> Path:
    path = tmp_path / "docker"
    path.write_text(FAKE_DOCKER.replace("FIXTURES", str(FIXTURES)))
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path


def test_getters_run_through_docker_exec(docker: Path) -> None:
    driver = FRRDriver("clab-lab-r1", "", "", optional_args={"transport": "docker", "docker": str(docker)})
    driver.open()
    facts = driver.get_facts()
    assert (facts["hostname"], facts["uptime"], facts["os_version"]) == ("r1", 12.5, "8.4.4")
    assert facts["interface_list"] == ["eth0", "eth1", "eth2", "lo"]
    assert driver.get_ospf_neighbors()["default"][0]["neighbor_id"] == "10.255.0.2"
    calls = (docker.parent / "calls.log").read_text().splitlines()
    assert calls[0] == "clab-lab-r1 vtysh -c show version"
    assert "clab-lab-r1 sh -c cut -d' ' -f1 /proc/uptime" in calls


def test_config_lines_go_through_one_docker_exec_and_refusals_name_the_line(docker: Path) -> None:
    transport = FRRDriver("c1", "", "", optional_args={"transport": "docker", "docker": str(docker)}).transport
    assert transport.configure(["interface eth1", " description fine"]).ok
    refused = transport.configure(["interface eth1", "bogus line"])
    assert (refused.failed_line, refused.applied) == ("bogus line", ["interface eth1"])
