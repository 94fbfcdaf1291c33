"""The docker transport end to end against a stand-in `docker` (docker cannot run here):
the driver's getters and config outcomes flow through `docker exec` command lines."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from napalm_frr import FRRDriver

FAKE_DOCKER = r"""#!/bin/sh
# stand-in for `docker exec CONTAINER ...`: answers like FRR 8.4 in container $2
[ "$1" = exec ] || exit 125
shift; [ "$1" = -i ] && shift
container=$1; shift
echo "$container $*" >> "$(dirname "$0")/calls.log"
case "$*" in
  *"show version"*) echo "FRRouting 8.4.4 (r1) on Linux(6.1.0)."; echo "Copyright 1996-2005 Kunihiro Ishiguro, et al." ;;
  *"show interface json"*) echo '{"eth1":{"administrativeStatus":"up","operationalStatus":"up","vrfName":"default"}}' ;;
  *"bogus"*) echo "% Unknown command: bogus line"; exit 1 ;;
  *"configure terminal"*) exit 0 ;;
  *"/proc/uptime"*) echo "12.5" ;;
  *) echo "% Unknown command: $*"; exit 1 ;;
esac
"""


@pytest.fixture
def docker(tmp_path: Path) -> Path:
    path = tmp_path / "docker"
    path.write_text(FAKE_DOCKER)
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path


def test_getters_run_through_docker_exec(docker: Path) -> None:
    driver = FRRDriver("clab-lab-r1", "", "", optional_args={"transport": "docker", "docker": str(docker)})
    driver.open()
    facts = driver.get_facts()
    assert (facts["hostname"], facts["uptime"], facts["interface_list"]) == ("r1", 12.5, ["eth1"])
    calls = (docker.parent / "calls.log").read_text().splitlines()
    assert calls[0] == "clab-lab-r1 vtysh -c show version"
    assert "clab-lab-r1 sh -c cut -d' ' -f1 /proc/uptime" in calls


def test_config_lines_go_through_one_docker_exec_and_refusals_name_the_line(docker: Path) -> None:
    transport = FRRDriver("c1", "", "", optional_args={"transport": "docker", "docker": str(docker)}).transport
    assert transport.configure(["interface eth1", " description fine"]).ok
    refused = transport.configure(["interface eth1", "bogus line"])
    assert (refused.failed_line, refused.applied) == ("bogus line", ["interface eth1"])
