"""Live: up/down lifecycle. `down` leaves nothing behind, also after `up` was killed half way."""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from netassess.errors import SpecError
from netassess.lab.iproute import netns_list
from netassess.lab.runtime import get_runtime
from netassess.lab.state import LabState, load_state, state_path
from netassess.lab.teardown import is_node_process

pytestmark = pytest.mark.live
TOPOLOGIES = Path(__file__).resolve().parents[3] / "containerlab"


def _process_cmdlines() -> dict[int, str]:
    out: dict[int, str] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                raw = Path(f"/proc/{entry}/cmdline").read_bytes()
            except OSError:
                continue
            if raw:  # zombies have an empty cmdline
                out[int(entry)] = raw.replace(b"\0", b" ").decode(errors="replace")
    return out


def assert_lab_gone(state: LabState) -> None:
    """No namespace, link, bridge, process, mount, directory or state file of the lab is left."""
    assert not set(state.namespaces) & netns_list(), "namespace left"
    # also those created after the snapshot of the state we were given
    assert not [ns for ns in netns_list() if ns.startswith(f"clab-{state.name}-")], "namespace left"
    for link in [*state.host_links, state.bridge]:
        assert link and not Path(f"/sys/class/net/{link}").exists(), f"link {link} left"
    markers = [m for m in [state.lab_dir, *state.namespaces] if m]
    procs = {pid: cmd for pid, cmd in _process_cmdlines().items() if any(m in cmd for m in markers)}
    assert procs == {}, "process left"
    for node in state.nodes.values():
        for prog, pid in node.pids.items():
            # by identity, not program name: other sessions' labs run zebras that may reuse a PID
            assert not is_node_process(node, prog, pid), f"{node.name} {prog} pid {pid} left"
    mounts = Path("/proc/self/mountinfo").read_text()
    assert not any(m in mounts for m in markers), "mount left"
    for d in state.dirs:
        assert not Path(d).exists(), f"directory {d} left"
    assert not state_path(state.name).exists(), "state file left"


def test_down_leaves_no_namespace_link_bridge_process_mount_or_state_file(lab_factory) -> None:
    state = lab_factory.start(TOPOLOGIES / "hub-spoke.clab.yml")
    assert set(state.namespaces) <= netns_list()
    assert Path(f"/sys/class/net/{state.bridge}").exists()
    # the host never routes for the lab: no forwarding from its bridge, no IPv6 on it
    assert Path(f"/proc/sys/net/ipv4/conf/{state.bridge}/forwarding").read_text().strip() == "0"
    v6 = Path(f"/proc/sys/net/ipv6/conf/{state.bridge}/disable_ipv6")
    assert not v6.exists() or v6.read_text().strip() == "1"
    lab_factory.stop(state.name)
    assert_lab_gone(state)


def test_up_twice_says_already_up_and_reconfigure_recreates(lab_factory) -> None:
    state = lab_factory.start(TOPOLOGIES / "line.clab.yml")
    env = os.environ.copy()
    cli = [sys.executable, "-m", "netassess", "lab", "up", str(TOPOLOGIES / "line.clab.yml"), "--runtime", "netns",
           "--name", state.name, "--mgmt-subnet", state.mgmt_subnet]
    again = subprocess.run(cli, capture_output=True, text=True, env=env, timeout=120)
    assert again.returncode == 0 and "already up" in again.stdout
    assert load_state(state.name).nodes["r1"].pids == state.nodes["r1"].pids
    redo = subprocess.run([*cli, "--reconfigure"], capture_output=True, text=True, env=env, timeout=120)
    assert redo.returncode == 0, redo.stderr
    assert load_state(state.name).nodes["r1"].pids["zebra"] != state.nodes["r1"].pids["zebra"]


