"""One kind/platform table for topologies, containerlab inventories and Nornir inventories."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from netassess.collect.inventory_files import load_clab_inventory
from netassess.lab.runtimes.containerlab import import_inventory
from netassess.lab.topology import load_topology
from netassess.platforms import napalm_driver, napalm_platform, node_platform


@pytest.mark.parametrize(("name", "platform"), [
    ("cisco_ios", "ios"), ("cisco_xe", "ios"), ("cisco_iosxe", "ios"),  # netmiko, scrapli
    ("arista_eos", "eos"), ("juniper_junos", "junos"), ("cisco_xr", "iosxr"), ("nokia_srl", "srl"),
    ("ceos", "eos"), ("cisco_iol", "ios"), ("vr-sros", "sros"), ("crpd", "junos"),  # containerlab kinds
    ("ios", "ios"), ("eos", "eos"), ("frr", "frr"), ("linux", "linux"),  # already NAPALM's / netassess's
])
def test_names_from_every_library_resolve_to_the_napalm_platform_netutils_gives(name: str, platform: str) -> None:
    assert napalm_platform(name) == platform


def test_a_name_no_library_maps_is_not_guessed() -> None:
    assert napalm_platform("cisco_ios_typo") is None
    assert node_platform("bridge") == "bridge"  # the kind itself; a run refuses it for want of a driver


def test_only_the_linux_platform_is_renamed_for_napalm() -> None:
    assert napalm_driver("linux") == "netassess_linux"
    assert [napalm_driver(p) for p in ("frr", "ios", "eos")] == ["frr", "ios", "eos"]


def test_topology_containerlab_import_and_clab_inventory_agree_on_every_kind(tmp_path: Path) -> None:
    kinds = {"a": ("ceos", "ceos:4.33"), "b": ("vr-sros", "vrnetlab/nokia_sros:23.10"), "c": ("cisco_iol", "iol:17"),
             "d": ("linux", "quay.io/frrouting/frr:10.1"), "e": ("linux", "alpine:3"), "f": ("juniper_crpd", "crpd:23")}
    nodes = "\n".join(f"    {n}: {{kind: {k}, image: {i}}}" for n, (k, i) in kinds.items())
    topo_file = tmp_path / "mix.clab.yml"
    topo_file.write_text(f"name: mix\ntopology:\n  nodes:\n{nodes}\n")
    topo = load_topology(topo_file, runtime="containerlab")
    expected = {"a": "eos", "b": "sros", "c": "ios", "d": "frr", "e": "linux", "f": "junos"}
    assert {n: node.platform for n, node in topo.nodes.items()} == expected
    assert [n for n, node in topo.nodes.items() if node.role == "host"] == ["e"]

    inv = tmp_path / "nornir-simple-inventory.yml"  # containerlab names platforms after kinds
    inv.write_text(textwrap.dedent("".join(
        f"{n}:\n  hostname: 172.20.20.{i}\n  platform: {k}\n" for i, (n, (k, _)) in enumerate(kinds.items(), 2))))
    assert {n: s.platform for n, s in import_inventory(inv, topo, "mix").items()} == expected
    assert {h.name: h.platform for h in load_clab_inventory(inv, topo_file).hosts.values()} == expected


def test_a_network_os_kind_is_refused_by_the_netns_lab_with_the_way_out(tmp_path: Path) -> None:
    from netassess.errors import SpecError

    (tmp_path / "t.clab.yml").write_text("name: t\ntopology:\n  nodes:\n    sw: {kind: ceos, image: ceos:4.33}\n")
    with pytest.raises(SpecError, match="kind 'ceos' cannot run in the built-in netns lab.*--runtime containerlab"):
        load_topology(tmp_path / "t.clab.yml", runtime="netns")
