"""Making and undoing one mutation on one lab node, for ``validate --live --mutate``
(``netassess.proof_mutate`` decides what to prove; this module only changes the lab).

The mechanism is chosen per node from what the lab recorded (its kind and platform), never from
the mutation's text:

* an FRR router: the lines are typed with vtysh from the host and **not saved**, so a mutation
  also shows as an unsaved change, as an apprentice's would (``startup_equals_running`` relies on it);
* any other node (the lab's Open vSwitch switch): the lines, in the node's own candidate format, go
  through its NAPALM driver's ``load_merge_candidate`` + ``commit_config``, which checks every line
  before sending any, so a refused mutation leaves the node untouched. A driver that cannot merge
  (``napalm_netassess_linux``: the lab's hosts are read-only) refuses before anything is read.

A config mutation is undone with the driver's replace of the running config read before it;
``link_down`` sets the node's interface down (its veth peer loses carrier too) and back up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from netassess.errors import LabError
from netassess.spec.measured import RenderedMutation

Mechanism = Literal["vtysh", "driver"]


def mechanism(state: Any, node: str) -> Mechanism:
    """vtysh for an FRR router of the lab; its NAPALM driver for every other node."""
    ns = state.nodes.get(node)
    if ns is None:
        raise LabError(f"lab {state.name} has no node {node!r}")
    return "vtysh" if ns.kind == "router" and ns.platform == "frr" else "driver"


def can_merge(driver: Any) -> bool:
    """Whether the driver implements a merge (NAPALM's base class only raises NotImplementedError)."""
    from napalm.base import NetworkDriver

    return type(driver).load_merge_candidate is not NetworkDriver.load_merge_candidate


def commit_if_changed(driver: Any, message: str) -> None:
    if driver.compare_config().strip():
        driver.commit_config(message=message)
    else:
        driver.discard_config()


class NodeChanges:
    """Applies and undoes mutations on the nodes of one throwaway lab (``state``), reached through
    ``nr`` (``hosts``: topology node → inventory host)."""

    def __init__(self, state: Any, nr: Any, hosts: dict[str, str], *, run_in_node: Callable[..., Any] | None = None) -> None:
        from netassess.lab.node_exec import run_in_node as in_node

        self.state, self.nr, self.hosts = state, nr, hosts
        self.run_in_node: Callable[..., Any] = run_in_node or in_node  # a fake in the unit tests

    def save(self, mutation: RenderedMutation) -> str | None:
        """The running config a config mutation is undone to (None for ``link_down``). A node whose
        driver cannot merge is refused here, before anything is read or changed."""
        if mutation.config is None:
            return None

        def read(driver: Any) -> str:
            if mechanism(self.state, mutation.node) == "driver" and not can_merge(driver):
                raise LabError(f"the {self.platform(mutation.node)} driver of {mutation.node} cannot merge config "
                               "(use link_down on this node)")
            return str(driver.get_config(retrieve="running")["running"])

        return str(self.on_device(mutation.node, read))

    def apply(self, mutation: RenderedMutation) -> None:
        if mutation.link_down is not None:
            self.ip_link(mutation.node, mutation.link_down, "down")
        elif mechanism(self.state, mutation.node) == "vtysh":
            self._vtysh(mutation.node, mutation.config or "")
        else:
            self._merge(mutation.node, mutation.config or "")

    def undo(self, mutation: RenderedMutation, saved: str | None) -> None:
        if mutation.link_down is not None:
            self.ip_link(mutation.node, mutation.link_down, "up")
        elif saved is not None:
            self._replace(mutation.node, saved)

    def platform(self, node: str) -> str:
        return str(self.state.nodes[node].platform)

    def _vtysh(self, node: str, config: str) -> None:
        argv = ["vtysh", "-c", "configure terminal"]
        for line in config.splitlines():
            if line.strip() and not line.strip().startswith(("!", "#")):
                argv += ["-c", line.strip()]
        proc = self.run_in_node(self.state, node, argv, timeout=60)
        if proc.returncode != 0:
            raise LabError(f"FRR refused the mutation on {node}: {(proc.stdout + proc.stderr).strip()[:200]}")

    def _merge(self, node: str, config: str) -> None:
        """One session: the driver checks the candidate against the running node, then commits it."""
        from napalm.base.exceptions import MergeConfigException

        def merge(driver: Any) -> None:
            if not can_merge(driver):
                raise LabError(f"the {self.platform(node)} driver of {node} cannot merge config")
            try:
                driver.load_merge_candidate(config=config)
            except MergeConfigException as exc:
                raise LabError(f"the {self.platform(node)} driver refused the mutation on {node}: {exc}") from None
            commit_if_changed(driver, "netassess validate --mutate")  # a no-op is reported as not breaking

        self.on_device(node, merge)

    def ip_link(self, node: str, interface: str, updown: str) -> None:
        proc = self.run_in_node(self.state, node, ["ip", "link", "set", "dev", interface, updown], timeout=30)
        if proc.returncode != 0:
            raise LabError(f"ip link set {interface} {updown} on {node}: {proc.stderr.strip()[:200]}")

    def on_device(self, node: str, func: Callable[[Any], Any]) -> Any:
        """``func(driver)`` on the node's NAPALM session; its connection is closed afterwards. A
        LabError raised by ``func`` comes back as it is; any other failure becomes one."""
        host = self.hosts[node]
        box: dict[str, Any] = {}

        def task(task: Any) -> None:
            box["value"] = func(task.host.get_connection("napalm", task.nornir.config))

        target = self.nr.filter(name=host)
        try:
            result = target.run(task=task, raise_on_error=False, on_failed=True)
            failed = result[host].exception if result[host].failed else None
        finally:
            target.close_connections(on_good=True, on_failed=True)
            # Nornir skips a host that failed a task in every later run: a refused change is the
            # mutation's failure, not the device's, so the restore and the assessments must still reach it
            self.nr.data.recover_host(host)
        if isinstance(failed, LabError):
            raise failed
        if failed is not None:
            raise LabError(f"{host}: {' '.join(str(failed).split())[:300] or type(failed).__name__}")
        return box.get("value")

    def _replace(self, node: str, config: str) -> None:
        def replace(driver: Any) -> None:
            driver.load_replace_candidate(config=config)
            commit_if_changed(driver, "netassess validate --mutate: restore")

        self.on_device(node, replace)