def test_mgmt_subnet_overlapping_a_host_route_is_refused_before_anything_exists(lab_state_dir: Path) -> None:
    routes = json.loads(subprocess.run(["ip", "-j", "-4", "route"], capture_output=True, text=True).stdout)
    # a route of the host itself, not another lab's bridge that may vanish while we test
    connected = next((r["dst"] for r in routes if r.get("dst") not in (None, "default")
                      and not str(r.get("dev", "")).startswith(("nab", "br-", "docker"))), None)
    if connected is None:
        pytest.skip("this host has no non-default IPv4 route of its own to collide with")
    name = f"tovl{secrets.token_hex(3)}"
    before = netns_list()
    try:
        with pytest.raises(SpecError) as exc:
            get_runtime("netns").up(TOPOLOGIES / "line.clab.yml", name=name, mgmt_subnet=str(connected))
        assert "overlaps the host route" in str(exc.value) and "--mgmt-subnet" in str(exc.value), str(exc.value)
        assert not (set(netns_list()) - before) & {f"clab-{name}-r1", f"clab-{name}-r2"}
        assert not state_path(name).exists()
    finally:
        if state_path(name).exists():
            get_runtime("netns").down(name)


def _big_topology(tmp_path: Path, routers: int) -> Path:
    nodes = "\n".join(f"    r{i}: {{kind: linux, image: quay.io/frrouting/frr:9.1.0}}" for i in range(1, routers + 1))
    links = "\n".join(f'    - endpoints: ["r{i}:eth1", "r{i + 1}:eth2"]' for i in range(1, routers))
    path = tmp_path / "chain.clab.yml"
    path.write_text(f"name: chain\ntopology:\n  nodes:\n{nodes}\n  links:\n{links}\n")
    return path


def test_down_cleans_everything_after_up_is_killed_half_way(tmp_path: Path, lab_state_dir: Path, free_subnet) -> None:
    name = f"tk{secrets.token_hex(3)}"
    cmd = [sys.executable, "-m", "netassess", "lab", "up", str(_big_topology(tmp_path, 12)), "--runtime", "netns",
           "--name", name, "--mgmt-subnet", free_subnet()]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    path = state_path(name)
    killed_at = None
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and proc.poll() is None:
            text = path.read_text() if path.exists() else ""
            if '"anchor"' in text:  # namespaces exist and processes run: the middle of `up`
                os.killpg(proc.pid, signal.SIGKILL)
                killed_at = json.loads(text)["status"]
                break
            time.sleep(0.002)
        proc.wait(timeout=10)
        assert killed_at == "starting", "up finished before it could be killed"
        state = load_state(name)
        assert state.status == "starting" and state.namespaces
        down = subprocess.run([sys.executable, "-m", "netassess", "lab", "down", name], capture_output=True, text=True,
                              timeout=120)
        assert down.returncode == 0, down.stderr
        assert_lab_gone(state)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        if path.exists():  # never leave a half lab behind, even when an assertion failed
            get_runtime("netns").down(name)


def test_startup_config_errors_and_failed_exec_commands_are_reported_not_fatal(lab_factory, tmp_path: Path) -> None:
    (tmp_path / "r1.conf").write_text("hostname r1\nrouter ospf\n bogus-command 1\nexit\n")
    topo = tmp_path / "warn.clab.yml"
    topo.write_text(
        "name: warn\ntopology:\n  nodes:\n"
        "    r1: {kind: linux, image: quay.io/frrouting/frr:9.1.0, startup-config: r1.conf}\n"
        '    h1: {kind: linux, exec: ["ip addr add 10.0.0.9/24 dev eth1", "ip link set dev no-such-dev up"]}\n'
        '  links:\n    - endpoints: ["r1:eth1", "h1:eth1"]\n'
    )
    state = lab_factory.start(topo)
    assert any(w.startswith("r1: line 3: % Unknown command") for w in state.warnings), state.warnings
    # an allowed program that fails (an untrusted topology's exec may only run ip, sysctl, ethtool, tc, bridge)
    assert "h1: exec failed with 1: ip link set dev no-such-dev up" in state.warnings, state.warnings
    lab_factory.stop(state.name)


