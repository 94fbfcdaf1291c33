"""What makes a namespace feel like a container: private accounts, sshd config, FRR daemons,
and the environment checks that come before any of it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from netassess.errors import EnvironmentProblem
from netassess.lab import prereq
from netassess.lab.iproute import short_name
from netassess.lab.node_files import (
    LabAccounts,
    NodePaths,
    anchor_script,
    boot_script,
    daemon_set,
    new_boot_log,
    write_accounts,
    write_sshd_config,
)
from netassess.lab.topology import Node

ACCOUNTS = LabAccounts("admin", "$6$salt$hash", "netassess", "ssh-ed25519 AAAAC3Nza lab")


def router(tmp_path: Path, daemons: str | None = None) -> Node:
    daemons_file = None
    if daemons is not None:
        daemons_file = tmp_path / "daemons"
        daemons_file.write_text(daemons)
    return Node(name="r1", kind="linux", role="router", platform="frr", mgmt_ipv4="172.30.9.11",  # type: ignore[arg-type]
                daemons_file=daemons_file, exec=["ip route add 10.9.0.0/16 via 10.0.0.1"], env={"X": "1 2"})


def paths(tmp_path: Path) -> NodePaths:
    node_dir = tmp_path / "nodes" / "r1"
    node_dir.mkdir(parents=True)
    return NodePaths(node_dir, tmp_path / "etc-frr", tmp_path / "run-frr")


def test_daemons_are_zebra_staticd_plus_the_daemons_file_or_the_defaults(tmp_path: Path) -> None:
    assert daemon_set(router(tmp_path)) == ["zebra", "staticd", "ospfd", "ospf6d", "bgpd"]
    chosen = daemon_set(router(tmp_path, "bgpd=no\nospfd=yes\nisisd=yes\nnotadaemon=yes\nvtysh_enable=yes\n"))
    assert chosen == ["zebra", "staticd", "ospfd", "isisd"]


@pytest.mark.skipif(os.geteuid() != 0, reason="chown of lab homes needs root")
def test_accounts_are_private_and_carry_no_host_password_hash(tmp_path: Path) -> None:
    p = paths(tmp_path)
    write_accounts(router(tmp_path), p, ACCOUNTS)
    passwd = (p.node_dir / "passwd").read_text().splitlines()
    shadow = (p.node_dir / "shadow").read_text().splitlines()
    admin = next(line for line in passwd if line.startswith("admin:")).split(":")
    auto = next(line for line in passwd if line.startswith("netassess:")).split(":")
    assert admin[6] == "/usr/bin/vtysh" and auto[6] == "/bin/bash"
    assert admin[5] == "/home/admin"  # /home is the node's own, bound inside it
    hashes = {line.split(":")[0]: line.split(":")[1] for line in shadow}
    assert hashes.pop("admin") == "$6$salt$hash"
    assert hashes.pop("netassess") == "*"  # key only
    assert set(hashes.values()) == {"*"}  # root, frr, sshd…: no host hash copied
    assert oct((p.node_dir / "shadow").stat().st_mode & 0o777) == "0o600"
    group = (p.node_dir / "group").read_text()
    assert any(line.startswith("frrvty:") and "admin" in line and "netassess" in line for line in group.splitlines())
    keys = p.node_dir / "home" / "netassess" / ".ssh" / "authorized_keys"
    assert keys.read_text().strip() == ACCOUNTS.public_key
    assert keys.stat().st_uid == int(auto[2])


def test_sshd_listens_on_the_mgmt_address_only_with_its_own_pidfile(tmp_path: Path) -> None:
    p = paths(tmp_path)
    write_sshd_config(router(tmp_path), p, ACCOUNTS, tmp_path / "hostkey")
    text = p.sshd_config.read_text()
    assert "ListenAddress 172.30.9.11\n" in text
    assert f"PidFile {p.sshd_pid}\n" in text
    assert "PermitRootLogin no\n" in text and "AllowUsers admin netassess\n" in text


def test_anchor_binds_accounts_frr_dirs_and_homes_then_sets_the_hostname(tmp_path: Path) -> None:
    p = paths(tmp_path)
    script = anchor_script(router(tmp_path), p)
    fstab = (p.node_dir / "fstab").read_text().splitlines()
    assert {line.split()[1] for line in fstab} == {"/etc/passwd", "/etc/shadow", "/etc/group", "/etc/frr", "/run/frr", "/home"}
    assert f"{p.node_dir}/passwd /etc/passwd none bind 0 0" in fstab
    assert f"{p.run_frr} /run/frr none bind,X-mount.mkdir 0 0" in fstab  # only /run dirs are made on the host's fs
    assert f"mount --all --fstab {p.node_dir}/fstab\n" in script
    assert "printf '%s' r1 > /proc/sys/kernel/hostname\n" in script  # this UTS namespace's name only
    assert script.rstrip().endswith("exec sleep infinity </dev/null >/dev/null 2>&1")


def test_fstab_paths_with_spaces_are_escaped_as_mount_reads_them() -> None:
    from netassess.lab.rootfs import fstab_entry

    assert fstab_entry("/lab dir/passwd", "/etc/passwd") == "/lab\\040dir/passwd /etc/passwd none bind 0 0"


def test_daemons_get_frrs_fd_limit_or_the_daemons_files_max_fds(tmp_path: Path) -> None:
    script = boot_script(router(tmp_path), paths(tmp_path / "a"), ["zebra", "ospfd"])
    assert script.count(" --limit-fds 1024") == 2  # not the host's ulimit -n: FRR sizes tables by it
    node = router(tmp_path, "zebra=yes\nospfd=yes\nMAX_FDS=4096\n")
    assert boot_script(node, paths(tmp_path / "b"), ["zebra"]).count(" --limit-fds 4096") == 1


def test_boot_starts_daemons_applies_config_starts_sshd_then_exec(tmp_path: Path) -> None:
    script = boot_script(router(tmp_path), paths(tmp_path), ["zebra", "staticd", "ospfd"], pathspace="clab-l-r1")
    order = [script.index(s) for s in ("echo 1 > /proc/sys/net/ipv4/ip_forward", "/usr/lib/frr/zebra -d", "/usr/lib/frr/ospfd -d",
                                       "vtysh -b", "sshd -f", "ip route add 10.9.0.0/16")]
    assert order == sorted(order)
    assert "echo 1 > /proc/sys/net/ipv6/conf/all/keep_addr_on_down" in script  # IPv6 addresses survive a link down
    assert script.index("keep_addr_on_down") < script.index("/usr/lib/frr/zebra -d")
    assert "X='1 2'" in script
    assert script.count(" -N clab-l-r1") == 3  # ps names the router every daemon belongs to


def test_interface_names_are_short_unique_and_stable() -> None:
    names = {short_name("nav", "lab", f"r{i}") for i in range(200)}
    assert len(names) == 200 and all(len(n) <= 15 for n in names)
    assert short_name("nab", "bridge", "lab") == short_name("nab", "bridge", "lab")
    with pytest.raises(ValueError):
        short_name("toolong", "x")


def test_not_root_is_an_environment_problem_with_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    with pytest.raises(EnvironmentProblem, match="needs root.*sudo") as exc:
        prereq.require_netns()
    assert exc.value.exit_code == 4


def test_missing_sshd_names_the_exact_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    monkeypatch.setattr(prereq, "_which", lambda tool: None if tool in ("sshd", "vtysh") else f"/usr/bin/{tool}")
    with pytest.raises(EnvironmentProblem, match=r"missing frr, openssh-server: run `apt-get install -y frr openssh-server`"):
        prereq.require_netns()


def test_refused_startup_lines_are_reported_with_their_secrets_masked(tmp_path: Path) -> None:
    from netassess.lab.boot_log import boot_problems

    log = tmp_path / "boot.log"  # real vtysh -b output (FRR 8.4) for typo'd lines that carry secrets
    log.write_text(
        "line 4: % Unknown command[25]:  neighbr 10.0.0.2 password s3cret\n"
        "line 7: % Unknown command[17]:  ip ospf message-digest-key 1 md5 k3y extra\n"
        "line 13: % Unknown command[4]: bogus-command 1\n"
    )
    assert boot_problems("r1", log) == [
        "r1: line 4: % Unknown command[25]:  neighbr 10.0.0.2 password <removed>",
        "r1: line 7: % Unknown command[17]:  ip ospf message-digest-key <removed>",
        "r1: line 13: % Unknown command[4]: bogus-command 1",
    ]


def test_boot_log_is_private_before_anything_writes_to_it(tmp_path: Path) -> None:
    p = paths(tmp_path)
    (p.node_dir / "boot.log").write_text("an earlier boot\n")
    log = new_boot_log(p)
    assert log.read_text() == "" and log.stat().st_mode & 0o777 == 0o600
    assert f">> {log} 2>&1" in boot_script(router(tmp_path), p, ["zebra"], pathspace="clab-l-r1")


def test_a_failed_boot_quotes_the_last_boot_log_line_masked(tmp_path: Path) -> None:
    from netassess.lab.boot_log import log_tail as _log_tail

    log = tmp_path / "boot.log"
    assert _log_tail(log) == ""  # no log yet: the caller falls back to stderr
    log.write_text("line 2: % Unknown command[4]: bogus password hunter2\nFRR ospfd failed to start\n\n")
    assert _log_tail(log) == "FRR ospfd failed to start"
    log.write_text("line 2: % Unknown command[4]: bogus password hunter2\n")
    assert _log_tail(log) == "line 2: % Unknown command[4]: bogus password <removed>"
