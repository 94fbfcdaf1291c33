"""Containerlab topology parsing: inheritance, node kinds, mgmt addressing, and every error."""

from __future__ import annotations

import ipaddress
import textwrap
from pathlib import Path

import pytest

from netassess.errors import SpecError
from netassess.lab.topology import TopologyWarning, is_frr_image, load_topology

FRR = "quay.io/frrouting/frr:9.1.0"


def write(tmp_path: Path, text: str, name: str = "lab.clab.yml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


def two_routers(tmp_path: Path, links: str = '["r1:eth1", "r2:eth1"]', extra_node: str = "") -> Path:
    return write(tmp_path, f"""
        name: t
        topology:
          nodes:
            r1: {{kind: linux, image: {FRR}}}
            r2: {{kind: linux, image: {FRR}}}
            {extra_node}
          links:
            - endpoints: {links}
        """)


def test_inheritance_is_defaults_then_kinds_then_groups_then_node(tmp_path: Path) -> None:
    (tmp_path / "d.conf").write_text("x")
    (tmp_path / "n.conf").write_text("y")
    path = write(tmp_path, f"""
        name: inh
        topology:
          defaults:
            kind: linux
            env: {{A: defaults, B: defaults}}
            labels: {{tier: defaults}}
          kinds:
            linux:
              image: alpine:3
              binds: [d.conf:/etc/frr/daemons]
              env: {{B: kind}}
          groups:
            core:
              image: {FRR}
              labels: {{tier: core, site: lab}}
          nodes:
            r1:
              group: core
              binds: [n.conf:/etc/frr/frr.conf]
              labels: {{site: node}}
            h1: {{}}
        """)
    topo = load_topology(path)
    r1, h1 = topo.nodes["r1"], topo.nodes["h1"]
    assert (r1.role, r1.platform, r1.image, r1.group) == ("router", "frr", FRR, "core")
    assert r1.labels == {"tier": "core", "site": "node"}
    assert r1.env == {"A": "defaults", "B": "kind"}
    assert r1.daemons_file == tmp_path / "d.conf"  # kind bind kept: binds merge by target
    assert r1.startup_config == tmp_path / "n.conf"  # relative to the topology file
    assert (h1.role, h1.platform, h1.image) == ("host", "linux", "alpine:3")


def test_kind_frr_and_linux_with_frr_image_are_routers_other_linux_are_hosts(tmp_path: Path) -> None:
    path = write(tmp_path, """
        name: kinds
        topology:
          nodes:
            a: {kind: frr}
            b: {kind: linux, image: frrouting/frr:v8.4.1}
            c: {kind: linux, image: alpine:3}
            d: {kind: linux}
        """)
    roles = {n: (node.role, node.platform) for n, node in load_topology(path).nodes.items()}
    assert roles == {"a": ("router", "frr"), "b": ("router", "frr"), "c": ("host", "linux"), "d": ("host", "linux")}


@pytest.mark.parametrize(
    ("image", "is_frr"),
    [
        ("quay.io/frrouting/frr:9.1.0", True),
        ("frrouting/frr", True),
        ("docker.io/frrouting/frr@sha256:abcd", True),
        ("registry.local:5000/frrouting/frr-debian:latest", True),
        ("frr:8.4", True),
        ("prom/frr-exporter:1.0", False),
        ("alpine:3", False),
        (None, False),
    ],
)
def test_frr_image_detection(image: str | None, is_frr: bool) -> None:
    assert is_frr_image(image) is is_frr


def test_other_kind_is_refused_by_netns_naming_node_kind_and_containerlab(tmp_path: Path) -> None:
    path = write(tmp_path, """
        name: nos
        topology:
          nodes:
            srl1: {kind: nokia_srlinux, image: ghcr.io/nokia/srlinux}
        """)
    with pytest.raises(SpecError, match=r"topology\.nodes\.srl1: kind 'nokia_srlinux' .*--runtime containerlab"):
        load_topology(path, runtime="netns")
    for runtime in ("containerlab", None):  # None: reading the file to draw it or enrich an inventory
        node = load_topology(path, runtime=runtime).nodes["srl1"]
        assert (node.role, node.platform) == ("router", "srl")


def test_unknown_keys_warn_with_their_names(tmp_path: Path) -> None:
    path = write(tmp_path, """
        name: w
        colour: blue
        topology:
          nodes:
            h1: {kind: linux, flavour: mint, ports: ["80:80"]}
        """)
    with pytest.warns(TopologyWarning) as rec:
        topo = load_topology(path)
    text = " | ".join(str(w.message) for w in rec)
    assert "colour" in text and "flavour" in text
    assert "ports" not in text  # a container-only containerlab key is accepted silently
    assert len(topo.warnings) == 2


def test_bind_other_than_frr_files_warns_that_netns_ignores_it(tmp_path: Path) -> None:
    path = write(tmp_path, """
        name: w
        topology:
          nodes:
            h1: {kind: linux, binds: ["data:/srv/data"]}
        """)
    with pytest.warns(TopologyWarning, match="/srv/data is ignored"):
        load_topology(path, runtime="netns")


def test_links_brief_and_extended_forms(tmp_path: Path) -> None:
    path = write(tmp_path, f"""
        name: l
        topology:
          nodes:
            r1: {{kind: linux, image: {FRR}}}
            r2: {{kind: linux, image: {FRR}}}
          links:
            - endpoints: ["r1:eth1", "r2:eth1"]
            - type: veth
              endpoints:
                - {{node: r1, interface: eth2}}
                - {{node: r2, interface: eth2}}
        """)
    links = load_topology(path).links
    assert [(str(link.a), str(link.b)) for link in links] == [("r1:eth1", "r2:eth1"), ("r1:eth2", "r2:eth2")]
    assert links[0].a.device == "r1" and links[0].a.interface == "eth1"


@pytest.mark.parametrize(
    ("links", "message"),
    [
        ('["r1:eth1", "r9:eth1"]', r"unknown node 'r9'"),
        ('["r1:eth1", "r1:eth1"]', r"endpoint r1:eth1 is already used"),
        ('["r1:eth1", "r2:this-name-is-too-long"]', r"bad interface name"),
        ('["r1:eth1", "r2:eth/1"]', r"bad interface name"),
        ('["r1:eth0", "r2:eth1"]', r"eth0 is the management interface"),
        ('["r1eth1", "r2:eth1"]', r"must be 'node:interface'"),
        ('["r1:eth1", "r2:eth1", "r2:eth2"]', r"exactly two endpoints"),
        ('["r1:eth1", "host:veth9"]', r"special node 'host'.*--runtime containerlab"),
    ],
)
def test_bad_links_are_refused_before_anything_is_created(tmp_path: Path, links: str, message: str) -> None:
    with pytest.raises(SpecError, match=message):
        load_topology(two_routers(tmp_path, links))


def test_interface_used_by_two_links_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, f"""
        name: d
        topology:
          nodes:
            r1: {{kind: linux, image: {FRR}}}
            r2: {{kind: linux, image: {FRR}}}
            r3: {{kind: linux, image: {FRR}}}
          links:
            - endpoints: ["r1:eth1", "r2:eth1"]
            - endpoints: ["r1:eth1", "r3:eth1"]
        """)
    with pytest.raises(SpecError, match=r"links\[1\]: endpoint r1:eth1 is already used by topology.links\[0\]"):
        load_topology(path)


