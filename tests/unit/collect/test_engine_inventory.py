"""Inventory sources, credentials and role mapping."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from engine_fakes import write_inventory

from netassess.collect.inventory import build_nornir, load_clab_inventory
from netassess.collect.roles import build_role_map, parse_map_options
from netassess.errors import SpecError, UsageError


def test_exactly_one_inventory_source_is_required(tmp_path: Path) -> None:
    inv = write_inventory(tmp_path / "inv", {"r1": {"hostname": "r1"}})
    with pytest.raises(UsageError, match="exactly one"):
        build_nornir(interactive=False)
    with pytest.raises(UsageError, match="exactly one"):
        build_nornir(lab="x", inventory_dir=inv, interactive=False)


def test_simple_inventory_with_groups_and_threaded_workers(tmp_path: Path) -> None:
    inv = write_inventory(
        tmp_path / "inv",
        {"rtr-01": {"hostname": "10.0.0.1", "groups": ["core"], "data": {"roles": ["edge"]}}},
        groups={"core": {"platform": "ios"}},
        defaults={"username": "u", "password": "p"},
    )
    nr = build_nornir(inventory_dir=inv, workers=7, interactive=False)
    host = nr.inventory.hosts["rtr-01"]
    assert host.platform == "ios" and host.username == "u"
    assert nr.runner.num_workers == 7


def test_missing_credentials_come_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inv = write_inventory(tmp_path / "inv", {"r1": {"hostname": "r1"}}, defaults={"platform": "ios"})
    monkeypatch.setenv("NETASSESS_USERNAME", "envuser")
    monkeypatch.setenv("NETASSESS_PASSWORD", "envpass")
    host = build_nornir(inventory_dir=inv, interactive=False).inventory.hosts["r1"]
    assert (host.username, host.password) == ("envuser", "envpass")


def test_missing_credentials_are_prompted_for_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inv = write_inventory(tmp_path / "inv", {"r1": {"hostname": "r1"}}, defaults={"platform": "ios"})
    monkeypatch.delenv("NETASSESS_USERNAME", raising=False)
    monkeypatch.delenv("NETASSESS_PASSWORD", raising=False)
    asked: list[tuple[str, bool]] = []

    def prompt(label: str, secret: bool) -> str:
        asked.append((label, secret))
        return "typed"

    host = build_nornir(inventory_dir=inv, prompt=prompt, interactive=True).inventory.hosts["r1"]
    assert host.password == "typed" and asked == [("Username", False), ("Password", True)]


def test_missing_credentials_without_a_terminal_name_the_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inv = write_inventory(tmp_path / "inv", {"r1": {"hostname": "r1"}}, defaults={"platform": "ios", "username": "u"})
    monkeypatch.delenv("NETASSESS_PASSWORD", raising=False)
    with pytest.raises(UsageError, match="NETASSESS_PASSWORD"):
        build_nornir(inventory_dir=inv, interactive=False)


def test_clab_inventory_maps_frr_images_to_the_frr_platform(tmp_path: Path) -> None:
    labdir = tmp_path / "clab-tri"
    labdir.mkdir()
    (labdir / "nornir-simple-inventory.yml").write_text(yaml.safe_dump({
        "r1": {"username": "admin", "password": "admin", "platform": "linux", "hostname": "172.20.20.2"},
        "clab-tri-sw": {"username": "admin", "password": "admin", "platform": "arista_ceos", "hostname": "172.20.20.3"},
    }))
    (labdir / "topology-data.json").write_text(json.dumps({"nodes": {
        "r1": {"kind": "linux", "image": "quay.io/frrouting/frr:8.4.1", "longname": "clab-tri-r1"},
        "sw": {"kind": "arista_ceos", "image": "ceos:4.30", "longname": "clab-tri-sw"},
    }}))
    inv = load_clab_inventory(labdir / "nornir-simple-inventory.yml")
    assert inv.hosts["r1"].platform == "frr"
    assert inv.hosts["sw"].platform == "eos"  # long names are shortened to node names


def test_clab_inventory_uses_the_task_topology_when_no_export_is_beside_it(tmp_path: Path) -> None:
    (tmp_path / "inv.yml").write_text(yaml.safe_dump({"r1": {"platform": "linux", "hostname": "10.0.0.1"}}))
    (tmp_path / "t.clab.yml").write_text(yaml.safe_dump({"name": "t", "topology": {
        "kinds": {"linux": {"image": "frrouting/frr:v8.4.0"}}, "nodes": {"r1": {"kind": "linux"}}}}))
    assert load_clab_inventory(tmp_path / "inv.yml", tmp_path / "t.clab.yml").hosts["r1"].platform == "frr"


def test_roles_map_override_beats_inventory_data_beats_task_roles(tmp_path: Path) -> None:
    inv = write_inventory(tmp_path / "inv", {
        "rtr-01": {"data": {"roles": ["core"]}}, "rtr-02": {}, "rtr-03": {}})
    nr = build_nornir(inventory_dir=inv, interactive=False)
    task_roles = {"edge": "rtr-02", "core": ["rtr-02", "rtr-03"]}
    rm = build_role_map(nr.inventory, task_roles)
    assert rm.roles["core"] == ["rtr-01"] and rm.roles["edge"] == ["rtr-02"]
    rm = build_role_map(nr.inventory, task_roles, parse_map_options(["edge=rtr-03", "core=rtr-01,rtr-02"]))
    assert rm.roles["edge"] == ["rtr-03"] and rm.roles["core"] == ["rtr-01", "rtr-02"]
    assert rm.devices["rtr-02"].roles == ("core",)
    assert rm.resolve(["edge", "rtr-01"], "t") == ["rtr-01", "rtr-03"]
    assert rm.resolve(["all"], "t") == ["rtr-01", "rtr-02", "rtr-03"]


def test_a_role_naming_an_unknown_node_says_how_to_map_it(tmp_path: Path) -> None:
    nr = build_nornir(inventory_dir=write_inventory(tmp_path / "inv", {"rtr-01": {}}), interactive=False)
    with pytest.raises(UsageError, match="--map edge=<host>"):
        build_role_map(nr.inventory, {"edge": "r1"})
    with pytest.raises(SpecError, match="no role, device or group"):
        build_role_map(nr.inventory, {}).resolve(["nosuch"], "task.yaml: checks[0]")


def test_bad_map_option_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="role=node"):
        parse_map_options(["edge"])


def test_a_session_timeout_is_added_without_losing_group_extras(tmp_path: Path) -> None:
    inv = write_inventory(
        tmp_path / "inv",
        {"r1": {"groups": ["frr"]}, "r2": {"groups": ["frr"], "connection_options": {"napalm": {"extras": {"timeout": 90}}}}},
        groups={"frr": {"platform": "frr", "connection_options": {"napalm": {"extras": {"optional_args": {"key_file": "/k"}}}}}},
        defaults={"username": "u", "password": "p"},
    )
    nr = build_nornir(inventory_dir=inv, interactive=False, timeout=20)
    r1 = nr.inventory.hosts["r1"].get_connection_parameters("napalm")
    assert r1.extras == {"optional_args": {"key_file": "/k"}, "timeout": 20} and r1.username == "u"
    assert nr.inventory.hosts["r2"].get_connection_parameters("napalm").extras == {"timeout": 90}


def test_a_failed_nornir_task_prints_no_traceback_or_secret(tmp_path: Path) -> None:
    # In a subprocess: pytest's own log handler would hide Python's last-resort stderr printing.
    import subprocess
    import sys
    import textwrap

    write_hosts = "r1: {hostname: 127.0.0.1, platform: frr, username: u, password: p}\n"
    (tmp_path / "hosts.yaml").write_text(write_hosts)
    code = textwrap.dedent(f"""
        from netassess.collect.inventory import build_nornir
        nr = build_nornir(inventory_dir={str(tmp_path)!r})
        def refused(task):
            raise ValueError("FRR does not accept candidate line 'neighbor 10.0.0.2 password TopSecret1'")
        print("failed" if nr.run(task=refused, raise_on_error=False).failed else "ok")
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "failed"
    assert "Traceback" not in done.stderr and "TopSecret1" not in done.stderr


