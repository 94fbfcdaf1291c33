"""Cost of ``netassess run`` as routers grow: 32 and 128 FRR routers (256 with NETASSESS_BENCH_LARGE=1).

For each size a ring of FRR routers comes up in network namespaces (OSPF on point-to-point
links), a generated task puts 10 checks on every router (one a 3-probe ping), and:
- ``netassess run`` is timed as a command (interpreter start, imports, report and files included;
  best and median of ``--repeats``) with the peak RSS of its process, and the engine alone
  in-process (plan → one NAPALM session per device → evaluate → score);
- the SSH floor (``scale_lib/ssh_floor.py``: asyncssh, connect + one command to every router at
  once) is timed between the command's repeats, so both see the same load, plus the ping's own
  time: issue 15's goal is ``netassess run`` within 1.3× of floor + probe;
- a naive baseline: sequential netmiko, connect / one command / disconnect, per check per router,
  timed on ``--baseline-sample`` routers and scaled to the ring.

Sessions are counted twice: by the collector (``Snapshot.sessions``) and independently by an
nftables counter of TCP SYNs to port 22 inside every router's namespace. The figures go to a
JSON file and a cost-curve SVG (``scale_lib/cost_curve.py``; docs/performance.md shows one).
Needs root, FRR and openssh-server. Prints figures; asserts nothing. About 5 minutes; the load
average is printed beside every row, since the machine may be shared.

    .venv/bin/python benchmarks/run_scale.py [--sizes 32,128] [--repeats 3] [--json F] [--svg F]
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
import platform
import secrets
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from scale_lib.cost_curve import TITLE, render, subtitle
from scale_lib.ssh_floor import probe_seconds, ssh_floor

from napalm_netassess_linux.probes import ping_argv
from netassess.assessment import run_assessment
from netassess.collect.inventory import DEFAULT_TIMEOUT, DEFAULT_WORKERS, build_nornir
from netassess.lab.runtime import get_runtime
from netassess.lab.state import LabState
from netassess.lab.subnets import free_mgmt_subnet, prefix_for
from netassess.results import Status
from netassess.spec.loader import load_task

LARGE = 256  # issue 15 asks for 256: more than a /24 holds, so that lab's management network is a /23
LARGE_MB_PER_ROUTER = 50  # what a router's processes take (benchmarks/lab_up.py), to decide whether LARGE fit

DAEMONS = "zebra=yes\nospfd=yes\nstaticd=yes\nbgpd=no\nospf6d=no\nripd=no\nripngd=no\nisisd=no\npimd=no\nldpd=no\n" \
          "nhrpd=no\neigrpd=no\nbabeld=no\nsharpd=no\npbrd=no\nbfdd=no\nfabricd=no\nvrrpd=no\npathd=no\nvtysh_enable=yes\n"

# The 10 checks every router gets, and the one show command the naive baseline sends for each.
CHECKS: list[tuple[dict, str]] = [
    ({"id": "hostname", "type": "hostname"}, "show running-config"),
    ({"id": "links-up", "type": "interface_up", "args": {"interfaces": ["eth1", "eth2"]}}, "show interface"),
    ({"id": "ospf-adjacencies", "type": "ospf_neighbor", "args": {"count": 2}, "wait": {"timeout": 30, "interval": 2}},
     "show ip ospf neighbor json"),
    ({"id": "ospf-interfaces", "type": "ospf_interface",
      "args": {"interfaces": {"eth1": {"area": 0, "network_type": "point-to-point"},
                              "eth2": {"area": 0, "network_type": "point-to-point"}}}}, "show ip ospf interface json"),
    ({"id": "ospf-configured", "type": "config_contains", "args": {"lines": ["router ospf"]}}, "show running-config"),
    ({"id": "no-plain-passwords", "type": "config_absent", "args": {"lines": ["password \\S+"]}}, "show running-config"),
    ({"id": "p2p-eth1", "type": "config_contains",
      "args": {"section": "interface eth1", "lines": ["ip ospf network point-to-point"]}}, "show running-config"),
    ({"id": "loopback-r1", "type": "route", "args": {"prefix": "10.255.0.1/32"}}, "show ip route json"),
    ({"id": "passive-lo", "type": "passive_interfaces", "args": {"passive": ["lo"]}}, "show ip ospf interface json"),
    ({"id": "reach-r1", "type": "reachability", "args": {"destination": "10.255.0.1", "count": 3}}, "ping 10.255.0.1"),
]


def free_subnet(nodes: int) -> str:
    return free_mgmt_subnet(ipaddress.IPv4Network("172.31.0.0/16"), prefix_for(nodes))


def link_address(link: int, side: int) -> str:
    """Side 1 or 2 of ring link ``link``: the link-th /30 of 10.1.0.0/16 (holds 16,384 links)."""
    return str(ipaddress.IPv4Address("10.1.0.0") + 4 * link + side)


def loopback(i: int) -> str:
    """Router i's loopback: 10.255.0.0 + i (10.255.0.1 … 10.255.1.0 for 256)."""
    return str(ipaddress.IPv4Address("10.255.0.0") + i)


