"""The containerlab runtime: its command lines and the import of containerlab's Nornir inventory
(containerlab does not run here, so a file shaped like the one it writes stands in for it)."""

from __future__ import annotations

import subprocess
import textwrap
from collections.abc import Sequence
from pathlib import Path

import pytest

from netassess.errors import EnvironmentProblem
from netassess.lab.inventory import nornir_inventory
from netassess.lab.runtime import RUNTIMES, get_runtime
from netassess.lab.runtimes.containerlab import (
    ContainerlabRuntime,
    deploy_argv,
    destroy_argv,
    import_inventory,
    lab_directory,
)
from netassess.lab.state import load_state, state_path
from netassess.lab.topology import load_topology

REPO = Path(__file__).resolve().parents[3]

# Shaped like containerlab's generated clab-<lab>/nornir-simple-inventory.yml (containerlab.dev/manual/inventory):
# FRR images run as kind linux, so containerlab calls them platform linux.
CLAB_INVENTORY = """\
---
hub:
  hostname: 172.20.23.10
  platform: linux
spoke1:
  hostname: 172.20.23.11
  platform: linux
spoke2:
  hostname: 172.20.23.12
  platform: linux
h1:
  hostname: 172.20.23.21
  platform: linux
h2:
  hostname: 172.20.23.22
  platform: linux
"""


def test_deploy_and_destroy_command_lines() -> None:
    topo = Path("/labs/triangle.clab.yml")
    assert deploy_argv(topo) == ["containerlab", "deploy", "-t", "/labs/triangle.clab.yml"]
    assert deploy_argv(topo, name="t1", reconfigure=True) == [
        "containerlab", "deploy", "-t", "/labs/triangle.clab.yml", "--name", "t1", "--reconfigure"]
    assert destroy_argv(topo, name="t1") == ["containerlab", "destroy", "-t", "/labs/triangle.clab.yml", "--name", "t1", "--cleanup"]


def test_inventory_import_maps_frr_image_nodes_to_frr_routers(tmp_path: Path) -> None:
    topo = load_topology(REPO / "containerlab" / "hub-spoke.clab.yml", runtime="containerlab")
    inv = tmp_path / "nornir-simple-inventory.yml"
    inv.write_text(CLAB_INVENTORY)
    nodes = import_inventory(inv, topo, "hub-spoke")
    assert {n: (s.kind, s.platform) for n, s in nodes.items()} == {
        "hub": ("router", "frr"), "spoke1": ("router", "frr"), "spoke2": ("router", "frr"),
        "h1": ("host", "linux"), "h2": ("host", "linux")}
    assert nodes["hub"].namespace == "clab-hub-spoke-hub"
    assert nodes["spoke1"].mgmt_ipv4 == "172.20.23.11"
    assert nodes["spoke1"].interfaces == ["eth0", "eth1", "eth2"]


def test_inventory_import_maps_nos_kinds_to_napalm_platforms(tmp_path: Path) -> None:
    path = tmp_path / "nos.clab.yml"
    path.write_text(textwrap.dedent("""
        name: nos
        topology:
          nodes:
            srl: {kind: nokia_srlinux, image: ghcr.io/nokia/srlinux}
            ceos: {kind: arista_ceos, image: ceos:4.33}
        """))
    inv = tmp_path / "inv.yml"
    inv.write_text("srl:\n  username: admin\n  password: NokiaSrl1!\n  platform: nokia_srlinux\n  hostname: 172.20.20.2\n"
                   "ceos:\n  username: admin\n  password: admin\n  platform: arista_eos\n  hostname: 172.20.20.3\n")
    nodes = import_inventory(inv, load_topology(path, runtime="containerlab"), "nos")
    assert (nodes["srl"].platform, nodes["ceos"].platform) == ("srl", "eos")
    assert nodes["srl"].kind == "router"


class FakeContainerlab:
    """Stands in for containerlab + docker: records command lines, writes the inventory on deploy."""

    def __init__(self, lab_dir: Path) -> None:
        self.calls: list[list[str]] = []
        self.lab_dir = lab_dir

    def __call__(self, argv: Sequence[str]) -> subprocess.CompletedProcess[str]:
        self.calls.append(list(argv))
        if argv[:2] == ["containerlab", "deploy"]:
            self.lab_dir.mkdir(parents=True, exist_ok=True)
            (self.lab_dir / "nornir-simple-inventory.yml").write_text(CLAB_INVENTORY)
        return subprocess.CompletedProcess(list(argv), 0, "", "")


def test_up_deploys_imports_and_down_destroys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETASSESS_STATE_DIR", str(tmp_path / "labs"))
    monkeypatch.setattr("shutil.which", lambda tool: f"/usr/bin/{tool}")
    # copy the topology so containerlab's lab directory lands in tmp_path, not in the repo
    src = REPO / "containerlab"
    for rel in ["hub-spoke.clab.yml", "frr-daemons", *[f"hub-spoke/{r}/frr.conf" for r in ("hub", "spoke1", "spoke2")]]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text((src / rel).read_text())
    topo = load_topology(tmp_path / "hub-spoke.clab.yml", runtime="containerlab")
    fake = FakeContainerlab(lab_directory(topo, "hub-spoke"))
    runtime = ContainerlabRuntime(run=fake)

    state = runtime.up(topo)
    assert fake.calls[-1] == deploy_argv(topo.path)
    assert state.runtime == "containerlab" and state.status == "up"
    assert load_state("hub-spoke").nodes["hub"].platform == "frr"
    napalm = nornir_inventory(state)["hosts"]["hub"]["connection_options"]["napalm"]
    assert napalm["extras"]["optional_args"] == {"transport": "docker", "container": "clab-hub-spoke-hub"}

    runtime.down("hub-spoke")
    assert fake.calls[-1] == destroy_argv(topo.path, name="hub-spoke")
    assert not state_path("hub-spoke").exists()


def test_failed_deploy_is_a_one_line_lab_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("shutil.which", lambda tool: f"/usr/bin/{tool}")

    def failing(argv: Sequence[str]) -> subprocess.CompletedProcess[str]:
        rc = 1 if argv[0] == "containerlab" else 0
        return subprocess.CompletedProcess(list(argv), rc, "", "level=error msg=\"image pull failed\"\n")

    with pytest.raises(Exception, match=r"containerlab deploy -t .* failed: level=error") as exc:
        ContainerlabRuntime(run=failing).up(REPO / "containerlab" / "line.clab.yml")
    assert exc.value.exit_code == 4  # type: ignore[attr-defined]


def test_without_containerlab_the_runtime_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("shutil.which", lambda tool: None)
    runtime = ContainerlabRuntime()
    assert "containerlab.dev/install" in (runtime.problem() or "")
    with pytest.raises(EnvironmentProblem, match="containerlab is not installed"):
        runtime.up(REPO / "containerlab" / "line.clab.yml")


def test_auto_runtime_falls_back_to_netns_without_containerlab(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("shutil.which", lambda tool: None)
    assert get_runtime("auto").name == "netns"
    assert RUNTIMES.names() == ["containerlab", "netns"]