def test_a_platform_without_a_napalm_driver_is_a_usage_error_naming_the_host(tmp_path: Path) -> None:
    from netassess.collect.inventory import require_napalm_drivers

    (tmp_path / "hosts.yaml").write_text("rtr-01: {hostname: 192.0.2.1, platform: cisco_ios_typo, username: u, password: p}\n"
                                         "rtr-02: {hostname: 192.0.2.2, platform: ios, username: u, password: p}\n")
    nr = build_nornir(inventory_dir=tmp_path, interactive=False)  # a device the task does not use may be anything
    require_napalm_drivers(nr, ["rtr-02"])
    with pytest.raises(UsageError, match="host rtr-01: platform 'cisco_ios_typo' has no NAPALM driver installed"):
        require_napalm_drivers(nr, ["rtr-01", "rtr-02"])


def test_netmiko_and_other_library_platform_names_resolve_as_netutils_maps_them(tmp_path: Path) -> None:
    from netassess.collect.inventory import require_napalm_drivers

    (tmp_path / "hosts.yaml").write_text("a: {hostname: 192.0.2.1, platform: cisco_ios, username: u, password: p}\n"
                                         "b: {hostname: 192.0.2.2, platform: cisco_iosxe, username: u, password: p}\n"
                                         "c: {hostname: 192.0.2.3, platform: juniper_junos, username: u, password: p}\n")
    nr = build_nornir(inventory_dir=tmp_path, interactive=False)
    assert {h.name: h.platform for h in nr.inventory.hosts.values()} == {"a": "ios", "b": "ios", "c": "junos"}
    require_napalm_drivers(nr, ["a", "b", "c"])


