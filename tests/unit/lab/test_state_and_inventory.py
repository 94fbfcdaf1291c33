"""State file round trip and the Nornir inventory built from it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from netassess.errors import LabError
from netassess.lab.inventory import nornir_inventory
from netassess.lab.state import Credentials, LabState, NodeState, StateJournal, list_labs, load_state, save_state


@pytest.fixture(autouse=True)
def state_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NETASSESS_STATE_DIR", str(tmp_path / "labs"))
    return tmp_path / "labs"


def sample_state(name: str = "lab1") -> LabState:
    nodes = {
        "r1": NodeState(name="r1", kind="router", platform="frr", group="core", labels={"role": "core"},
                        namespace=f"clab-{name}-r1", pathspace=f"clab-{name}-r1", mgmt_ipv4="172.30.1.11",
                        interfaces=["eth0", "eth1"], pids={"anchor": 10, "zebra": 11}),
        "h1": NodeState(name="h1", kind="host", platform="linux", namespace=f"clab-{name}-h1", mgmt_ipv4="172.30.1.21"),
    }
    return LabState(name=name, topology="/x/t.clab.yml", runtime="netns", mgmt_subnet="172.30.1.0/24", nodes=nodes,
                    credentials=Credentials(key_file=f"/labs/{name}/id_ed25519", known_hosts=f"/labs/{name}/known_hosts"))


def test_state_round_trips_and_lists_by_name(state_env: Path) -> None:
    original = sample_state("a")
    save_state(sample_state("b"))
    save_state(original)
    assert load_state("a") == original
    assert [s.name for s in list_labs()] == ["a", "b"]
    assert (state_env / "a.json").exists()


def test_state_never_holds_a_password_field() -> None:
    dumped = sample_state().model_dump_json()
    assert "password\"" not in dumped.replace("password_is_default", "")


def test_journal_saves_each_record_before_the_resource_exists(state_env: Path) -> None:
    journal = StateJournal(sample_state())
    journal.record(lambda s: s.namespaces.append("clab-lab1-r1"))
    assert load_state("lab1").namespaces == ["clab-lab1-r1"]


def test_unknown_lab_error_names_the_known_ones() -> None:
    save_state(sample_state("known"))
    with pytest.raises(LabError, match=r"no lab named 'other'.*labs: known"):
        load_state("other")


def test_inventory_sets_platforms_and_connection_options_without_passwords() -> None:
    inv = nornir_inventory(sample_state())
    r1, h1 = inv["hosts"]["r1"], inv["hosts"]["h1"]
    assert (r1["platform"], r1["hostname"], r1["groups"]) == ("frr", "172.30.1.11", ["core", "platform_frr"])
    assert (h1["platform"], h1["groups"]) == ("linux", ["platform_linux"])
    assert r1["data"]["role"] == "router" and r1["data"]["labels"] == {"role": "core"}
    assert r1["data"]["pathspace"] == "clab-lab1-r1"
    frr = inv["groups"]["platform_frr"]["connection_options"]
    assert frr["netmiko"]["platform"] == "cisco_ios"  # the login lands in vtysh
    assert frr["netmiko"]["extras"]["key_file"] == "/labs/lab1/id_ed25519"
    assert frr["napalm"]["username"] == "netassess"
    assert frr["napalm"]["extras"]["optional_args"]["shell"] == "linux"
    assert inv["groups"]["platform_linux"]["connection_options"]["netmiko"]["platform"] == "linux"
    assert inv["defaults"]["username"] == "admin"
    assert "password" not in yaml.safe_dump(inv)


def test_written_inventory_loads_in_nornir(nornir_of) -> None:  # type: ignore[no-untyped-def]
    nr = nornir_of(sample_state())
    r1 = nr.inventory.hosts["r1"]
    assert r1.platform == "frr"
    assert r1.get_connection_parameters("netmiko").platform == "cisco_ios"
    napalm = r1.get_connection_parameters("napalm")
    assert (napalm.platform, napalm.username) == ("frr", "netassess")
    assert r1.username == "admin" and r1.password is None


def test_wait_ready_names_the_laggard_its_dead_daemons_and_its_last_boot_log_line(tmp_path: Path) -> None:
    from netassess.lab.readiness import wait_ready

    node_dir = tmp_path / "nodes" / "r1"
    node_dir.mkdir(parents=True)
    (node_dir / "boot.log").write_text("starting\nFRR ospfd failed to start\n")
    state = sample_state()
    state.nodes = {"r1": state.nodes["r1"].model_copy(update={
        "node_dir": str(node_dir), "pathspace": "netassess-test-no-such-pathspace", "mgmt_ipv4": "127.0.0.1",
        "pids": {"anchor": 1, "zebra": 2, "ospfd": 3}})}
    with pytest.raises(LabError, match=r"not ready after 0s: r1 \(zebra, ospfd.*boot.log: FRR ospfd failed to start\)"):
        wait_ready(state, timeout=0.2)


def test_wait_ready_does_not_probe_nodes_up_already_saw_ready(monkeypatch: pytest.MonkeyPatch) -> None:
    from netassess.lab import readiness

    state = sample_state()
    probed: list[str] = []
    monkeypatch.setattr(readiness, "node_health", lambda node: probed.append(node.name) or readiness.NodeHealth(ssh=True))
    readiness.wait_ready(state, timeout=1, ready={"r1"})
    assert "r1" not in probed and set(probed) == set(state.nodes) - {"r1"}
