"""How ``validate --live --mutate`` changes a node: vtysh on an FRR router, the NAPALM driver's merge
on the lab switch (restored with its replace), refused on a host whose driver cannot merge, and
``ip link`` for ``link_down`` on any node. Fakes stand in for the lab and the SSH sessions; the
switch's candidate is parsed by the real ``napalm_ovs.candidate``."""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from napalm.base import NetworkDriver
from napalm.base.exceptions import MergeConfigException, ReplaceConfigException

from napalm_frr.driver import FRRDriver
from napalm_netassess_linux.driver import LinuxDriver
from napalm_ovs import candidate
from napalm_ovs.driver import OVSDriver
from netassess.errors import LabError
from netassess.proof_change import NodeChanges, can_merge, mechanism
from netassess.spec.measured import RenderedMutation

REPO = Path(__file__).parents[3]
SOLUTION = "vlan 1 name default\nvlan 10 name STAFF\ninterface eth1 access 10\ninterface eth2 access 10\n"


class FakeSwitch(NetworkDriver):  # type: ignore[misc]
    """The switch's config held in memory, merged and replaced by the real candidate parser."""

    def __init__(self) -> None:
        self.config = candidate.apply_text(SOLUTION, candidate.SwitchConfig.factory(["eth1", "eth2"]))
        self.pending: candidate.SwitchConfig | None = None
        self.calls: list[str] = []

    def get_config(self, retrieve: str = "all", **_: Any) -> dict[str, str]:
        self.calls.append("get_config")
        return {"running": candidate.render(self.config), "startup": "", "candidate": ""}

    def _load(self, text: str, how: Any, error: type[Exception]) -> None:
        try:
            self.pending = how(text, self.config)
        except candidate.CandidateError as exc:
            raise error(str(exc)) from None

    def load_merge_candidate(self, filename: str | None = None, config: str | None = None) -> None:
        self.calls.append("merge")
        self._load(config or "", candidate.merge, MergeConfigException)

    def load_replace_candidate(self, filename: str | None = None, config: str | None = None) -> None:
        self.calls.append("replace")
        self._load(config or "", candidate.replace_all, ReplaceConfigException)

    def compare_config(self) -> str:
        return "" if self.pending is None else candidate.diff_lines(self.config, self.pending)

    def commit_config(self, message: str = "", revert_in: int | None = None) -> None:
        self.calls.append("commit")
        assert self.pending is not None
        self.config, self.pending = self.pending, None

    def discard_config(self) -> None:
        self.pending = None


class FakeNornir:
    """``nr.filter(name=…).run(task)`` with each host's driver as its NAPALM connection; as Nornir,
    a host whose task failed is marked failed and skipped by later runs unless ``on_failed``."""

    inventory = None  # the node → host map is patched in where a test needs one

    def __init__(self, drivers: dict[str, Any]) -> None:
        self.drivers, self.closed = drivers, []
        self.data = SimpleNamespace(failed_hosts=set(), recover_host=lambda h: self.data.failed_hosts.discard(h))

    def filter(self, name: str) -> Any:
        nr = self

        class Target:
            def run(self, task: Any, raise_on_error: bool, on_failed: bool = False) -> dict[str, Any]:
                if name in nr.data.failed_hosts and not on_failed:
                    return {}
                host = SimpleNamespace(get_connection=lambda *_: nr.drivers[name])
                try:
                    task(SimpleNamespace(host=host, nornir=SimpleNamespace(config=None)))
                except Exception as exc:  # noqa: BLE001 - Nornir keeps any exception in the result
                    nr.data.failed_hosts.add(name)
                    return {name: SimpleNamespace(failed=True, exception=exc)}
                return {name: SimpleNamespace(failed=False, exception=None)}

            def close_connections(self, **_: Any) -> None:
                nr.closed.append(name)

        return Target()


def lab(**nodes: tuple[str, str]) -> Any:
    """A lab state with nodes given as name=(kind, platform)."""
    return SimpleNamespace(name="prove-x", nodes={n: SimpleNamespace(kind=k, platform=p) for n, (k, p) in nodes.items()})


