"""The topologies in containerlab/ are valid for real containerlab and for the netns runtime."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from netassess.lab.topology import load_topology

REPO = Path(__file__).resolve().parents[3]
TOPOLOGIES = sorted((REPO / "containerlab").glob("*.clab.yml"))
TEST_TOPOLOGIES = sorted((REPO / "tests").rglob("*.clab.yml"))  # the live tests' own labs
# containerlab's published schema is not vendored (its licence and size): use the copy beside the
# checkout when there is one (developers' and CI's machines), or $NETASSESS_CLAB_SCHEMA.
_SCHEMA_CANDIDATES = [Path(p) for p in (os.environ.get("NETASSESS_CLAB_SCHEMA", ""),) if p] + [
    REPO.parent / "shared" / "schemas" / "clab.schema.json",
    Path("/work/shared/schemas/clab.schema.json"),
]
SCHEMA = next((p for p in _SCHEMA_CANDIDATES if p.is_file()), _SCHEMA_CANDIDATES[-1])


def test_the_three_documented_topologies_ship() -> None:
    assert {p.name for p in TOPOLOGIES} >= {"line.clab.yml", "triangle.clab.yml", "hub-spoke.clab.yml"}


@pytest.mark.parametrize("path", TOPOLOGIES + TEST_TOPOLOGIES, ids=lambda p: p.name)
def test_shipped_topology_matches_containerlabs_schema(path: Path) -> None:
    if not SCHEMA.exists():
        pytest.skip(f"containerlab's schema is not on this machine ({SCHEMA})")
    import jsonschema

    # Python's re lacks \p{N} / \p{L}; draft-07 semantics (the schema's own draft) without re-checking its regexes.
    text = SCHEMA.read_text().replace(r"\\p{N}", "0-9").replace(r"\\p{L}", "a-zA-Z")
    validator = jsonschema.Draft7Validator(json.loads(text))
    errors = [f"{'/'.join(map(str, e.path))}: {e.message[:120]}" for e in validator.iter_errors(yaml.safe_load(path.read_text()))]
    assert errors == []


@pytest.mark.parametrize("path", TOPOLOGIES, ids=lambda p: p.name)
def test_shipped_topology_runs_under_netns_with_frr_files_next_to_it(path: Path) -> None:
    topo = load_topology(path, runtime="netns")  # checks node:interface endpoints, kinds, files, mgmt addresses
    assert topo.warnings == []
    for node in topo.routers():
        assert node.image and "frrouting/frr" in node.image  # real containerlab pulls this image
        assert node.startup_config is not None and node.startup_config.is_file()
        assert node.daemons_file is not None and node.daemons_file.is_file()
        assert f"hostname {node.name}\n" in node.startup_config.read_text()
        binds = {b.target for b in node.binds}
        assert binds >= {"/etc/frr/frr.conf", "/etc/frr/daemons"}
    for link in topo.links:
        for ep in link.endpoints:
            assert ep.device in topo.nodes and ep.interface.startswith("eth") and ep.interface != "eth0"


@pytest.mark.parametrize("path", TOPOLOGIES, ids=lambda p: p.name)
def test_router_links_use_point_to_point_ospf_so_labs_converge_in_seconds(path: Path) -> None:
    topo = load_topology(path)
    routers = {n.name for n in topo.routers()}
    for link in topo.links:
        if link.a.device in routers and link.b.device in routers:
            for ep in link.endpoints:
                conf = topo.nodes[ep.device].startup_config.read_text()  # type: ignore[union-attr]
                block = conf.split(f"interface {ep.interface}\n", 1)[1].split("exit", 1)[0]
                assert "ip ospf network point-to-point" in block, (path.name, str(ep))


def test_shipped_labs_use_distinct_mgmt_subnets_so_they_can_run_together() -> None:
    subnets = [str(load_topology(p).mgmt_subnet) for p in TOPOLOGIES]
    assert len(subnets) == len(set(subnets))