def write_project(root: Path, n: int, subnet: str) -> Path:
    """A ring of ``n`` routers: r_i eth1 ── eth2 r_(i+1), link i is the i-th /30 of 10.1.0.0/16, loopbacks 10.255.0.0 + i."""
    (root / "containerlab" / "ring").mkdir(parents=True)
    (root / "templates" / "frr").mkdir(parents=True)
    (root / "tasks").mkdir()
    (root / "containerlab" / "daemons").write_text(DAEMONS)
    nodes, links = {}, []
    for i in range(1, n + 1):
        nxt, prev = i % n + 1, (i - 2) % n + 1
        conf = [f"hostname r{i}", "service integrated-vtysh-config", "!"]
        for ifname, link, side in (("eth1", i, 1), ("eth2", prev, 2)):
            conf += [f"interface {ifname}", f" ip address {link_address(link, side)}/30", " ip ospf network point-to-point",
                     " ip ospf hello-interval 1", " ip ospf dead-interval 4", "exit", "!"]
        conf += ["interface lo", f" ip address {loopback(i)}/32", "exit", "!", "router ospf",
                 f" ospf router-id {loopback(i)}", " passive-interface lo", " network 10.1.0.0/16 area 0",
                 f" network {loopback(i)}/32 area 0", "exit", ""]
        (root / "containerlab" / "ring" / f"r{i}.conf").write_text("\n".join(conf))
        nodes[f"r{i}"] = {"binds": [f"ring/r{i}.conf:/etc/frr/frr.conf"]}
        links.append({"endpoints": [f"r{i}:eth1", f"r{nxt}:eth2"]})
    kind: dict[str, object] = {"image": "quay.io/frrouting/frr:9.1.0", "binds": ["daemons:/etc/frr/daemons"]}
    if n > 128:  # r1's echo replies leave with the kernel's default TTL (64): the far half of a longer ring needs more
        kind["exec"] = ["sysctl -qw net.ipv4.ip_default_ttl=255"]
    topo = {"name": "ring", "mgmt": {"ipv4-subnet": subnet}, "topology": {"kinds": {"linux": kind},
                                         "defaults": {"kind": "linux"}, "nodes": nodes, "links": links}}
    (root / "containerlab" / "ring.clab.yml").write_text(yaml.safe_dump(topo, sort_keys=False))
    (root / "templates" / "frr" / "none.j2").write_text("!\n")
    task = {
        "apiVersion": "netassess/v1", "kind": "Task", "id": f"bench-ring-{n}", "title": f"Benchmark ring of {n}",
        "version": "1", "skills": ["S2", "S4"], "brief": "Benchmark.", "topology": "../containerlab/ring.clab.yml",
        "stages": {"setup": {"templates": {"frr": "templates/frr/none.j2"}},
                   "solution": {"templates": {"frr": "templates/frr/none.j2"}}},
        "checks": [dict(c) for c, _ in CHECKS],
        "scoring": {"pass_mark": 50},
    }
    path = root / "tasks" / "bench.yaml"
    path.write_text(yaml.safe_dump(task, sort_keys=False))
    return path


def ssh_counter(state: LabState, action: str) -> dict[str, int]:
    """nftables (install | read): count TCP SYNs to port 22 inside each router namespace (independent of the collector)."""
    out: dict[str, int] = {}
    for name, node in state.nodes.items():
        ns = ["ip", "netns", "exec", node.namespace, "nft"]
        if action == "install":
            subprocess.run([*ns, "-f", "-"], check=True, text=True, input=(
                "table inet nabench { chain input { type filter hook input priority 0; "
                "tcp dport 22 tcp flags & (syn | ack) == syn counter; }; }\n"))
        else:
            text = subprocess.run([*ns, "list", "table", "inet", "nabench"], check=True, capture_output=True, text=True).stdout
            out[name] = int(text.split("packets ")[1].split()[0])
    return out