def test_mgmt_addresses_static_or_next_free_skipping_the_gateway(tmp_path: Path) -> None:
    path = write(tmp_path, """
        name: m
        mgmt: {network: m, ipv4-subnet: 10.99.0.0/24}
        topology:
          nodes:
            a: {kind: linux}
            b: {kind: linux, mgmt-ipv4: 10.99.0.2}
            c: {kind: linux}
        """)
    topo = load_topology(path)
    assert topo.mgmt_subnet == ipaddress.IPv4Network("10.99.0.0/24")
    assert {n: str(x.mgmt_ipv4) for n, x in topo.nodes.items()} == {"a": "10.99.0.3", "b": "10.99.0.2", "c": "10.99.0.4"}


def test_default_mgmt_subnet_is_containerlabs(tmp_path: Path) -> None:
    topo = load_topology(two_routers(tmp_path))
    assert str(topo.mgmt_subnet) == "172.20.20.0/24"
    assert str(topo.nodes["r1"].mgmt_ipv4) == "172.20.20.2"


def test_mgmt_subnet_override_moves_static_addresses_into_it(tmp_path: Path) -> None:
    path = write(tmp_path, """
        name: m
        mgmt: {ipv4-subnet: 172.20.22.0/24}
        topology:
          nodes:
            a: {kind: linux, mgmt-ipv4: 172.20.22.11}
        """)
    topo = load_topology(path, mgmt_subnet="172.30.5.0/24")
    assert str(topo.nodes["a"].mgmt_ipv4) == "172.30.5.11"


