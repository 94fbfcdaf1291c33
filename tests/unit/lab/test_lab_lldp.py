"""LLDP in the built-in lab: who runs lldpd, where it comes from, and what each node gets for it."""

from __future__ import annotations

import grp
import pwd
from pathlib import Path

import pytest

from netassess.errors import EnvironmentProblem, SpecError
from netassess.lab import lldp
from netassess.lab.node_files import LLDPD_USER, LabAccounts, NodePaths, anchor_script, boot_script, write_accounts
from netassess.lab.topology import Node

ACCOUNTS = LabAccounts("admin", "$6$salt$hash", "netassess", "ssh-ed25519 AAAAC3Nza lab")


def node(labels: dict[str, str] | None = None) -> Node:
    return Node(name="r1", kind="linux", role="router", platform="frr", mgmt_ipv4="172.30.9.11",  # type: ignore[arg-type]
                labels=labels or {})


def node_paths(tmp_path: Path) -> NodePaths:
    node_dir = tmp_path / "nodes" / "r1"
    node_dir.mkdir(parents=True)
    return NodePaths(node_dir, tmp_path / "etc-frr", tmp_path / "run-frr")


@pytest.mark.parametrize(("labels", "lab_wide", "runs"), [
    ({}, False, False), ({}, True, True),
    ({lldp.LABEL: "on"}, False, True), ({lldp.LABEL: "True"}, False, True),
    ({lldp.LABEL: "off"}, True, False), ({lldp.LABEL: "no"}, True, False),
])
def test_the_label_decides_and_off_beats_the_lab_wide_flag(labels: dict[str, str], lab_wide: bool, runs: bool) -> None:
    assert lldp.wanted(node(labels), lab_wide) is runs


def test_a_label_value_that_is_neither_on_nor_off_is_a_spec_error() -> None:
    with pytest.raises(SpecError, match=r"node r1: label netassess.lldp: 'maybe'"):
        lldp.wanted(node({lldp.LABEL: "maybe"}), False)


def _unpacked(root: Path, cli_mode: int = 0o755) -> Path:
    (root / "usr/sbin").mkdir(parents=True)
    (root / "bin").mkdir()
    (root / "usr/sbin/lldpd").write_bytes(b"")
    (root / "bin/lldpcli").write_text("#!/bin/sh\n")
    (root / "bin/lldpcli").chmod(cli_mode)
    return root


def test_an_unpacked_tree_named_by_the_environment_comes_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _unpacked(tmp_path / "lldpd")
    monkeypatch.setenv(lldp.ROOT_ENV, str(root))
    tools = lldp.find_tools()
    assert tools == lldp.LldpTools(root / "usr/sbin/lldpd", root / "bin/lldpcli")
    assert isinstance(tools, lldp.LldpTools) and tools.client() == f"{root}/bin/lldpcli -u /run/lldpd/lldpd.socket"


def test_an_lldpcli_lab_users_cannot_run_does_not_count(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(lldp.ROOT_ENV, str(_unpacked(tmp_path / "lldpd", cli_mode=0o750)))
    monkeypatch.setattr(lldp, "DEFAULT_ROOT", tmp_path / "absent")
    host = _unpacked(tmp_path / "host", cli_mode=0o4750)  # Debian's lldpcli: setuid, root and adm only
    monkeypatch.setattr(lldp, "HOST_TOOLS", (host / "usr/sbin/lldpd", host / "bin/lldpcli"))
    found = lldp.find_tools()
    assert isinstance(found, str) and "make lldpd" in found
    with pytest.raises(EnvironmentProblem, match="run `make lldpd`"):
        lldp.require_tools()


def test_the_node_config_names_ports_by_interface_and_sends_often(tmp_path: Path) -> None:
    conf = lldp.write_config(tmp_path)
    assert conf.read_text().splitlines() == ["configure lldp portidsubtype ifname", f"configure lldp tx-interval {lldp.TX_INTERVAL}"]
    assert lldp.run_dir(tmp_path).is_dir()


def test_lldpd_runs_in_the_foreground_off_eth0_with_the_nodes_own_socket_and_config(tmp_path: Path) -> None:
    tools = lldp.LldpTools(Path("/opt/l/usr/sbin/lldpd"), Path("/opt/l/bin/lldpcli"))
    mkdir, start, pid = lldp.boot_lines(tools, tmp_path)
    assert mkdir == "mkdir -p /run/lldpd/etc"
    assert start.startswith("/opt/l/usr/sbin/lldpd -d -u /run/lldpd/lldpd.socket -I '*,!eth0' -L /opt/l/bin/lldpcli ")
    assert f"-O {tmp_path}/lldpd.conf" in start and start.endswith(f">{tmp_path}/lldpd.log 2>&1 &")
    assert pid == f"echo $! > {tmp_path}/lldpd.pid"


def test_boot_starts_services_after_sshd_and_before_exec(tmp_path: Path) -> None:
    n = node()
    n.exec.append("true")
    script = boot_script(n, node_paths(tmp_path), ["zebra"], services=["start-lldpd-here"])
    assert script.index("sshd -f") < script.index("start-lldpd-here") < script.index("exec: true")


def test_the_anchor_binds_a_private_run_lldpd_only_for_lldp_nodes(tmp_path: Path) -> None:
    p = node_paths(tmp_path)
    anchor_script(node(), p)
    assert "/run/lldpd" not in (p.node_dir / "fstab").read_text()
    anchor_script(node(), p, lldp.run_dir(p.node_dir))
    assert f"{p.node_dir}/run-lldpd /run/lldpd none bind,X-mount.mkdir 0 0\n" in (p.node_dir / "fstab").read_text()


def test_the_automation_user_joins_the_lldpd_group_inside_the_node_only(tmp_path: Path) -> None:
    p = node_paths(tmp_path)
    write_accounts(node(), p, ACCOUNTS, lldp=True)
    groups = {line.split(":")[0]: line.split(":") for line in (p.node_dir / "group").read_text().splitlines()}
    passwd = {line.split(":")[0]: line.split(":") for line in (p.node_dir / "passwd").read_text().splitlines()}
    assert groups[LLDPD_USER][3].split(",")[-1] == "netassess" and "admin" not in groups[LLDPD_USER][3]
    assert passwd[LLDPD_USER][6] == "/usr/sbin/nologin" and passwd[LLDPD_USER][5] == "/run/lldpd"
    try:  # when the host has lldpd's account, the node keeps its IDs
        assert int(passwd[LLDPD_USER][2]) == pwd.getpwnam(LLDPD_USER).pw_uid
        assert int(groups[LLDPD_USER][2]) == grp.getgrnam(LLDPD_USER).gr_gid
    except KeyError:
        assert int(passwd[LLDPD_USER][2]) >= 61000
    write_accounts(node(), p, ACCOUNTS, lldp=False)
    group_text = (p.node_dir / "group").read_text()
    assert not any(line.startswith(f"{LLDPD_USER}:") and "netassess" in line for line in group_text.splitlines())


def test_a_host_install_counts_when_lab_users_may_run_its_lldpcli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(lldp.ROOT_ENV, raising=False)
    monkeypatch.setattr(lldp, "DEFAULT_ROOT", tmp_path / "absent")
    host = _unpacked(tmp_path / "host")
    monkeypatch.setattr(lldp, "HOST_TOOLS", (host / "usr/sbin/lldpd", host / "bin/lldpcli"))
    assert lldp.find_tools() == lldp.LldpTools(host / "usr/sbin/lldpd", host / "bin/lldpcli")