def test_sigterm_during_up_removes_what_up_made(tmp_path: Path, lab_state_dir: Path, free_subnet) -> None:
    name = f"ts{secrets.token_hex(3)}"
    cmd = [sys.executable, "-m", "netassess", "lab", "up", str(_big_topology(tmp_path, 12)), "--runtime", "netns",
           "--name", name, "--mgmt-subnet", free_subnet()]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    path = state_path(name)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and proc.poll() is None and '"anchor"' not in (path.read_text() if path.exists() else ""):
            time.sleep(0.002)
        state = load_state(name)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 130, err
        assert_lab_gone(state)
    finally:
        if proc.poll() is None:
            proc.kill()
        if path.exists():
            get_runtime("netns").down(name)


def test_down_refuses_to_empty_a_namespace_that_is_not_the_labs(lab_factory) -> None:
    """A state file edited to name another namespace (here one this test makes, with a process in it)
    must not make `down` kill that process or delete that namespace; the lab's own parts still go."""
    state = lab_factory.start(TOPOLOGIES / "line.clab.yml")
    foreign = f"natest-foreign-{secrets.token_hex(3)}"
    subprocess.run(["ip", "netns", "add", foreign], check=True)
    proc = subprocess.Popen(["ip", "netns", "exec", foreign, "sleep", "300"])
    try:
        time.sleep(0.2)
        path = state_path(state.name)
        data = json.loads(path.read_text())
        data["namespaces"].append(foreign)
        path.write_text(json.dumps(data))
        with pytest.raises(Exception, match=f"refusing to empty or delete namespace\\(s\\) {foreign}"):
            get_runtime("netns").down(state.name)
        assert proc.poll() is None and foreign in netns_list()
        assert not {ns for ns in state.namespaces} & netns_list()  # the lab's own namespaces are gone
    finally:
        proc.kill()
        proc.wait()
        subprocess.run(["ip", "netns", "del", foreign], check=False)
        if state_path(state.name).exists():  # drop the edit so the session's teardown can finish the lab
            data = json.loads(state_path(state.name).read_text())
            data["namespaces"] = [ns for ns in data["namespaces"] if ns != foreign]
            state_path(state.name).write_text(json.dumps(data))
            get_runtime("netns").down(state.name)
        if state.name in lab_factory.started:
            lab_factory.started.remove(state.name)


def test_an_anchor_that_never_says_ready_fails_up_instead_of_hanging(lab_state_dir: Path, monkeypatch) -> None:
    from netassess.errors import LabError
    from netassess.lab import anchor

    ns = f"natest-anchor-{secrets.token_hex(3)}"
    subprocess.run(["ip", "netns", "add", ns], check=True)
    monkeypatch.setattr(anchor, "ANCHOR_TIMEOUT", 0.5)
    try:
        started = time.monotonic()
        with pytest.raises(LabError, match=f"node namespace {ns}: setup did not finish within 0s"):
            anchor.start_anchor(ns, "sleep 30")
        assert time.monotonic() - started < 10
        assert not subprocess.run(["ip", "netns", "pids", ns], capture_output=True, text=True, check=True).stdout.strip()
    finally:
        subprocess.run(["ip", "netns", "del", ns], check=False)


def test_down_refuses_while_another_process_is_still_bringing_the_lab_up(lab_state_dir: Path, free_subnet) -> None:
    name = f"t{secrets.token_hex(3)}"
    up = subprocess.Popen([sys.executable, "-m", "netassess", "lab", "up", str(TOPOLOGIES / "triangle.clab.yml"),
                           "--name", name, "--mgmt-subnet", free_subnet()],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while not state_path(name).exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert load_state(name).status == "starting"  # the state file comes first; the nodes take ~0.5 s more
        with pytest.raises(Exception, match=f"still being brought up by process {up.pid}"):
            get_runtime("netns").down(name)
        assert up.wait(timeout=60) == 0
    finally:
        if up.poll() is None:
            up.terminate()
            up.wait(timeout=30)
    get_runtime("netns").down(name)  # its up has finished: down proceeds
    assert not state_path(name).exists()