def baseline(state: LabState, password: str, sample: int) -> tuple[float, bool]:
    """Sequential netmiko: for every check on every router, connect, send its command, disconnect.

    Timed on the first ``sample`` routers and scaled to all (each router costs the same here), so
    128 routers do not take ten minutes; returns (seconds, estimated). The ping goes to the
    automation account's Linux shell (vtysh's ``ping`` runs until Ctrl-C)."""
    from netmiko import ConnectHandler

    nodes = list(state.nodes.values())[:sample]
    cred = state.credentials
    start = time.perf_counter()
    for node in nodes:
        for _, command in CHECKS:
            if command.startswith("ping"):
                login = {"device_type": "linux", "username": cred.automation_user, "key_file": cred.key_file,
                         "use_keys": True}
                command = shlex.join(ping_argv("10.255.0.1", count=3, timeout=1))
            else:
                login = {"device_type": "cisco_ios", "username": cred.login_user, "password": password,
                         "use_keys": False}
            conn = ConnectHandler(host=node.mgmt_ipv4, fast_cli=True, ssh_config_file=None, allow_agent=False, **login)
            conn.send_command(command)
            conn.disconnect()
    took = time.perf_counter() - start
    return took * len(state.nodes) / len(nodes), len(nodes) < len(state.nodes)


def timed_command(argv: list[str], log: Path) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one command, as a user runs it (interpreter, imports, files)."""
    start = time.perf_counter()
    with log.open("wb") as out:
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{shlex.join(argv)} exited {proc.returncode}: {log.read_text()[-500:]}")
    return took, usage.ru_maxrss / 1024


def wait_converged(loaded, lab: str, workers: int, timeout: float = 90) -> None:
    """Untimed warm-up: wait until OSPF is Full everywhere, so the timed runs judge a steady network."""
    deadline = time.monotonic() + timeout
    while True:
        nr = build_nornir(lab=lab, workers=workers, interactive=False, timeout=DEFAULT_TIMEOUT)
        res = run_assessment(loaded, nr).result
        bad = [r for r in res.results if r.status is not Status.PASS]
        if not bad or time.monotonic() > deadline:
            if bad:
                print(f"  warning: {len(bad)} results still not pass after warm-up, e.g. {bad[0].check_id}@{bad[0].target}: "
                    f"{bad[0].message}")
            return
        time.sleep(1)


def median(values: list[float]) -> float:
    return statistics.median(values)


def bench(n: int, workers: int, baseline_sample: int, repeats: int) -> dict[str, float | str | bool]:
    runtime = get_runtime("netns")
    root = Path(tempfile.mkdtemp(prefix=f"na-bench{n}-"))
    name = f"bench{n}{secrets.token_hex(2)}"
    row: dict[str, float | str | bool] = {"routers": n, "load_before": os.getloadavg()[0]}
    try:
        subnet = free_subnet(n)  # the file names it too: a /24 holds 253 nodes, the task loads the file
        task = write_project(root, n, subnet)
        t0 = time.perf_counter()
        state = runtime.up(root / "containerlab" / "ring.clab.yml", name=name, mgmt_subnet=subnet, wait=600)
        row["lab_up_s"] = time.perf_counter() - t0
        loaded = load_task(task)
        wait_converged(loaded, name, workers)
        ssh_counter(state, "install")
        times, sessions, checks = [], [], 0
        for _ in range(repeats):
            before = ssh_counter(state, "read")  # rule counters are cumulative: take the difference
            t0 = time.perf_counter()
            nr = build_nornir(lab=name, workers=workers, interactive=False, timeout=DEFAULT_TIMEOUT)
            assessment = run_assessment(loaded, nr)
            times.append(time.perf_counter() - t0)
            after = ssh_counter(state, "read")
            sessions.append(max(after[n] - before[n] for n in after))
            snap_sessions = set(assessment.snapshot.sessions.values())
            checks = len(assessment.result.results)
            row["snapshot_sessions_per_device"] = ",".join(str(s) for s in sorted(snap_sessions))
            row["passed"] = f"{sum(r.status is Status.PASS for r in assessment.result.results)}/{checks}"
        row["check_results"] = checks
        cli_times, rss, floors = [], [], []
        for i in range(repeats):  # alternate the command and the floor, so both see the same load
            took, peak = timed_command([sys.executable, "-m", "netassess", "run", str(task), "--lab", name,
                                        "-o", str(root / f"out{i}"), "--format", "json"], root / f"run{i}.log")
            cli_times.append(took)
            rss.append(peak)
            floors.append(ssh_floor(state))
        row["cli_s"], row["cli_median_s"] = min(cli_times), median(cli_times)
        row["engine_s"], row["engine_median_s"] = min(times), median(times)
        row["floor_s"] = median(floors)
        row["probe_s"] = probe_seconds(state, "r1", shlex.join(ping_argv("10.255.0.1", count=3, timeout=1)))
        row["floor_plus_probe_s"] = row["floor_s"] + row["probe_s"]
        row["ratio"] = row["cli_median_s"] / row["floor_plus_probe_s"]
        row["rss_mb"] = max(rss)
        row["ssh_syns_per_device_max"] = max(sessions)
        if baseline_sample:
            row["baseline_s"], row["baseline_estimated"] = baseline(state, "admin", baseline_sample)
            row["speedup"] = row["baseline_s"] / row["cli_median_s"]
        row["load_after"] = os.getloadavg()[0]
    finally:
        try:
            runtime.down(name)
        finally:
            shutil.rmtree(root, ignore_errors=True)
    return row


def machine() -> dict[str, str]:
    """What the figures were measured on, for docs/performance.md."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "unknown")
    mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    return {"cpus": str(os.cpu_count()), "cpu": cpu, "ram_gb": f"{mem_kb / 1024 / 1024:.1f}",
            "kernel": platform.release(), "python": platform.python_version()}