@pytest.fixture
def typed() -> list[list[str]]:
    return []


def changes(state: Any, drivers: dict[str, Any], typed: list[list[str]], rc: int = 0) -> NodeChanges:
    def run_in_node(_state: Any, node: str, argv: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
        typed.append([node, *argv])
        return subprocess.CompletedProcess(argv, rc, "", "% Unknown command" if rc else "")

    return NodeChanges(state, FakeNornir(drivers), {n: n for n in state.nodes}, run_in_node=run_in_node)


def test_the_mechanism_is_chosen_from_the_lab_node_not_from_the_text() -> None:
    state = lab(r1=("router", "frr"), sw1=("switch", "ovs"), h1=("host", "linux"), ceos1=("router", "eos"))
    assert mechanism(state, "r1") == "vtysh"
    assert [mechanism(state, n) for n in ("sw1", "h1", "ceos1")] == ["driver"] * 3
    with pytest.raises(LabError, match="no node 'r9'"):
        mechanism(state, "r9")


def test_the_switch_and_router_drivers_can_merge_and_the_linux_host_driver_cannot() -> None:
    assert can_merge(OVSDriver("192.0.2.1", "u", "p")) and can_merge(FRRDriver("192.0.2.1", "u", "p"))
    assert not can_merge(LinuxDriver("192.0.2.1", "u", "p"))


def test_an_frr_router_mutation_is_typed_with_vtysh_and_never_touches_its_driver(typed: list[list[str]]) -> None:
    router = FakeSwitch()  # would record any driver call
    node = changes(lab(r1=("router", "frr")), {"r1": router}, typed)
    node.apply(RenderedMutation("r1", config="interface eth1\n no ip address 10.0.0.1/30\n!\n"))
    assert typed == [["r1", "vtysh", "-c", "configure terminal", "-c", "interface eth1", "-c", "no ip address 10.0.0.1/30"]]
    assert router.calls == []


def test_frr_refusing_the_lines_is_a_lab_error_naming_the_router(typed: list[list[str]]) -> None:
    node = changes(lab(r1=("router", "frr")), {}, typed, rc=1)
    with pytest.raises(LabError, match="FRR refused the mutation on r1: % Unknown command"):
        node.apply(RenderedMutation("r1", config="no-such-command"))


def test_a_switch_mutation_is_merged_through_its_driver_and_undone_with_its_replace(typed: list[list[str]]) -> None:
    switch = FakeSwitch()
    node = changes(lab(sw1=("switch", "ovs")), {"sw1": switch}, typed)
    mutation = RenderedMutation("sw1", config="interface eth2 access 1\n")
    saved = node.save(mutation)
    node.apply(mutation)
    assert switch.config.ports["eth2"].access_vlan == 1
    node.undo(mutation, saved)
    assert candidate.render(switch.config) == saved == candidate.render(candidate.apply_text(
        SOLUTION, candidate.SwitchConfig.factory(["eth1", "eth2"])))
    assert switch.calls == ["get_config", "merge", "commit", "replace", "commit"]
    assert typed == []  # no vtysh, no shell command on the switch
    assert node.nr.closed == ["sw1"] * 3  # every session closed


def test_a_switch_mutation_the_driver_refuses_is_a_lab_error_and_leaves_the_switch_untouched(typed: list[list[str]]) -> None:
    switch = FakeSwitch()
    before = candidate.render(switch.config)
    node = changes(lab(sw1=("switch", "ovs")), {"sw1": switch}, typed)
    with pytest.raises(LabError, match="ovs driver refused the mutation on sw1: .*no port 'eth9'"):
        node.apply(RenderedMutation("sw1", config="interface eth1 access 10\ninterface eth9 access 10\n"))
    assert candidate.render(switch.config) == before
    assert "commit" not in switch.calls
    assert node.nr.data.failed_hosts == set()  # the device is still reachable for the restore and assessments
    assert node.save(RenderedMutation("sw1", config="interface eth1 access 1")) == before


def test_a_config_mutation_on_a_linux_host_is_refused_before_anything_is_read(typed: list[list[str]]) -> None:
    host = LinuxDriver("192.0.2.1", "u", "p")  # never opened: any session use would fail differently
    node = changes(lab(h1=("host", "linux")), {"h1": host}, typed)
    mutation = RenderedMutation("h1", config="ip address 192.0.2.9/24")
    with pytest.raises(LabError, match="linux driver of h1 cannot merge config"):
        node.save(mutation)
    with pytest.raises(LabError, match="linux driver of h1 cannot merge config"):
        node.apply(mutation)
    assert typed == []


def test_link_down_uses_ip_link_on_any_node_and_reads_no_config(typed: list[list[str]]) -> None:
    switch = FakeSwitch()
    node = changes(lab(sw1=("switch", "ovs")), {"sw1": switch}, typed)
    mutation = RenderedMutation("sw1", link_down="eth2")
    assert node.save(mutation) is None
    node.apply(mutation)
    node.undo(mutation, None)
    assert typed == [["sw1", "ip", "link", "set", "dev", "eth2", "down"], ["sw1", "ip", "link", "set", "dev", "eth2", "up"]]
    assert switch.calls == []


def test_a_refused_mutation_is_not_proven_and_the_next_one_is_still_tried(monkeypatch: pytest.MonkeyPatch) -> None:
    """A driver refusal is the mutation's failure, not the lab's: reported, switch unchanged, proof goes on."""
    from netassess import assessment
    from netassess.collect import assign
    from netassess.proof_mutate import Prover
    from netassess.results import Status
    from netassess.spec.loader import load_task

    loaded = load_task(REPO / "tasks/s4-park-unused-ports.yaml")
    loaded = dataclasses.replace(loaded, checks=[loaded.check("staff-ports-untouched")], mutations={"staff-ports-untouched": [
        RenderedMutation("sw1", config="interface eth9 access 999"),  # no such port: refused
        RenderedMutation("sw1", config="interface eth2 access 1"),
    ]})
    switch = FakeSwitch()

    def judged(*_: Any, **__: Any) -> Any:  # the check as the switch's config stands
        ok = switch.config.ports["eth2"].access_vlan == 10
        result = SimpleNamespace(check_id="staff-ports-untouched", target="sw1", message="",
                                 status=Status.PASS if ok else Status.FAIL)
        return SimpleNamespace(snapshot=SimpleNamespace(device_errors={}), result=SimpleNamespace(results=[result]))

    monkeypatch.setattr(assessment, "run_assessment", judged)
    monkeypatch.setattr(assign, "assign_nodes", lambda *_: {"sw1": "sw1"})
    reference = judged().result.results
    prover = Prover(loaded, FakeNornir({"sw1": switch}), lab(sw1=("switch", "ovs")), reference, sleep=lambda _: None)
    refused, proven = prover.run()
    assert refused.error is not None and "refused the mutation on sw1" in refused.error and not refused.broke
    assert "not proven" in refused.line()
    assert proven.error is None and proven.broke
    assert candidate.render(switch.config) == candidate.render(
        candidate.apply_text(SOLUTION, candidate.SwitchConfig.factory(["eth1", "eth2"])))  # restored


def test_a_lab_that_does_not_come_back_after_the_last_mutation_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only later mutations were marked "not tried" before: the last one's failed restore went unseen."""
    from netassess.proof_mutate import Prover

    loaded = SimpleNamespace(id="t", checks=[SimpleNamespace(id="only")],
                             mutations={"only": [RenderedMutation("r1", link_down="eth1")]})
    prover = Prover.__new__(Prover)
    prover.loaded, prover.say = loaded, lambda _: None
    monkeypatch.setattr(Prover, "_prove", lambda self, check, proof: "after undoing [r1: link eth1 down] the lab "
                        "did not return to the solution's state: route@r1 pass→fail")
    (proof,) = prover.run()
    assert proof.error is not None and "did not return" in proof.error
    assert "not proven" in proof.line()
