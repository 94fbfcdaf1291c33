"""lldpd's json0 into NAPALM's LLDP shapes, on output recorded from a real lldpd (tests/fixtures/lldpd),
and the reasons given when there is no lldpd to ask."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from napalm_frr.contract import assert_conforms
from napalm_netassess_linux.lldp import LLDPMixin, lldpcli_command, lldpcli_neighbors, neighbors, read_lldpcli

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "lldpd"


def recorded(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"neighbors_details_{name}.json").read_text())


def test_ifname_port_ids_are_the_remote_port() -> None:
    detail = lldpcli_neighbors(recorded("ifname"))
    assert_conforms("get_lldp_neighbors_detail", detail)
    [r2] = detail["eth1"]
    assert (r2["remote_system_name"], r2["remote_port"], r2["remote_port_description"]) == ("r2", "eth1", "eth1")
    assert r2["remote_system_capab"] == ["bridge", "router", "station", "wlan-access-point"]
    assert r2["remote_system_enable_capab"] == ["router"]
    assert r2["remote_chassis_id"].count(":") == 5 and r2["parent_interface"] == ""
    assert r2["remote_system_description"].startswith("Debian GNU/Linux")


def test_a_mac_port_id_gives_way_to_the_port_description() -> None:
    raw = recorded("mac")
    port = raw["lldp"][0]["interface"][0]["port"][0]
    assert port["id"][0]["type"] == "mac"  # lldpd's default port ID subtype
    [r1] = lldpcli_neighbors(raw)["eth1"]
    assert (r1["remote_port"], r1["remote_system_name"]) == ("eth1", "r1")


def test_no_neighbours_is_an_empty_dict() -> None:
    assert lldpcli_neighbors(recorded("none")) == {}
    assert neighbors({}) == {}


def test_summary_is_derived_from_the_detail() -> None:
    summary = neighbors(lldpcli_neighbors(recorded("ifname")))
    assert summary == {"eth1": [{"hostname": "r2", "port": "eth1"}]}
    assert_conforms("get_lldp_neighbors", summary)


def test_the_command_uses_the_configured_lldpcli_or_searches_sbin() -> None:
    assert lldpcli_command({"lldpcli": "/opt/x/lldpcli -u /run/lldpd/lldpd.socket"}) == (
        "/opt/x/lldpcli -u /run/lldpd/lldpd.socket -f json0 show neighbors details")
    default = lldpcli_command({})
    assert default.endswith("lldpcli -f json0 show neighbors details") and "/usr/sbin" in default


@pytest.mark.parametrize(("rc", "out", "reason"), [
    (127, "sh: 1: lldpcli: not found", "lldpcli is not installed"),
    (1, "[WARN/lldpctl] unable to connect to socket /run/lldpd.socket\n",
     r"lldpd is not running or not reachable: \[WARN/lldpctl\] unable to connect"),
    (0, "not json", "printed no JSON"),
])
def test_each_failure_says_why(rc: int, out: str, reason: str) -> None:
    with pytest.raises(NotImplementedError, match=reason):
        read_lldpcli(lambda command: (rc, out), "r9", {})


class _Node(LLDPMixin):
    def __init__(self, data: dict[str, Any]) -> None:
        self.hostname, self.optional_args, self.data, self.sent = "r1", {"lldpcli": "lldpcli -u S"}, data, []

    def _lldp_run(self, command: str) -> tuple[int, str]:
        self.sent.append(command)
        return 0, json.dumps(self.data)


def test_the_mixin_filters_by_interface_and_uses_the_option() -> None:
    node = _Node(recorded("ifname"))
    assert set(node.get_lldp_neighbors_detail(interface="eth1")) == {"eth1"}
    assert node.get_lldp_neighbors_detail(interface="eth7") == {}
    assert node.get_lldp_neighbors() == {"eth1": [{"hostname": "r2", "port": "eth1"}]}
    assert node.sent[0].startswith("lldpcli -u S -f json0")