def test_a_known_platform_whose_driver_is_not_installed_is_refused_by_its_napalm_name(tmp_path: Path) -> None:
    from netassess.collect.inventory import require_napalm_drivers

    (tmp_path / "hosts.yaml").write_text("pe1: {hostname: 192.0.2.1, platform: nokia_sros, username: u, password: p}\n")
    nr = build_nornir(inventory_dir=tmp_path, interactive=False)
    with pytest.raises(UsageError, match=r"host pe1: platform 'sros' has no NAPALM driver installed \(NAPALM looks for napalm.sros"):
        require_napalm_drivers(nr, ["pe1"])


def test_platform_linux_reaches_netassess_own_driver_not_pypi_napalm_linux(tmp_path: Path) -> None:
    from napalm import get_network_driver

    from napalm_netassess_linux import LinuxDriver

    (tmp_path / "groups.yaml").write_text("hosts_grp: {platform: linux, connection_options: {napalm: {port: 2222}}}\n")
    (tmp_path / "hosts.yaml").write_text("h1: {hostname: 192.0.2.1, groups: [hosts_grp], username: u, password: p}\n")
    host = build_nornir(inventory_dir=tmp_path, interactive=False).inventory.hosts["h1"]
    params = host.get_connection_parameters("napalm")
    assert host.platform == "linux"  # what checks and command policies see
    assert params.platform == "netassess_linux" and params.port == 2222  # the group's options still apply
    assert get_network_driver(params.platform) is LinuxDriver


@pytest.mark.parametrize("part", ["hosts", "groups", "defaults"])
def test_malformed_inventory_yaml_names_file_and_line(tmp_path: Path, part: str) -> None:
    inv = tmp_path / "inv"
    inv.mkdir()
    good = {"hosts": "r1:\n  hostname: 10.0.0.1\n  platform: frr\n", "groups": "core: {}\n", "defaults": "username: a\n"}
    for name, text in good.items():
        (inv / f"{name}.yaml").write_text(text)
    (inv / f"{part}.yaml").write_text(good[part] + "x:\n  y: [1\n  z: 2\n")
    line = good[part].count("\n") + 3  # where the parser finds the unclosed list: the `z:` line
    with pytest.raises(UsageError, match=rf"{part}\.yaml:{line}: malformed YAML: .*expected ',' or '\]'"):
        build_nornir(inventory_dir=inv, interactive=False)
