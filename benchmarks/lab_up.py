"""Built-in lab: time to bring 4, 16, 32 and 128 FRR routers up (250 with NETASSESS_BENCH_LARGE=1, the most
a lab's management /24 holds) (every node answering SSH and every FRR
daemon its vty), time to tear them down, and memory per router.

Targets: 4 routers ready ≤ 5 s, 32 routers ≤ 30 s, 32 FRR 10 routers ≤ 5 s once images are cached,
128 routers ≤ 15 s (issue 15; 250 measured when memory allows),
≤ 60 MB per router, first image build ≤ 2 minutes. Nodes run on the lab images (`netassess lab images`):
the rows without a release run the FRR 8.4 image their 9.1.0 tag picks. The first-build figure is the
one recorded when the FRR 10 image was built; `--fresh-build` builds it again into a temporary cache.
RSS counts shared pages (libfrr, libc) once per process; PSS shares them out and is the fairer
per-router cost. CPU/router is the CPU `up` and its processes used per router (FRR's start-up is most
of it): on 2 cores, N routers cannot be ready in less than N × CPU/router / 2 seconds, which puts the
128-router target (≈ 36 CPU-seconds of FRR start-up) out of reach on this machine.
Run as root: `make bench` or `.venv/bin/python benchmarks/lab_up.py [N …]`.
A last row repeats 4 routers with lldpd in each (`lab up --lldp`) when `make lldpd` has run.
The switch row brings up containerlab/vlans.clab.yml (2 Open vSwitch switches, 1 router, 4 hosts;
target ≤ 5 s) and reports memory per switch (`--switch-only` runs just that row).
"""

from __future__ import annotations

import ipaddress
import os
import sys
import tempfile
import time
from pathlib import Path

from netassess.lab import images
from netassess.lab import lldp as lab_lldp
from netassess.lab.iproute import netns_pids
from netassess.lab.prereq import netns_problem
from netassess.lab.runtime import get_runtime
from netassess.lab.state import LabState, state_path
from netassess.lab.subnets import free_mgmt_subnet

DAEMONS = "zebra=yes\nstaticd=yes\nospfd=yes\nospf6d=yes\nbgpd=yes\n"
TARGET_READY = {(4, None): 5.0, (32, None): 30.0, (32, "frr10"): 5.0, (128, None): 15.0}
TARGET_MB = 60.0
TARGET_BUILD = 120.0
TARGET_SWITCH_LAB = 5.0
SWITCH_LAB = Path(__file__).resolve().parents[1] / "containerlab" / "vlans.clab.yml"


def ring_topology(directory: Path, routers: int) -> Path:
    """N FRR routers in a ring (a line for N=2), OSPF area 0 on point-to-point links, like the shipped labs."""
    (directory / "daemons").write_text(DAEMONS)
    nodes, links = [], []
    edges = [(i, i % routers + 1) for i in range(1, routers + 1)] if routers > 2 else [(1, 2)]
    iface: dict[int, list[tuple[str, str]]] = {i: [] for i in range(1, routers + 1)}
    for n, (a, b) in enumerate(edges):
        net = ipaddress.IPv4Network(f"10.{100 + n // 64}.{(n % 64) * 4 // 256}.{(n % 64) * 4}/30")
        ea, eb = f"eth{len(iface[a]) + 1}", f"eth{len(iface[b]) + 1}"
        hosts = list(net.hosts())
        iface[a].append((ea, f"{hosts[0]}/30"))
        iface[b].append((eb, f"{hosts[1]}/30"))
        links.append(f'    - endpoints: ["r{a}:{ea}", "r{b}:{eb}"]')
    for i in range(1, routers + 1):
        conf = [f"hostname r{i}", "!"]
        for name, addr in iface[i]:
            conf += [f"interface {name}", f" ip address {addr}", " ip ospf network point-to-point",
                     " ip ospf area 0", "exit", "!"]
        conf += ["router ospf", f" ospf router-id 10.255.{i // 256}.{i % 256}", "exit", "!"]
        (directory / f"r{i}.conf").write_text("\n".join(conf) + "\n")
        nodes.append(f"    r{i}:\n      kind: linux\n      image: quay.io/frrouting/frr:9.1.0\n"
                     f"      binds: [r{i}.conf:/etc/frr/frr.conf, daemons:/etc/frr/daemons]")
    path = directory / f"ring{routers}.clab.yml"
    path.write_text(f"name: ring{routers}\ntopology:\n  nodes:\n" + "\n".join(nodes) + "\n  links:\n" + "\n".join(links) + "\n")
    return path