@pytest.mark.parametrize(
    ("mgmt", "node", "message"),
    [
        ("{ipv4-subnet: 10.1.0.0/24}", "{kind: linux, mgmt-ipv4: 10.2.0.5}", r"not a host address in 10.1.0.0/24"),
        ("{ipv4-subnet: 10.1.0.0/24}", "{kind: linux, mgmt-ipv4: 10.1.0.1}", r"is the management gateway"),
        ("{ipv4-subnet: 10.1.0.0/24}", "{kind: linux, mgmt-ipv4: not-an-ip}", r"mgmt-ipv4: 'not-an-ip' is not a valid address"),
        ("{ipv4-subnet: 10.1.0.0/33}", "{kind: linux}", r"not an IPv4 network"),
        ("{ipv4-subnet: 10.1.0.0/30}", "{kind: linux}", r"too small"),
    ],
)
def test_bad_mgmt_settings_are_refused(tmp_path: Path, mgmt: str, node: str, message: str) -> None:
    path = write(tmp_path, f"""
        name: m
        mgmt: {mgmt}
        topology:
          nodes:
            a: {node}
        """)
    with pytest.raises(SpecError, match=message):
        load_topology(path)


def test_duplicate_mgmt_address_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, """
        name: m
        topology:
          nodes:
            a: {kind: linux, mgmt-ipv4: 172.20.20.5}
            b: {kind: linux, mgmt-ipv4: 172.20.20.5}
        """)
    with pytest.raises(SpecError, match=r"172.20.20.5 is already used by a"):
        load_topology(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("topology: {nodes: {a: {kind: linux}}}", r"'name' is required"),
        ("name: x\ntopology: {nodes: {}}", r"topology.nodes is empty"),
        ("name: x\ntopology:\n  nodes:\n    a: {image: alpine}", r"topology.nodes.a: no kind"),
        ("name: x\ntopology: {nodes: {a: {kind: linux, exec: ls}}}", r"exec must be a list"),
        ("name: x\ntopology: {nodes: [a, b]}", r"topology.nodes must be a mapping"),
        ("name: x\ntopology: {nodes: {a: {kind: linux, binds: [nocolon]}}}", r"must be 'source:target"),
        ("name: x\ntopology: {nodes: {'bad name': {kind: linux}}}", r"node name 'bad name'"),
        ("name: x\n  bad: [indent", r"lab.clab.yml:\d+: malformed YAML"),
    ],
)
def test_malformed_files_raise_one_line_spec_errors(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(SpecError, match=message) as exc:
        load_topology(write(tmp_path, text))
    assert "\n" not in str(exc.value)
    assert "lab.clab.yml" in str(exc.value)


def test_missing_startup_config_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, f"""
        name: s
        topology:
          nodes:
            r1: {{kind: linux, image: {FRR}, binds: ["r1/frr.conf:/etc/frr/frr.conf"]}}
        """)
    with pytest.raises(SpecError, match=r"startup config .*r1/frr.conf does not exist"):
        load_topology(path, runtime="netns")
    assert load_topology(path).nodes["r1"].startup_config == tmp_path / "r1" / "frr.conf"  # drawing needs no file


def test_startup_config_key_is_honoured(tmp_path: Path) -> None:
    (tmp_path / "r1.conf").write_text("hostname r1\n")
    path = write(tmp_path, f"""
        name: s
        topology:
          nodes:
            r1: {{kind: linux, image: {FRR}, startup-config: r1.conf}}
        """)
    assert load_topology(path).nodes["r1"].startup_config == tmp_path / "r1.conf"


def test_missing_file_is_a_spec_error(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match="topology file not found"):
        load_topology(tmp_path / "nope.clab.yml")


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [(None, "clab-lab1-r1"), ('""', "r1"), ("__lab-name", "lab1-r1"), ("acme", "acme-lab1-r1")],
)
def test_namespace_names_follow_containerlab_prefix_rules(tmp_path: Path, prefix: str | None, expected: str) -> None:
    line = f"prefix: {prefix}\n" if prefix is not None else ""
    path = write(tmp_path, f"name: lab1\n{line}topology: {{nodes: {{r1: {{kind: linux}}}}}}\n")
    assert load_topology(path).container_name("r1") == expected