def mem_available_gb() -> float:
    line = next(x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemAvailable:"))
    return int(line.split()[1]) / 1024 / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="32,128", help=f"ring sizes; NETASSESS_BENCH_LARGE=1 adds {LARGE}")
    ap.add_argument("--baseline-sample", type=int, default=4,
                    help="routers the naive baseline is timed on (scaled to the ring; 0: skip it)")
    ap.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--json", type=Path, default=Path("out/bench/run_scale.json"))
    ap.add_argument("--svg", type=Path, default=Path("out/bench/cost_curve.svg"))
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if os.environ.get("NETASSESS_BENCH_LARGE") == "1" and LARGE not in sizes:
        if mem_available_gb() >= LARGE * LARGE_MB_PER_ROUTER / 1024 + 2:
            sizes.append(LARGE)
        else:
            print(f"{LARGE} routers skipped: {mem_available_gb():.1f} GB available, "
                  f"~{LARGE * LARGE_MB_PER_ROUTER / 1024:.0f} GB needed")
    rows = []
    for n in sizes:
        print(f"== {n} routers …", flush=True)
        row = bench(n, args.workers, args.baseline_sample, args.repeats)
        print("   " + ", ".join(f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}" for k, v in row.items()), flush=True)
        rows.append(row)
    about = machine()
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"machine": about, "rows": rows}, indent=1) + "\n")
    args.svg.parent.mkdir(parents=True, exist_ok=True)
    args.svg.write_text(render(rows, TITLE, subtitle(about, rows)))
    print(f"\nfigures: {args.json}; cost curve: {args.svg}")
    print("routers  checks  `netassess run` best/median  engine median  SSH floor + probe  ratio  RSS MB/router  "
          "SYNs/device  sessions/device  naive  speedup  lab up  load")
    for r in rows:
        naive = f"{r['baseline_s']:.0f} s{'*' if r.get('baseline_estimated') else ''}" if "baseline_s" in r else "-"
        speed = f"{r['speedup']:.0f}x" if "speedup" in r else "-"
        print(f"{r['routers']:>7}  {r['check_results']:>6}  {r['cli_s']:>15.2f} / {r['cli_median_s']:.2f} s  "
              f"{r['engine_median_s']:>11.2f} s  {r['floor_s']:>6.2f} + {r['probe_s']:.2f} s  {r['ratio']:>5.2f}  "
              f"{r['rss_mb']:>4.0f} / {r['rss_mb'] / r['routers']:.2f}  {r['ssh_syns_per_device_max']:>11}  "
              f"{r['snapshot_sessions_per_device']:>15}  {naive:>6}  {speed:>7}  {r['lab_up_s']:>5.1f} s  "
              f"{r['load_before']:.0f}-{r['load_after']:.0f}")
    print("ratio: `netassess run` median / (SSH floor + probe), goal <= 1.3; * naive timed on "
          f"{args.baseline_sample} routers and scaled")
    return 0


if __name__ == "__main__":
    sys.exit(main())