def free_subnet() -> str:
    return free_mgmt_subnet(ipaddress.IPv4Network("172.31.0.0/16"))


def memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in kB."""
    rss = pss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


def router_memory_mb(state: LabState) -> tuple[float, float]:
    """Mean RSS and PSS per router: every process in its namespace (anchor, FRR daemons, sshd)."""
    rss = pss = 0
    for node in state.nodes.values():
        for pid in netns_pids(node.namespace):
            r, p = memory_kb(pid)
            rss, pss = rss + r, pss + p
    n = max(1, len(state.nodes))
    return rss / n / 1024, pss / n / 1024


def run(routers: int, workdir: Path, lldp: bool = False, frr_image: str | None = None) -> dict[str, float]:
    runtime = get_runtime("netns")
    tag = ("l" if lldp else "") + (frr_image or "")
    name = f"bench{routers}{tag}{os.getpid() % 10000}"
    directory = workdir / f"r{routers}{tag}"
    directory.mkdir()
    topo = ring_topology(directory, routers)
    start, cpu0 = time.monotonic(), os.times()
    try:
        state = runtime.up(topo, name=name, mgmt_subnet=free_subnet(), wait=300, lldp_all=lldp, frr_image=frr_image)
        ready = time.monotonic() - start
        cpu = cpu_seconds(cpu0, os.times()) / routers
        time.sleep(1.0)  # let the daemons finish their start-up allocations before measuring
        rss, pss = router_memory_mb(state)
        t0 = time.monotonic()
        runtime.down(name)
        down = time.monotonic() - t0
    finally:
        if state_path(name).exists():
            runtime.down(name)
    return {"routers": routers, "ready": ready, "down": down, "rss": rss, "pss": pss, "cpu": cpu}


def cpu_seconds(before: os.times_result, after: os.times_result) -> float:
    """CPU this process and its reaped children used between two ``os.times()``: the daemons' start-up
    (done before they fork into the background), vtysh, sshd, ip… but not the anchors' mounts (an anchor
    lives on, so its children are never reaped into ours). Load moves it far less than the wall time."""
    return sum(getattr(after, f) - getattr(before, f) for f in ("user", "system", "children_user", "children_system"))


def run_switch_lab() -> dict[str, float]:
    """2 switches, 1 router, 4 hosts: seconds until every node is ready, and memory per switch."""
    runtime = get_runtime("netns")
    name = f"benchsw{os.getpid() % 10000}"
    start = time.monotonic()
    try:
        state = runtime.up(SWITCH_LAB, name=name, mgmt_subnet=free_subnet(), wait=120)
        ready = time.monotonic() - start
        time.sleep(1.0)
        switches = [n for n in state.nodes.values() if n.kind == "switch"]
        per = [memory_kb(pid) for node in switches for pid in netns_pids(node.namespace)]
        rss, pss = (sum(m[i] for m in per) / len(switches) / 1024 for i in (0, 1))
    finally:
        if state_path(name).exists():
            runtime.down(name)
    return {"ready": ready, "rss": rss, "pss": pss}


def first_build_seconds(fresh: bool) -> float:
    """Seconds the FRR 10 image took to build from nothing (now, into a temporary cache, if ``fresh``)."""
    spec = images.BUILTIN_IMAGES["frr10"]
    if fresh:
        with tempfile.TemporaryDirectory(prefix="netassess-bench-img-") as tmp:
            old = os.environ.get("NETASSESS_IMAGE_DIR")
            os.environ["NETASSESS_IMAGE_DIR"] = tmp
            try:
                return images.build(spec).build_seconds
            finally:
                if old is None:
                    del os.environ["NETASSESS_IMAGE_DIR"]
                else:
                    os.environ["NETASSESS_IMAGE_DIR"] = old
    return images.build(spec).build_seconds  # the cached image's own record (built now if missing)


def main(argv: list[str]) -> int:
    problem = netns_problem()
    if problem:
        print(f"lab_up: skipped: {problem}")
        return 0
    fresh = "--fresh-build" in argv
    switch_only = "--switch-only" in argv
    argv = [a for a in argv if a not in ("--fresh-build", "--switch-only")]
    if switch_only:
        return print_switch_row()
    build = first_build_seconds(fresh)
    print(f"first build of the FRR 10 image: {build:.0f} s (target ≤ {TARGET_BUILD:.0f} s: "
          f"{'met' if build <= TARGET_BUILD else 'MISSED'})")
    for spec in images.BUILTIN_IMAGES.values():
        images.build(spec)  # the rows below time bringing labs up, never building
    sizes = [int(a) for a in argv] or [4, 16, 32, 128]
    if os.environ.get("NETASSESS_BENCH_LARGE") == "1" and 250 not in sizes:
        free_mb = int(next(x for x in Path("/proc/meminfo").read_text().splitlines()
                           if x.startswith("MemAvailable:")).split()[1]) / 1024
        if free_mb >= 250 * TARGET_MB + 2048:
            sizes.append(250)
        else:
            print(f"250 routers skipped: {free_mb / 1024:.1f} GB available, ~{250 * TARGET_MB / 1024:.0f} GB needed")
    with tempfile.TemporaryDirectory(prefix="netassess-bench-") as tmp:
        os.environ.setdefault("NETASSESS_STATE_DIR", str(Path(tmp) / "labs"))
        print(f"{'routers':>9} {'all SSH ready':>14} {'down':>8} {'RSS/router':>11} {'PSS/router':>11} {'CPU/router':>11}"
              "  target  (load)")
        with_lldp = isinstance(lab_lldp.find_tools(), lab_lldp.LldpTools)
        rows = [(n, False, None) for n in sizes] + [(32, False, "frr10")] + ([(4, True, None)] if with_lldp else [])
        for n, lldp, frr_image in rows:
            r = run(n, Path(tmp), lldp, frr_image)
            target = TARGET_READY.get((n, frr_image))
            verdict = f"ready ≤ {target:.0f} s: {'met' if r['ready'] <= target else 'MISSED'}; " if target else ""
            verdict += f"≤ {TARGET_MB:.0f} MB/router: {'met' if r['rss'] <= TARGET_MB else 'MISSED (RSS)'}"
            label = f"{n} +lldp" if lldp else f"{n} FRR10" if frr_image else str(n)
            print(f"{label:>9} {r['ready']:>12.2f} s {r['down']:>6.2f} s {r['rss']:>8.1f} MB {r['pss']:>8.1f} MB "
                  f"{r['cpu']:>9.2f} s  {verdict}"
                  f"  ({os.getloadavg()[0]:.0f})", flush=True)
    return print_switch_row()


def print_switch_row() -> int:
    images.build(images.BUILTIN_IMAGES["ovs"])
    with tempfile.TemporaryDirectory(prefix="netassess-bench-") as tmp:
        os.environ.setdefault("NETASSESS_STATE_DIR", str(Path(tmp) / "labs"))
        r = run_switch_lab()
    met = "met" if r["ready"] <= TARGET_SWITCH_LAB else "MISSED"
    print(f"2 switches + 1 router + 4 hosts ready in {r['ready']:.2f} s (target ≤ {TARGET_SWITCH_LAB:.0f} s: {met}); "
          f"per switch {r['rss']:.1f} MB RSS, {r['pss']:.1f} MB PSS; load {os.getloadavg()[0]:.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
