"""A new task lab boots its routers into the setup stage instead of having it pushed, whenever that
leaves them running the same thing; otherwise (and when attaching) the push stays."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from netassess import pods
from netassess.lab.runtimes.netns import LabAlreadyUp
from netassess.lab.setup_boot import booting_into, setup_startup_configs
from netassess.lab.state import LabState
from netassess.spec.catalog import find_task
from netassess.spec.loader import load_task
from netassess.spec.stages import render_stage

TOPOLOGY = {
    "name": "boottest",
    "mgmt": {"ipv4-subnet": "172.31.250.0/24"},
    "topology": {
        "kinds": {"linux": {"image": "quay.io/frrouting/frr:9.1.0"}},
        "nodes": {"r1": {"kind": "linux", "startup-config": "r1.conf"}, "r2": {"kind": "linux"},
                  "h1": {"kind": "linux", "image": "alpine:3"}},
        "links": [{"endpoints": ["r1:eth1", "r2:eth1"]}, {"endpoints": ["r2:eth2", "h1:eth1"]}],
    },
}


def project(root: Path, *, mode: str = "replace", setup: str = "hostname {{ hostname }}\ninterface eth1\n description {{ note }}\nexit\n",
            extra_templates: dict[str, str] | None = None, targets: list[str] | None = None) -> Path:
    """A task project whose setup stage renders ``setup`` (parameters: note, and a secret key)."""
    (root / "containerlab").mkdir(parents=True)
    (root / "containerlab" / "boot.clab.yml").write_text(yaml.safe_dump(TOPOLOGY))
    (root / "containerlab" / "r1.conf").write_text("hostname r1\ninterface lo\n ip address 10.9.9.1/32\nexit\n")
    (root / "templates" / "frr").mkdir(parents=True)
    (root / "templates" / "frr" / "setup.j2").write_text(setup)
    templates = {"frr": "templates/frr/setup.j2"}
    for platform, text in (extra_templates or {}).items():
        (root / "templates" / platform).mkdir(parents=True, exist_ok=True)
        (root / "templates" / platform / "setup.j2").write_text(text)
        templates[platform] = f"templates/{platform}/setup.j2"
    (root / "tasks").mkdir()
    task = {
        "apiVersion": "netassess/v1", "kind": "Task", "id": "boot-test", "title": "Boot", "version": "1",
        "skills": ["S2"], "brief": "b", "topology": "../containerlab/boot.clab.yml",
        "parameters": {"note": {"type": "str", "default": "to r2"}, "key": {"type": "secret", "default": "s3cr3t-k3y"}},
        "stages": {"setup": {"templates": templates, "mode": mode, **({"targets": targets} if targets else {})},
                   "solution": {"templates": {"frr": "templates/frr/setup.j2"}}},
        "checks": [{"id": "hostname", "type": "hostname", "targets": ["all"]}], "scoring": {"pass_mark": 60},
    }
    path = root / "tasks" / "boot-test.yaml"
    path.write_text(yaml.safe_dump(task, sort_keys=False))
    return path


def test_a_replace_setup_boots_each_router_with_exactly_what_the_push_would_send() -> None:
    loaded = load_task(find_task("s2-ospf-triangle"))
    configs = setup_startup_configs(loaded)
    assert configs is not None and sorted(configs) == ["r1", "r2", "r3"]
    for node, text in configs.items():
        assert text == render_stage(loaded, "setup", node, "frr", hostname=node)
    assert "description to r2" in configs["r1"] and "ip address" not in configs["r1"]


def test_each_candidates_pod_boots_with_their_own_generated_parameters(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETASSESS_COHORT_SECRET", "k" * 32)
    monkeypatch.delenv("NETASSESS_COHORT_SECRET_FILE", raising=False)
    path = find_task("s7-readdress-link")
    ann, bob = (load_task(path, candidate=c) for c in ("ann", "bob"))
    assert ann.params["p2p_block"] != bob.params["p2p_block"]
    boot_ann, boot_bob = setup_startup_configs(ann), setup_startup_configs(bob)
    assert boot_ann is not None and boot_bob is not None and boot_ann != boot_bob
    for loaded, boot in ((ann, boot_ann), (bob, boot_bob)):
        assert boot == {n: render_stage(loaded, "setup", n, "frr", hostname=n) for n in boot}


def test_a_merge_setup_boots_the_topologys_own_startup_config_then_the_stage(tmp_path: Path) -> None:
    configs = setup_startup_configs(load_task(project(tmp_path, mode="merge")))
    assert configs is not None and sorted(configs) == ["r1", "r2"]  # h1 has no linux template: skipped, as the push does
    assert configs["r1"].startswith("hostname r1\ninterface lo\n ip address 10.9.9.1/32\nexit\n!\n")
    assert configs["r1"].endswith("hostname r1\ninterface eth1\n description to r2\nexit\n")
    assert configs["r2"] == "hostname r2\n!\nhostname r2\ninterface eth1\n description to r2\nexit\n"


def test_a_setup_holding_a_secret_value_is_pushed_not_written_to_a_boot_file(tmp_path: Path) -> None:
    loaded = load_task(project(tmp_path, setup="hostname {{ hostname }}\nkey chain k\n key 1\n  key-string {{ key }}\n"))
    assert setup_startup_configs(loaded) is None


def test_a_setup_that_configures_a_host_is_pushed(tmp_path: Path) -> None:
    loaded = load_task(project(tmp_path, extra_templates={"linux": "ip addr add 192.0.2.1/24 dev eth1\n"}))
    assert setup_startup_configs(loaded) is None


def test_booting_into_swaps_only_the_configured_routers_startup_and_removes_the_files_after(tmp_path: Path) -> None:
    topology_path = tmp_path / "containerlab" / "boot.clab.yml"
    project(tmp_path)
    with booting_into(topology_path, {"r2": "hostname r2\n!\n"}, "172.31.251.0/24") as topo:
        boot_file = topo.nodes["r2"].startup_config
        assert boot_file is not None and boot_file.read_text() == "hostname r2\n!\n"
        assert topo.nodes["r1"].startup_config == (tmp_path / "containerlab" / "r1.conf").resolve()
        assert str(topo.mgmt_subnet) == "172.31.251.0/24" and topo.runtime == "netns"
    assert not boot_file.exists()


class FakeRuntime:
    """The netns runtime's ``up`` as pods use it: records each router's startup config at boot."""

    def __init__(self, already_up: bool = False) -> None:
        self.booted: dict[str, str] = {}
        self.already_up = already_up

    def up(self, topology: Any, *, name: str, wait: float) -> LabState:
        state = LabState(name=name, topology=str(topology.path), runtime="netns", status="up",
                         mgmt_subnet=str(topology.mgmt_subnet))
        if self.already_up:
            raise LabAlreadyUp(state)
        self.booted = {n: node.startup_config.read_text() for n, node in topology.nodes.items() if node.startup_config}
        return state


@pytest.fixture
def lab_calls(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, Any]:
    monkeypatch.setenv("NETASSESS_STATE_DIR", str(tmp_path / "labs"))
    calls: dict[str, Any] = {"pushed": [], "runtime": FakeRuntime()}
    monkeypatch.setattr("netassess.lab.runtime.get_runtime", lambda name: calls["runtime"])
    monkeypatch.setattr(pods, "push_setup", lambda loaded, state, console=None: calls["pushed"].append(state.name))
    monkeypatch.setattr(pods, "free_mgmt_subnet", lambda: "172.31.252.0/24")
    return calls


def test_a_new_pod_boots_into_its_setup_and_nothing_is_pushed(lab_calls: dict[str, Any]) -> None:
    loaded = load_task(find_task("s2-ospf-triangle"), candidate="c01")
    outcome = pods.pod_up(loaded, "c01", wait=5)
    assert outcome.error is None and outcome.created and outcome.setup_booted and outcome.setup_s == 0
    assert lab_calls["pushed"] == []
    assert lab_calls["runtime"].booted["r1"] == render_stage(loaded, "setup", "r1", "frr", hostname="r1")
    assert outcome.state is not None and outcome.state.pod is not None and outcome.state.pod.candidate == "c01"


def test_a_setup_that_cannot_boot_is_pushed_once_the_lab_is_up(lab_calls: dict[str, Any], tmp_path: Path) -> None:
    loaded = load_task(project(tmp_path / "p", setup="hostname {{ hostname }}\n! {{ key }}\n"))
    state, created = pods.task_lab_up(loaded, "boot-test", own_subnet=True)
    assert created and lab_calls["pushed"] == ["boot-test"]
    assert lab_calls["runtime"].booted == {"r1": (tmp_path / "p" / "containerlab" / "r1.conf").read_text()}


def test_attaching_to_a_running_lab_neither_boots_nor_pushes(lab_calls: dict[str, Any]) -> None:
    lab_calls["runtime"] = FakeRuntime(already_up=True)
    state, created = pods.task_lab_up(load_task(find_task("s2-ospf-triangle")), "running-lab", own_subnet=True)
    assert not created and state.name == "running-lab" and lab_calls["pushed"] == []


def test_every_pod_boots_its_own_candidates_parameters_and_a_task_without_generators_is_loaded_once(
        lab_calls: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    import netassess.spec.loader as loader

    monkeypatch.setenv("NETASSESS_COHORT_SECRET", "k" * 32)
    loads: list[str | None] = []
    real = loader.load_task
    monkeypatch.setattr(loader, "load_task", lambda *a, **kw: loads.append(kw.get("candidate")) or real(*a, **kw))
    booted: dict[str, dict[str, str]] = {}
    runtime = lab_calls["runtime"]
    monkeypatch.setattr(pods, "pod_up", lambda loaded, c, wait: booted.setdefault(c, setup_startup_configs(loaded) or {})
                        and pods.PodOutcome(c, c))
    pods.pods_up(find_task("s2-ospf-triangle"), ["ann", "bob", "cat"], workers=1)
    assert loads == ["ann"] and booted["ann"] == booted["bob"] == booted["cat"]
    loads.clear()
    booted.clear()
    pods.pods_up(find_task("s7-readdress-link"), ["ann", "bob"], workers=1)
    assert loads == ["ann", "bob"] and booted["ann"] != booted["bob"]
    assert runtime.booted == {}  # pod_up replaced: nothing booted here
